import { existsSync } from 'node:fs';
import type { ProjectDoc, Track } from '../../contract/domains/project-doc';
import { EngineError } from '../core/errors';
import { decodeAudio, type BextInfo } from '../media';
import { resolveMedia } from '../project';
import { mixItemInto, prepareItem, type PreparedItem } from './mix';
import { audibleTracks, type TimelineItem } from './timeline';
import { readWavRange } from './wav-read';
import { StreamingWav, type StemFormat } from './wav-stream';

/**
 * Frames per render block (~85 ms of audio at 48 kHz): the loop turns between blocks, so a request waits for at most
 * one block of every stem + the mix. 16384 frames held it ~50 ms on a loaded 2-core machine (issue 20: export p99
 * lag 53 ms); 4096 also renders faster there (the block's arrays stay in cache).
 */
export const BLOCK = 1 << 12;

export interface RenderPlan {
  rate: number;
  /** Timeline sample of the first exported sample. */
  startSample: number;
  frames: number;
  tracks: { track: Track; items: PreparedItem[]; audible: boolean }[];
}

/**
 * Decode every item's source once, at the export rate, as stereo. A non-looping item needs exactly its span of
 * the source (decodeAudio zero-pads past the end); a looping one needs the source from its offset to the end.
 */
export async function preparePlan(
  doc: ProjectDoc,
  projectDir: string,
  items: readonly TimelineItem[],
  range: { start: number; end: number },
  rate: number,
  signal: AbortSignal | undefined,
  onItem: (done: number, total: number) => void,
): Promise<RenderPlan> {
  const audible = audibleTracks(doc.tracks);
  const tracks: RenderPlan['tracks'] = doc.tracks.map((track) => ({ track, items: [], audible: audible.has(track.id) }));
  const byId = new Map(tracks.map((t) => [t.track.id, t]));
  const cache = new Map<string, [Float32Array, Float32Array]>();
  let done = 0;
  for (const item of items) {
    const slot = byId.get(item.trackId);
    if (!slot) throw new EngineError('bad-input', `item "${item.id}" is on track "${item.trackId}", which the project does not have`);
    if (item.start >= range.end || item.start + item.duration <= range.start) {
      onItem(++done, items.length);
      continue; // outside the exported range
    }
    const file = resolveMedia(projectDir, item.path);
    if (!existsSync(file)) throw new EngineError('not-found', `media of "${item.name}" is missing: ${file} — open the project and relink it`, { file });
    const key = `${file}|${item.offset}|${item.loop ? 'loop' : item.duration}`;
    let source = cache.get(key);
    if (!source) {
      source = await loadSource(file, item.offset, item.loop ? undefined : item.duration, rate, signal);
      cache.set(key, source);
    }
    slot.items.push(prepareItem(item, rate, slot.track.gainDb, source));
    onItem(++done, items.length);
  }
  const startSample = Math.round(range.start * rate);
  return { rate, startSample, frames: Math.round(range.end * rate) - startSample, tracks };
}

/**
 * Stereo samples of `file` from `offset` for `duration` seconds (zero-padded), or to its end. WAVs already at the
 * export rate (generated takes, most library clips) are read directly: the same numbers ffmpeg would give
 * (PCM n-bit / 2^(n−1), float as is) without a process per file. Anything else goes through ffmpeg (decodeAudio).
 */
export async function loadSource(file: string, offset: number, duration: number | undefined, rate: number, signal?: AbortSignal): Promise<[Float32Array, Float32Array]> {
  if (/\.wav$/i.test(file)) {
    const from = Math.round(offset * rate);
    const wav = await readWavRange(file, from, duration === undefined ? undefined : Math.round(duration * rate)).catch(() => null);
    if (wav && wav.rate === rate) {
      if (wav.available === 0) throw new EngineError('bad-input', `${file}: offset ${offset} s is past the end of the file`, { file });
      const [l, r = l] = wav.channels as [Float32Array, Float32Array?];
      return [l, r === l ? l.slice() : r];
    }
  }
  const audio = await decodeAudio(file, { start: offset, end: duration === undefined ? undefined : offset + duration, rate, channels: 2, signal });
  return [audio.channels[0]!, audio.channels[1]!];
}

/** One block of every stem (post-fader, mute/solo ignored) and of the mix (audible tracks only). */
export function renderBlock(plan: RenderPlan, offset: number, n: number): { stems: [Float32Array, Float32Array][]; mix: [Float32Array, Float32Array] } {
  const mix: [Float32Array, Float32Array] = [new Float32Array(n), new Float32Array(n)];
  const stems = plan.tracks.map(({ items, audible }) => {
    const out: [Float32Array, Float32Array] = [new Float32Array(n), new Float32Array(n)];
    for (const item of items) mixItemInto(out, plan.startSample + offset, item, plan.rate);
    if (audible) for (let c = 0; c < 2; c++) for (let i = 0; i < n; i++) mix[c]![i]! += out[c]![i]!;
    return out;
  });
  return { stems, mix };
}

export interface RenderTarget {
  /** Index into plan.tracks, or 'mix'. */
  which: number | 'mix';
  /** Where the bytes go (a temp name), and the final name errors speak of. */
  tmp: string;
  file: string;
  bext: BextInfo;
}

/**
 * Render the plan block by block into the targets' temp files, with one gain applied to all (loudness
 * normalisation). Yields to the event loop between blocks. On failure the temp files are removed.
 */
export async function renderToFiles(
  plan: RenderPlan,
  targets: readonly RenderTarget[],
  o: { format: StemFormat; gain: number; throwIfCancelled: () => void; onBlock: (fraction: number) => void },
): Promise<void> {
  const writers: StreamingWav[] = [];
  try {
    for (const t of targets) writers.push(await StreamingWav.create(t.tmp, t.file, { rate: plan.rate, frames: plan.frames, format: o.format, bext: t.bext }));
    for (let offset = 0; offset < plan.frames; offset += BLOCK) {
      o.throwIfCancelled();
      const n = Math.min(BLOCK, plan.frames - offset);
      const { stems, mix } = renderBlock(plan, offset, n);
      for (let k = 0; k < targets.length; k++) {
        const which = targets[k]!.which;
        await writers[k]!.write(which === 'mix' ? mix : stems[which]!, o.gain);
      }
      o.onBlock((offset + n) / plan.frames);
      await new Promise((r) => setImmediate(r));
    }
    o.throwIfCancelled();
    for (const w of writers) await w.finish();
  } catch (err) {
    await Promise.all(writers.map((w) => w.discard()));
    throw err;
  }
}
