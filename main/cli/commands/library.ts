import { EngineError } from '../../engine/core/errors';
import type { CliCommand } from '../command';

/** `a2s library` — placeholder until its domain lands; says so instead of pretending. */
export const libraryCommand: CliCommand = {
  name: 'library',
  summary: '(library: not available in this build yet)',
  usage: 'a2s library ...',
  async run() {
    throw new EngineError('unavailable', 'library is not implemented in this build yet');
  },
};
