/**
 * A real-footage evaluation set: a folder of clips with their own recorded sound and a `manifest.json` listing them
 * (the format of `../shared/data/real-dev`: per clip `id`, `file`, `onsets` in seconds from the clip start, plus
 * provenance fields this reader keeps but does not need). Everything is checked before any model loads: a bad
 * manifest names the entry and the field, a clip without its file, picture or sound names the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../core/errors';
import { probe } from '../../media';

const Entry = z.looseObject({
  id: z.string().min(1),
  file: z.string().min(1),
  onsets: z.array(z.number().finite().nonnegative()),
  seconds: z.number().positive().optional(),
  description: z.string().optional(),
});

export interface RealClip {
  id: string;
  video: string;
  /** Reference contact times, seconds from the clip start (sorted). */
  onsets: number[];
  /** Evaluated span [0, seconds): the manifest's length, cut to what the file holds. */
  seconds: number;
  fps: number;
  width: number;
  height: number;
}

export const MANIFEST = 'manifest.json';

function fieldOf(entries: unknown[], issuePath: PropertyKey[]): string {
  const [index, ...rest] = issuePath;
  const entry = typeof index === 'number' ? entries[index] : undefined;
  const id = entry && typeof entry === 'object' && 'id' in entry && typeof entry.id === 'string' ? ` (${entry.id})` : '';
  return `[${String(index)}]${id}${rest.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}

function parseManifest(file: string): z.infer<typeof Entry>[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EngineError('bad-input', `${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`, { file });
  }
  if (!Array.isArray(raw)) throw new EngineError('bad-input', `${file}: must be a JSON array of clips ({id, file, onsets, …})`, { file });
  const parsed = z.array(Entry).min(1).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? fieldOf(raw, issue.path) : 'the list';
    throw new EngineError('bad-input', `${file}: clip ${field}: ${issue.message}`, { file }, field);
  }
  const seen = new Set<string>();
  for (const [i, e] of parsed.data.entries()) {
    if (seen.has(e.id)) throw new EngineError('bad-input', `${file}: clip [${i}].id "${e.id}" is listed twice`, { file }, `[${i}].id`);
    seen.add(e.id);
  }
  return parsed.data;
}

/** Reads and checks the set; `limit` keeps the first N clips (manifest order). */
export async function readRealSet(dir: string, limit?: number): Promise<RealClip[]> {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) {
    throw new EngineError('not-found', `${file}: no ${MANIFEST} — a real-footage set is a folder of clips with a manifest.json (see ../shared/data/real-dev/README.md)`, { file });
  }
  const entries = parseManifest(file).slice(0, limit);
  const clips: RealClip[] = [];
  for (const e of entries) {
    const video = path.resolve(dir, e.file);
    const where = `${file}: clip "${e.id}"`;
    if (!fs.existsSync(video)) throw new EngineError('not-found', `${where}: file ${video} does not exist — fix its "file" field or add the clip`, { file: video }, 'file');
    const info = await probe(video);
    if (!info.video) throw new EngineError('bad-input', `${where}: ${video} has no video stream — the evaluation needs the picture`, { file: video });
    if (info.audio.length === 0) {
      throw new EngineError('bad-input', `${where}: ${video} has no audio track — the reference row scores the clip's own recorded sound; add it or drop the clip`, { file: video });
    }
    const seconds = Math.min(e.seconds ?? info.duration, info.duration);
    const late = e.onsets.find((t) => t > seconds);
    if (late !== undefined) throw new EngineError('bad-input', `${where}: onset ${late} s is past the clip's end (${seconds.toFixed(3)} s)`, { file }, 'onsets');
    clips.push({ id: e.id, video, onsets: [...e.onsets].sort((a, b) => a - b), seconds, fps: info.video.avgFps, width: info.video.width, height: info.video.height });
  }
  return clips;
}

/** `../shared/data/real-dev` next to the repository (or the installed package), found by walking up. */
export function defaultRealDataDir(): string | null {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const cand = path.join(dir, 'shared', 'data', 'real-dev');
    if (fs.existsSync(path.join(cand, MANIFEST))) return cand;
    dir = path.dirname(dir);
  }
  return null;
}
