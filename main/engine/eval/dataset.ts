/**
 * The evaluation set: a Foley World build (`models/foleyworld/README.md`): `clips/<set>.jsonl` rows index 2.048 s
 * windows of `long/<id>.mp4`, with their events relative to the window start. The same format serves real footage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../core/errors';

const EventRow = z.looseObject({ time: z.number(), cls: z.string(), class_id: z.number().int(), offscreen: z.boolean() });
const ClipRow = z.looseObject({
  id: z.string(),
  long: z.string(),
  start: z.number(),
  end: z.number(),
  ambience_id: z.number().int().optional(),
  events: z.array(EventRow),
  neighbours: z.array(z.string()).default([]),
});

export interface EvalClip {
  id: string;
  video: string;
  start: number;
  /** On-screen contact times, seconds from the window start: what the picture shows. */
  onsets: number[];
  /** Dominant on-screen action class (the clip's label), or null when nothing is on screen. */
  classId: number | null;
  ambienceId: number | null;
  /** Start of another window of the same long video (the training-style condition), or null. */
  neighbourStart: number | null;
}

function dominant(ids: number[]): number | null {
  if (ids.length === 0) return null;
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

export type WindowRow = z.infer<typeof ClipRow>;

/** Every window row of `clips/<set>.jsonl`, checked, in file order. */
export function readWindowRows(dir: string, set: string): WindowRow[] {
  const file = path.join(dir, 'clips', `${set}.jsonl`);
  if (!fs.existsSync(file)) {
    throw new EngineError('not-found', `${file}: no "${set}" split in this evaluation set — build one with models/foleyworld (README) or pass --data DIR`);
  }
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l, i) => {
    const r = ClipRow.safeParse(JSON.parse(l));
    if (!r.success) throw new EngineError('bad-input', `${file}:${i + 1}: ${r.error.issues[0]?.message ?? 'bad row'}`);
    return r.data;
  });
}

export function readEvalSet(dir: string, set: string, limit: number): EvalClip[] {
  const rows = readWindowRows(dir, set);
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Spread the limited subset over all long videos (every k-th row), not the first video only.
  const stride = Math.max(1, Math.floor(rows.length / Math.max(1, limit)));
  const picked = rows.filter((_, i) => i % stride === 0).slice(0, limit);
  return picked.map((r) => {
    const on = r.events.filter((e) => !e.offscreen);
    const neighbour = r.neighbours.map((n) => byId.get(n)).find((n) => n !== undefined);
    return {
      id: r.id,
      video: path.join(dir, 'long', `${r.long}.mp4`),
      start: r.start,
      onsets: on.map((e) => e.time),
      classId: dominant(on.map((e) => e.class_id)),
      ambienceId: r.ambience_id ?? null,
      neighbourStart: neighbour ? neighbour.start : null,
    };
  });
}
