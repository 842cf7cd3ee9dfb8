/** Stage 7: a take as a 48 kHz float WAV (atomic, by the media engine) plus a sidecar JSON of how it was made. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { writeWav } from '../media';

/** The timeline's rate (docs/DESIGN.md §4.6): takes are resampled from the model rate to this. */
export const TIMELINE_RATE = 48_000;

export async function writeTake(file: string, wave: Float32Array, metadata: Record<string, unknown>): Promise<void> {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (err) {
    throw new EngineError('bad-input', `${path.dirname(file)}: cannot create the output folder (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  await writeWav(file, { rate: TIMELINE_RATE, channels: [wave] }, { format: 'float32' });
  const side = `${file}.json`;
  const tmp = `${side}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ file: path.basename(file), createdAt: new Date().toISOString(), ...metadata }, null, 2));
  renameSync(tmp, side);
}
