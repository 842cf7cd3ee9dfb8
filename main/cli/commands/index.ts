import type { CliCommand } from '../command';
import { serveCommand } from './serve';

/** Every `a2s` command; later domains add theirs here (generate, library, export, eval). */
export const commands: readonly CliCommand[] = [serveCommand];
