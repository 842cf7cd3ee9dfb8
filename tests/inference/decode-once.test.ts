import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GenerateRequest, GenerateResult } from '../../main/contract/domains/inference';
import { inferenceRunner } from '../../main/engine/handlers/inference';
import { Engine } from '../../main/engine/host';
import { createRunner } from '../../main/engine/inference';
import { waitingStages } from '../../main/engine/inference/video-stage';
import { getLibrary } from '../../main/engine/library';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, makeWav, tempDir } from './media';

// Issue 19 item 2: an `auto` generation decodes its span's frames once. The engine asks the worker for the span's
// AV-Sim vector (embedSpan: stage 1 on the span's frames), ranks the library by it, and the generation reuses that
// stage. Frame decodes are counted by a wrapper around the real ffmpeg (a frame decode is the run with `showinfo`).
const dir = tempDir('a2s-decode-once-');
const log = path.join(dir, 'frame-decodes.log');
const wrapper = path.join(dir, 'ffmpeg-counting');
const ffmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
writeFileSync(wrapper, ['#!/bin/sh', `case "$*" in *showinfo*) echo x >> '${log}' ;; esac`, `exec '${ffmpeg}' "$@"`, ''].join('\n'));
chmodSync(wrapper, 0o755);
const frameDecodes = (): number => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);

describe('an auto generation decodes its frames once', () => {
  const saved = { ...process.env };
  Object.assign(process.env, { A2S_BUNDLE: path.resolve(TINY_BUNDLE), A2S_LIBRARY_STARTER: '0', A2S_FFMPEG: wrapper });
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  const video = makeVideo(dir, 3);
  const runner = createRunner();
  afterAll(async () => {
    process.env = saved;
    await inferenceRunner(engine.services).close();
    await runner.close();
  });

  async function generate(): Promise<GenerateResult> {
    const { jobId } = await engine.call('generate:start', { video, start: 0.5, end: 2, steps: 2, threads: 1, ambient: { mode: 'auto' }, bundle: TINY_BUNDLE, outDir: path.join(dir, 'out') });
    return new Promise((resolve, reject) => {
      engine.events.subscribe((event, payload) => {
        const p = payload as { jobId: string; result?: unknown; error?: { message: string } };
        if (p.jobId !== jobId) return;
        if (event === 'job:done') resolve(GenerateResult.parse(p.result));
        if (event === 'job:failed') reject(new Error(p.error?.message));
      });
    });
  }

  it('through the engine: one frame decode, the library clip chosen by the span\'s vector', async () => {
    const lib = await getLibrary(engine.services, { starter: false });
    expect((await lib.import([makeWav(dir, 2, 'bed.wav')])).added).toBe(1);
    const before = frameDecodes();
    const r = await generate();
    expect(frameDecodes() - before).toBe(1); // one window (1.5 s span), one decode: retrieval and generation share it
    expect(r.condition).toMatchObject({ mode: 'auto', path: path.join(dir, 'bed.wav') });
    expect(typeof r.condition.score).toBe('number');
    expect(r.timings.retrievalSec).toBeGreaterThan(0);
    expect(waitingStages()).toBe(0); // the generation took what embedSpan left
  });

  it('the editor\'s suggestions for a span, then Generate: still one frame decode (one warm bundle in the worker)', async () => {
    const before = frameDecodes();
    const sugg = await engine.call('library:retrieve', { video, start: 1, end: 2.5, k: 3 });
    expect(sugg.results.map((h) => h.path)).toEqual([path.join(dir, 'bed.wav')]);
    const { jobId } = await engine.call('generate:start', { video, start: 1, end: 2.5, steps: 2, ambient: { mode: 'low' }, bundle: TINY_BUNDLE, outDir: path.join(dir, 'out-low') });
    const r = await new Promise<GenerateResult>((resolve, reject) => {
      engine.events.subscribe((event, payload) => {
        const p = payload as { jobId: string; result?: unknown; error?: { message: string } };
        if (p.jobId !== jobId) return;
        if (event === 'job:done') resolve(GenerateResult.parse(p.result));
        if (event === 'job:failed') reject(new Error(p.error?.message));
      });
    });
    expect(r.condition).toMatchObject({ mode: 'low', path: path.join(dir, 'bed.wav') });
    expect(frameDecodes() - before).toBe(1);
    expect(waitingStages()).toBe(0);
  });

  it('a generation that reuses embedSpan\'s stage writes the same takes as one that decodes its own frames', async () => {
    const target = { bundleDir: path.resolve(TINY_BUNDLE), threads: 1 };
    const request = (out: string): GenerateRequest => GenerateRequest.parse({ video, start: 0.2, end: 2.9, ambient: { mode: 'none' }, steps: 2, seed: 7, outDir: path.join(dir, out) });
    const before = frameDecodes();
    const own = await runner.run(target, { kind: 'generate', request: request('own') });
    const span = await runner.run(target, { kind: 'embedSpan', video, start: 0.2, end: 2.9 });
    expect(span.vector).not.toBeNull();
    expect(Math.hypot(...span.vector!)).toBeCloseTo(1, 4);
    expect(waitingStages()).toBe(1);
    const reused = await runner.run(target, { kind: 'generate', request: request('reused') });
    expect(waitingStages()).toBe(0);
    expect(frameDecodes() - before).toBe(2); // the first generation's and embedSpan's: none for the second
    expect(reused.onsets).toEqual(own.onsets);
    reused.takes.forEach((t, i) => expect(readFileSync(t.path).equals(readFileSync(own.takes[i]!.path))).toBe(true));
  });
});
