/**
 * The training data on disk for models/a2s_models/train/adapt.py: per clip its frames decoded once, the whole
 * clip at the timing head's frame rate (frames / clipSeconds per second, "left" sampling from 0), so any window
 * starting at a whole frame period is a slice of them that equals what the pipeline decodes for it; and the onset
 * envelope at the latent frame rate from time 0 (windows.ts renderEnvelope), so a window's envelope is a slice too.
 * The frames are the head's input: for the motion timing graph its luma frames (the `motion` size, uint8 gray, from
 * the media engine's one RGB+luma pass, divided by 255 in Python as inference/frames.ts lumaToFloat does), else the
 * video encoder's RGB frames (the bundle's size and normalisation, raw little-endian float32). Plus data.json (with
 * the base's merged manifest and the adapted graph's path). Foley World rehearsal clips (rehearsal.ts), when given,
 * are written the same way after the user's, marked `rehearsal: true`, all frames training and none held back; then
 * the Foley World guard clips (a later stretch of the same videos, decoded from its start), `guard: [[0, count]]`
 * and nothing to train on or hold back: the trainer only scores them (adapt_loop.py choose_alpha).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { EngineError } from '../core/errors';
import { type Bundle, normaliseFrames, renderEnvelope } from '../inference';
import { decodeFrameWindows } from '../media';
import { adaptedGraph } from './adapter';
import type { RehearsalClip } from './rehearsal';
import type { UsableClip } from './screen';
import type { Part, Split } from './split';

/** Frames per ffmpeg window (~16 s at 31.25 fps): long clips stream through in bounded memory. */
const CHUNK = 512;
const EPS = 1e-6;

export interface Geometry {
  /** Seconds between frames (clipSeconds / frames). */
  readonly period: number;
  /** Latent (envelope) frames per video frame. */
  readonly perFrame: number;
  readonly latentFrames: number;
  readonly rate: number;
  readonly hop: number;
}

export function geometryOf(b: Bundle): Geometry {
  const m = b.manifest;
  const hop = m.onsets?.hop ?? m.audio.mel?.hop;
  const latentFrames = m.onsets?.frames ?? m.audio.mel?.frames;
  if (!hop || !latentFrames) throw new EngineError('unavailable', `bundle ${b.id} declares no timing-head envelope (onsets.frames/hop): it cannot be adapted`, { bundle: b.dir });
  const frames = adaptedGraph(m) === 'motionTiming' ? m.motion!.frames : m.video.frames;
  const perFrame = latentFrames / frames;
  if (!Number.isInteger(perFrame)) {
    throw new EngineError('unavailable', `bundle ${b.id}: ${latentFrames} envelope frames over ${frames} timing-head frames is not a whole number per frame: adapt needs it to be`, { bundle: b.dir });
  }
  return { period: m.audio.clipSeconds / frames, perFrame, latentFrames, rate: m.audio.sampleRate, hop };
}

interface ClipSpec {
  id: string;
  source: string;
  /** RGB float32 frames (video encoder) or `luma`: uint8 gray frames (motion timing graph). */
  frames?: string;
  luma?: string;
  count: number;
  envelope: string;
  train: [number, number][];
  val: [number, number][];
  /** Foley World rehearsal (train only; the trainer never validates on it). */
  rehearsal?: true;
  /** Foley World guard frame ranges (scored only, before and after training; never trained or held back). */
  guard?: [number, number][];
}

function frameRange(p: Part, g: Geometry): [number, number] {
  return [Math.ceil(p.start / g.period - EPS), Math.floor(p.end / g.period + EPS)];
}

/** Clip frames as the head reads them: luma bytes for the motion graph, normalised RGB for the video encoder. */
async function writeFrames(file: string, out: string, count: number, b: Bundle, g: Geometry, signal?: AbortSignal, start = 0): Promise<void> {
  const v = b.manifest.video;
  const mo = adaptedGraph(b.manifest) === 'motionTiming' ? b.manifest.motion : undefined;
  const stream = createWriteStream(out);
  try {
    for (let first = 0; first < count; first += CHUNK) {
      const n = Math.min(CHUNK, count - first);
      const [decoded] = await decodeFrameWindows(file, [{ start: start + first * g.period, end: start + (first + n) * g.period }], {
        count: n, width: v.width, height: v.height, sampling: v.sampling, resize: v.resize, signal,
        luma: mo ? { count: n, width: mo.width, height: mo.height } : undefined,
      });
      const f = mo ? decoded!.luma!.data : normaliseFrames(decoded!.data, n, v.width, v.height, v.mean, v.std);
      if (!stream.write(Buffer.from(f.buffer, f.byteOffset, f.byteLength))) await once(stream, 'drain');
    }
  } finally {
    stream.end();
    await once(stream, 'close');
  }
}

