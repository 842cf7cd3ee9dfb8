import path from 'node:path';
import type { ProjectDoc } from '../../main/contract/domains/project-doc';
import type { ExportResult, ExportRequest } from '../../main/contract/domains/export';
import type { WireError } from '../../main/contract/errors';
import type { Engine } from '../../main/engine/host';
import { writeWav } from '../../main/engine/media';
import { createProject, saveProject, sha256File } from '../../main/engine/project';
import { makeVideo } from '../project/helpers';

export const RATE = 48000;

/** Deterministic test signals (float32 WAVs at 48 kHz, so decoding is exact). */
export function sine(seconds: number, freq: number, amp: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / RATE));
}

export function clicks(seconds: number, every: number, amp: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => (i % Math.round(every * RATE) < 48 ? amp : 0));
}

export function noise(seconds: number, amp: number, seed = 1): Float32Array {
  let s = seed;
  return Float32Array.from({ length: Math.round(seconds * RATE) }, () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return amp * (s / 2 ** 32 - 0.5) * 2;
  });
}

export interface Fixture {
  projectDir: string;
  video: string;
  doc: ProjectDoc;
  sources: { take: Float32Array[]; click: Float32Array[]; bed: Float32Array[] };
}

/**
 * A 2 s video (01:00:00:00) and a project with: the original sound (muted); an action track with a generated
 * take (mono sine, span 0.5–1.0 s, −6 dB, fades) and a stereo click clip at 1.2 s; an ambient track (−2 dB) with
 * a 0.3 s noise bed looped from 0.1 s for 1.5 s with 0.05 s equal-power crossfades and linear fades; markers.
 */
export async function makeFixture(root: string, name = 'Scene'): Promise<Fixture> {
  const video = makeVideo(path.join(root, `${name}.mp4`), { seconds: 2, timecode: '01:00:00:00' });
  const { path: projectDir, doc } = await createProject(root, name, video);
  const take = [sine(0.6, 440, 0.5)];
  const click = [clicks(0.5, 0.1, 0.4), clicks(0.5, 0.1, -0.3)];
  const bed = [noise(0.3, 0.2, 7), noise(0.3, 0.2, 9)];
  const takeFile = path.join(projectDir, 'renders', 'span1-take1.wav');
  const clickFile = path.join(root, 'click.wav');
  const bedFile = path.join(root, 'bed.wav');
  await writeWav(takeFile, { rate: RATE, channels: take }, { format: 'float32' });
  await writeWav(clickFile, { rate: RATE, channels: click }, { format: 'float32' });
  await writeWav(bedFile, { rate: RATE, channels: bed }, { format: 'float32' });
  doc.tracks.find((t) => t.id === 'ambient-1')!.gainDb = -2;
  doc.clips.push(
    { id: 'click', trackId: 'action-1', source: { path: clickFile, sha256: await sha256File(clickFile) }, start: 1.2, duration: 0.5, offset: 0.1, gainDb: 0, fadeIn: 0, fadeOut: 0.1, loop: false, loopCrossfade: 0.5, label: 'click "hit"' },
    { id: 'bed', trackId: 'ambient-1', source: { path: bedFile }, start: 0.1, duration: 1.5, offset: 0, gainDb: -3, fadeIn: 0.2, fadeOut: 0.25, loop: true, loopCrossfade: 0.05, label: 'bed' },
  );
  doc.spans.push({
    id: 'span1', trackId: 'action-1', start: 0.5, end: 1.0, onsets: null, predictedOnsets: [],
    condition: { mode: 'custom', source: { kind: 'file', path: bedFile } },
    settings: { takes: 1, seed: 1234, steps: 25, guidance: 3 },
    takes: [{ id: 'take1', path: 'renders/span1-take1.wav', seed: 1234, seconds: 0.6, createdAt: new Date().toISOString(), bundleId: 'default-foleyworld-v1' }],
    activeTakeId: 'take1', gainDb: -6, fadeIn: 0.01, fadeOut: 0.02,
  });
  doc.markers.push({ id: 'm1', time: 0.5, label: 'door' }, { id: 'm2', time: 1.2, label: 'step' });
  await saveProject(projectDir, doc);
  return { projectDir, video, doc, sources: { take, click, bed } };
}

/** Start an export job and wait for its outcome through the engine's events. */
export async function exportJob(engine: Engine, req: ExportRequest, onStart?: (jobId: string) => void): Promise<ExportResult> {
  const done = new Map<string, { result?: unknown; error?: WireError }>();
  let wake: (() => void) | null = null;
  const off = engine.events.subscribe((event, payload) => {
    if (event !== 'job:done' && event !== 'job:failed') return;
    const p = payload as { jobId: string; result?: unknown; error?: WireError };
    done.set(p.jobId, p);
    wake?.();
  });
  try {
    const { jobId } = await engine.call('export:start', req);
    onStart?.(jobId);
    while (!done.has(jobId)) await new Promise<void>((r) => (wake = r));
    const out = done.get(jobId)!;
    if (out.error) throw Object.assign(new Error(out.error.message), { code: out.error.code });
    return out.result as ExportResult;
  } finally {
    off();
  }
}
