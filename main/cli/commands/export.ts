import { EngineError } from '../../engine/core/errors';
import type { CliCommand } from '../command';

/** `a2s export` — placeholder until its domain lands; says so instead of pretending. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: '(export: not available in this build yet)',
  usage: 'a2s export ...',
  async run() {
    throw new EngineError('unavailable', 'export is not implemented in this build yet');
  },
};
