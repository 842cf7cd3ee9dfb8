import { EngineError } from '../../engine/core/errors';
import type { CliCommand } from '../command';

/** `a2s eval` — placeholder until its domain lands; says so instead of pretending. */
export const evalCommand: CliCommand = {
  name: 'eval',
  summary: '(eval: not available in this build yet)',
  usage: 'a2s eval ...',
  async run() {
    throw new EngineError('unavailable', 'eval is not implemented in this build yet');
  },
};
