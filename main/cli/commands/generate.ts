import { EngineError } from '../../engine/core/errors';
import type { CliCommand } from '../command';

/** `a2s generate` — placeholder until its domain lands; says so instead of pretending. */
export const generateCommand: CliCommand = {
  name: 'generate',
  summary: '(generate: not available in this build yet)',
  usage: 'a2s generate ...',
  async run() {
    throw new EngineError('unavailable', 'generate is not implemented in this build yet');
  },
};
