/**
 * Which footage trains and which is held back for early stopping and the before/after score. Held back by clip
 * where there are two or more (about one in five, spread over the sorted list), so the score is on shots the
 * adapter never saw; a single clip is split in time (its last part held back), with no window crossing the cut.
 */
import path from 'node:path';
import { EngineError } from '../core/errors';

export interface Part {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface Split {
  readonly train: Part[];
  readonly heldBack: Part[];
}

/** Share of a single clip held back (at least one window). */
const HELD_SHARE = 0.3;

export function splitClips(clips: readonly { file: string; seconds: number }[], windowSeconds: number): Split {
  if (clips.length === 0) throw new EngineError('bad-input', 'no usable clips to adapt on', {}, 'inputs');
  if (clips.length === 1) {
    const c = clips[0]!;
    if (c.seconds < 2 * windowSeconds) {
      throw new EngineError(
        'bad-input',
        `${path.basename(c.file)} is the only usable clip and is ${c.seconds.toFixed(2)} s long: one clip must be at least ${(2 * windowSeconds).toFixed(2)} s (a window to learn from and one held back to check on) — add more shots of this shoot`,
        { file: c.file, seconds: c.seconds },
        'inputs',
      );
    }
    const cut = c.seconds - Math.max(windowSeconds, HELD_SHARE * c.seconds);
    return { train: [{ file: c.file, start: 0, end: cut }], heldBack: [{ file: c.file, start: cut, end: c.seconds }] };
  }
  const held = Math.max(1, Math.round(clips.length / 5));
  const heldIdx = new Set(Array.from({ length: held }, (_, j) => Math.floor(((j + 0.5) * clips.length) / held)));
  const part = (c: { file: string; seconds: number }): Part => ({ file: c.file, start: 0, end: c.seconds });
  return { train: clips.filter((_, i) => !heldIdx.has(i)).map(part), heldBack: clips.filter((_, i) => heldIdx.has(i)).map(part) };
}
