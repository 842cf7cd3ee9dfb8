import { promises as fs } from 'node:fs';
import { EngineError } from '../core/errors';
import { frameRmsDb, peakLevelDb } from './analyse';
import type { LibraryDb } from './db';
import { decodeWavBuffer, decodeWithFfmpeg } from './decode';

/**
 * Peak levels for clips imported before schema 2 recorded them: each present clip without one is decoded once (as
 * import does) and measured. A file that cannot be read keeps NULL (its events stay "not measured"). Returns how many
 * were measured.
 */
export async function measurePeaks(db: LibraryDb, signal?: AbortSignal): Promise<number> {
  const rows = db.prepare<[], { id: number; path: string }>('SELECT id, path FROM clips WHERE peak_db IS NULL AND missing = 0').all();
  const put = db.prepare('UPDATE clips SET peak_db = ? WHERE id = ?');
  let measured = 0;
  for (const r of rows) {
    if (signal?.aborted) throw new EngineError('cancelled', 'peak measurement cancelled');
    try {
      // Like import: a plain WAV of sane size in-process, anything else (or a huge file) through ffmpeg.
      const buf = (await fs.stat(r.path)).size <= 256 * 1024 * 1024 ? await fs.readFile(r.path) : null;
      const audio = (buf && decodeWavBuffer(buf)) || (await decodeWithFfmpeg(r.path, signal));
      put.run(peakLevelDb(frameRmsDb(audio.wave)), r.id);
      measured++;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'cancelled') throw err;
    }
  }
  return measured;
}
