import type { CliCommand } from '../command';
import { adaptCommand } from './adapt';
import { evalCommand } from './eval';
import { exportCommand } from './export';
import { generateCommand } from './generate';
import { libraryCommand } from './library';
import { proxyCommand } from './proxy';
import { serveCommand } from './serve';

/** Every `a2s` command; each domain owns its file. */
export const commands: readonly CliCommand[] = [serveCommand, generateCommand, libraryCommand, exportCommand, evalCommand, adaptCommand, proxyCommand];