/** Writes `work/data.json` and `work/clips/*` (the user's clips, then `rehearsal`'s, then `guard`'s); `progress(done, total)` per clip. */
export async function writeTrainingData(
  work: string, b: Bundle, clips: readonly UsableClip[], split: Split, signal: AbortSignal | undefined, progress: (done: number, total: number) => void,
  rehearsal: readonly RehearsalClip[] = [], guard: readonly RehearsalClip[] = [],
): Promise<void> {
  const g = geometryOf(b);
  const motion = adaptedGraph(b.manifest) === 'motionTiming' ? b.manifest.motion! : undefined;
  await mkdir(path.join(work, 'clips'), { recursive: true });
  const specs: ClipSpec[] = [];
  const total = clips.length + rehearsal.length + guard.length;
  /**
   * Clip `i`'s frames and envelope, decoded and rendered over `seconds` from `start` (0: the file's start; onsets
   * count from it); its spec joins data.json (`'all'`: every frame, for `train` or `guard`).
   */
  const write = async (
    i: number, c: { file: string; start?: number; seconds: number; onsets: readonly number[] },
    part: Pick<ClipSpec, 'id' | 'val' | 'rehearsal'> & { train: ClipSpec['train'] | 'all'; guard?: 'all' },
  ): Promise<void> => {
    const count = Math.floor(c.seconds / g.period + EPS);
    const frames = motion ? { luma: `clips/${i}.luma.u8` } : { frames: `clips/${i}.frames.f32` };
    const spec: ClipSpec = {
      ...part, source: c.file, ...frames, count, envelope: `clips/${i}.env.f32`, train: part.train === 'all' ? [[0, count]] : part.train,
      guard: part.guard ? [[0, count]] : undefined,
    };
    await writeFrames(c.file, path.join(work, (spec.luma ?? spec.frames)!), count, b, g, signal, c.start ?? 0);
    const env = renderEnvelope(c.onsets, 0, count * g.perFrame, g.rate, g.hop);
    await writeFile(path.join(work, spec.envelope), Buffer.from(env.buffer, env.byteOffset, env.byteLength));
    specs.push(spec);
    progress(i + 1, total);
  };
  for (const [i, c] of clips.entries()) {
    const train = split.train.filter((p) => p.file === c.file).map((p) => frameRange(p, g));
    // a held-back tail rounded to whole frames may fall a frame short of a window: it starts where the training part ends
    const window = motion?.frames ?? b.manifest.video.frames;
    const val = split.heldBack.filter((p) => p.file === c.file).map((p) => frameRange(p, g)).map(([a, z]): [number, number] => [Math.max(0, Math.min(a, z - window)), z]);
    if (!train.length && !val.length) continue;
    await write(i, c, { id: path.basename(c.file), train, val });
  }
  // rehearsal: every frame trains, none is held back
  for (const [j, r] of rehearsal.entries()) await write(clips.length + j, r, { id: `rehearsal:${path.basename(r.file)}`, train: 'all', val: [], rehearsal: true });
  // guard: scored only, before and after training (never trained on, never held back)
  for (const [j, r] of guard.entries()) {
    await write(clips.length + rehearsal.length + j, r, { id: `guard:${path.basename(r.file)}@${r.start.toFixed(2)}`, train: [], val: [], guard: 'all' });
  }
  const v = b.manifest.video;
  const head = motion
    ? { head: 'motion', motion: { frames: motion.frames, height: motion.height, width: motion.width } }
    : { head: 'videoEncoder', video: { frames: v.frames, height: v.height, width: v.width } };
  // the base as the engine reads it (an overlay merged with the bundle under it) and where the adapted graph's file is:
  // the trainer needs both and cannot merge an overlay itself
  const data = { version: 1, ...head, envelopePerFrame: g.perFrame, manifest: b.manifest, graph: b.graphPath(adaptedGraph(b.manifest)), clips: specs };
  await writeFile(path.join(work, 'data.json'), JSON.stringify(data, null, 1));
}
