/**
 * "Clean" (the clean-action condition, docs/DESIGN.md §5): a clip with a low bed AND no strong events. Relevant clips are
 * ordered: first those measured clean, quietest bed first; then clips whose events are not measured yet (imported
 * before peaks were recorded), by bed; last those with strong events, by how loud their loudest moment is. A file of
 * loud chops in silence is never "the quietest clip", however low its bed.
 */
import { hasStrongEvents } from './analyse';

export interface Levels {
  ambientDb: number;
  peakDb: number | null;
}

function group(c: Levels): number {
  if (c.peakDb === null) return 1;
  return hasStrongEvents(c.ambientDb, c.peakDb) ? 2 : 0;
}

/** Sort comparator: cleanest first. */
export function cleanOrder(a: Levels, b: Levels): number {
  const ga = group(a);
  const gb = group(b);
  if (ga !== gb) return ga - gb;
  return ga === 2 ? a.peakDb! - b.peakDb! : a.ambientDb - b.ambientDb;
}

/** "bed −62 dBFS, loudest −55 dBFS: no strong events" (the why of a clean suggestion). */
export function cleanWords(c: Levels): string {
  const bed = `bed ${c.ambientDb.toFixed(1)} dBFS`;
  if (c.peakDb === null) return `${bed}, events not measured yet`;
  const loud = `loudest ${c.peakDb.toFixed(1)} dBFS`;
  return `${bed}, ${loud}: ${hasStrongEvents(c.ambientDb, c.peakDb) ? 'strong events' : 'no strong events'}`;
}
