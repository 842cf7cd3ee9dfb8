import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Engine } from '../../main/engine/host';
import { makeBundle, readManifest, renderEnvelope } from '../../main/engine/inference';
import { writeTrainingData } from '../../main/engine/adapt/prepare';
import { defaultRehearsalDir, GUARD_SECONDS, readRehearsal, REHEARSAL_SECONDS } from '../../main/engine/adapt/rehearsal';
import { tempDir } from '../helpers/media-fixtures';
import { makeBounceVideo, runAdaptJob, touchTimes } from './fixtures';

// Foley World rehearsal (issue 22, "on Foley World the adapter is not worse than its base"): windows of a non-test
// Foley World build join the user's clips in the work folder, marked train-only, and the job says whether they were
// used. A small stand-in set (bounce videos described as Foley World long videos) keeps this fast; the shipped set is
// assets/adapt/foleyworld. Python + torch are required for the job runs. The same videos' later stretches are the
// guard: written as scored-only clips, measured before and after training, and the job reports the α it kept.

/** A Foley World-shaped folder: long/<id>.mp4 + <id>.json (split, duration, events with on/off-screen contacts). */
function makeSet(dir: string, split: string, videos: { id: string; seconds: number; period: number; first: number }[]): string {
  mkdirSync(path.join(dir, 'long'), { recursive: true });
  for (const v of videos) {
    // no sound: the set's contacts come from its description, and the fixture's bursts overflow past ~14 s
    const o = { seconds: v.seconds, period: v.period, first: v.first, silent: true };
    makeBounceVideo(path.join(dir, 'long', `${v.id}.mp4`), o);
    // every touch on screen, plus one off-screen contact the picture cannot show (must not become a target)
    const events = [...touchTimes(o).map((time) => ({ time, offscreen: false, cls: 'impact' })), { time: v.first + v.period / 2, offscreen: true, cls: 'impact' }];
    writeFileSync(path.join(dir, 'long', `${v.id}.json`), JSON.stringify({ id: v.id, split, duration: v.seconds, fps: 25, events }));
  }
  return dir;
}

const Range = z.array(z.tuple([z.number(), z.number()]));
const Spec = z.object({ id: z.string(), source: z.string(), count: z.number(), envelope: z.string(), train: Range, val: Range, rehearsal: z.literal(true).optional(), guard: Range.optional() });
const Data = z.object({ envelopePerFrame: z.number(), clips: z.array(Spec) });

describe('adapt: Foley World rehearsal', { timeout: 900_000 }, () => {
  const { dir, cleanup } = tempDir('a2s-adapt-rehearsal-');
  afterAll(cleanup);
  const saved = process.env.A2S_ADAPT_REHEARSAL;
  afterEach(() => {
    if (saved === undefined) delete process.env.A2S_ADAPT_REHEARSAL;
    else process.env.A2S_ADAPT_REHEARSAL = saved;
  });
  const set = makeSet(path.join(dir, 'set'), 'val', [
    { id: 'val-1-0000', seconds: 34, period: 0.5, first: 0.3 },
    { id: 'val-1-0001', seconds: 3, period: 0.4, first: 0.2 },
  ]);

  it('reads the set: each video cut to its share, on-screen contacts only; a test split is refused; none → null', () => {
    const r = readRehearsal(set, 8, 2.048)!;
    expect(r.clips.map((c) => [path.basename(c.file), c.start, c.seconds])).toEqual([['val-1-0000.mp4', 0, 4], ['val-1-0001.mp4', 0, 3]]);
    expect(r.clips[0]!.onsets).toEqual(touchTimes({ seconds: 4, period: 0.5, first: 0.3 }).filter((t) => t < 4));
    expect(r.clips[1]!.onsets).toEqual(touchTimes({ seconds: 3, period: 0.4, first: 0.2 }));
    // the guard: each video's last stretch (0.25 s short of its end) clear of its rehearsal part, onsets from its start;
    // the 3 s video has no room left for a window after its rehearsal part
    expect(r.guard.map((c) => [path.basename(c.file), c.start, c.seconds])).toEqual([['val-1-0000.mp4', 4, 29.75]]);
    const touches = touchTimes({ seconds: 34, period: 0.5, first: 0.3 });
    expect(r.guard[0]!.onsets).toEqual(touches.filter((t) => t >= 4 && t < 33.75).map((t) => t - 4));
    expect(r.guard[0]!.onsets.length).toBeGreaterThan(0);
    // a smaller guard share: one window, at the end
    expect(readRehearsal(set, 8, 2.048, 2)!.guard.map((c) => [c.start, c.seconds])).toEqual([[33.75 - 2.048, 2.048]]);
    expect(readRehearsal(set, 8, 2.048, 0)!.guard).toEqual([]);
    // a video shorter than one window is left out; each share is at least one window
    expect(readRehearsal(set, 1, 4)!.clips.map((c) => [path.basename(c.file), c.seconds])).toEqual([['val-1-0000.mp4', 4]]);
    const test = makeSet(path.join(dir, 'test-set'), 'test', [{ id: 'test-1-0000', seconds: 3, period: 0.5, first: 0.3 }]);
    expect(() => readRehearsal(test, 8, 2.048)).toThrow(/test-split video cannot be rehearsed on/);
    expect(readRehearsal(null, 8, 2.048)).toBeNull();
    expect(() => readRehearsal(path.join(dir, 'nowhere'), 8, 2.048)).toThrow(/no long\/ folder/);
    process.env.A2S_ADAPT_REHEARSAL = 'off';
    expect(defaultRehearsalDir()).toBeNull();
    process.env.A2S_ADAPT_REHEARSAL = set;
    expect(defaultRehearsalDir()).toBe(set);
    delete process.env.A2S_ADAPT_REHEARSAL;
    // the shipped set is found from the source tree, and it is not the test split
    const shipped = defaultRehearsalDir();
    expect(shipped).toMatch(/assets[/\\]adapt[/\\]foleyworld$/);
    const ship = readRehearsal(shipped, REHEARSAL_SECONDS, 2.048)!;
    expect(ship.clips.length).toBeGreaterThan(0);
    // its guard: every video, the shares add up to GUARD_SECONDS, none overlapping its video's rehearsal part
    expect(ship.guard.length).toBe(ship.clips.length);
    expect(ship.guard.reduce((t, c) => t + c.seconds, 0)).toBeCloseTo(GUARD_SECONDS, 6);
    for (const g of ship.guard) expect(g.start).toBeGreaterThanOrEqual(ship.clips.find((c) => c.file === g.file)!.seconds);
  });

  it('writes rehearsal clips after the user\'s, as the user\'s are written, marked train-only', async () => {
    const base = 'models/bundles/default';
    const b = makeBundle(base, readManifest(base));
    const shot = path.join(dir, 'shot.mp4');
    makeBounceVideo(shot, { seconds: 5, period: 0.6, first: 0.45 });
    const user = { file: shot, seconds: 5, onsets: touchTimes({ seconds: 5, period: 0.6, first: 0.45 }) };
    const work = path.join(dir, 'work');
    const reh = readRehearsal(set, 8, 2.048)!;
    const seen: number[] = [];
    // a guard clip 1.024 s (32 frames) into the first rehearsal stretch: its frames must be that stretch's from frame 32
    const period = b.manifest.audio.clipSeconds / b.manifest.video.frames;
    const inner = { ...reh.clips[0]!, start: 32 * period, seconds: 2.048, onsets: reh.clips[0]!.onsets.filter((t) => t >= 32 * period && t < 32 * period + 2.048).map((t) => t - 32 * period) };
    await writeTrainingData(work, b, [user], { train: [{ file: shot, start: 0, end: 3.5 }], heldBack: [{ file: shot, start: 3.5, end: 5 }] }, undefined, (d, n) => seen.push(d / n), reh.clips, [inner, ...readRehearsal(set, 8, 2.048, 2)!.guard]);
    expect(seen).toEqual([1, 2, 3, 4, 5].map((d) => d / 5));
    const data = Data.parse(JSON.parse(readFileSync(path.join(work, 'data.json'), 'utf8')));
    const [own, r0, r1, g0, g1] = data.clips;
    expect(own!.rehearsal).toBeUndefined();
    expect(own!.val.length).toBe(1);
    for (const [spec, clip] of [[r0!, reh.clips[0]!], [r1!, reh.clips[1]!]] as const) {
      expect(spec).toMatchObject({ id: `rehearsal:${path.basename(clip.file)}`, source: clip.file, rehearsal: true, val: [] });
      const count = Math.floor(clip.seconds / period + 1e-6);
      expect(spec.count).toBe(count);
      expect(spec.train).toEqual([[0, count]]);
      // the frames as the user's: float32 RGB at the encoder's size, every frame
      const frames = readFileSync(path.join(work, `clips/${data.clips.indexOf(spec)}.frames.f32`));
      expect(frames.byteLength).toBe(count * 3 * b.manifest.video.width * b.manifest.video.height * 4);
      // the envelope: the on-screen contacts only (the off-screen one is not a target)
      const env = readFileSync(path.join(work, spec.envelope));
      const want = renderEnvelope(clip.onsets, 0, count * data.envelopePerFrame, b.manifest.audio.sampleRate, b.manifest.onsets!.hop!);
      expect(new Float32Array(env.buffer, env.byteOffset, env.byteLength / 4)).toEqual(want);
      expect(want.reduce((s, x) => s + x, 0)).toBe(clip.onsets.length);
    }
    // guard clips: scored only (nothing to train on or hold back), frames and envelope from their start in the video
    const frameBytes = 3 * b.manifest.video.width * b.manifest.video.height * 4;
    for (const [spec, clip] of [[g0!, inner], [g1!, readRehearsal(set, 8, 2.048, 2)!.guard[0]!]] as const) {
      const count = Math.floor(clip.seconds / period + 1e-6);
      expect(spec).toMatchObject({ source: clip.file, train: [], val: [], guard: [[0, count]], count });
      expect(spec.rehearsal).toBeUndefined();
      const env = readFileSync(path.join(work, spec.envelope));
      expect(new Float32Array(env.buffer, env.byteOffset, env.byteLength / 4)).toEqual(renderEnvelope(clip.onsets, 0, count * data.envelopePerFrame, b.manifest.audio.sampleRate, b.manifest.onsets!.hop!));
    }
    const whole = readFileSync(path.join(work, `clips/${data.clips.indexOf(r0!)}.frames.f32`));
    const part = readFileSync(path.join(work, `clips/${data.clips.indexOf(g0!)}.frames.f32`));
    expect(part.equals(whole.subarray(32 * frameBytes, (32 + 64) * frameBytes))).toBe(true);
  });

  it('a job trains with the rehearsal set and guards with it, and says so (result and CARD); with it off or missing, adapts without it and says that', async () => {
    const shoot = path.join(dir, 'shoot');
    mkdirSync(shoot, { recursive: true });
    for (const [i, c] of [{ period: 0.5, first: 0.3 }, { period: 0.6, first: 0.45 }, { period: 0.45, first: 0.2 }].entries()) {
      makeBounceVideo(path.join(shoot, `${i}.mp4`), { seconds: 5, ...c });
    }
    const base = path.join(dir, 'base');
    cpSync('models/bundles/default', base, { recursive: true });
    const engine = new Engine({ dataDir: path.join(dir, 'data') });
    const request = { inputs: [shoot], base, maxSteps: 2, minutes: 10, worldWindows: 0 };

    process.env.A2S_ADAPT_REHEARSAL = set;
    const on = await runAdaptJob(engine, { ...request, name: 'with', rehearsalShare: 0.5 });
    if (!on.ok) throw new Error(on.error.message);
    expect(on.result.rehearsal).toMatchObject({ data: set, videos: 2, share: 0.5 });
    expect(on.result.rehearsal!.windows).toBeGreaterThan(0);
    // the user's footage alone is held back and scored
    expect(on.result.used.map((u) => path.basename(u.file))).toEqual(['0.mp4', '1.mp4', '2.mp4']);
    expect(on.result.heldBack.map((h) => path.basename(h.file))).toEqual(['1.mp4']);
    expect(readFileSync(path.join(on.result.dir, 'CARD.md'), 'utf8')).toMatch(/Foley World rehearsal: 0\.500 of each training batch came from \d+ windows of 2 Foley World videos/);
    // the guard: the 34 s video's last stretch after its 30 s of rehearsal, scored before and after; the kept α keeps
    // the base's guard F1
    const g = on.result.guard!;
    expect(g).toMatchObject({ data: set, videos: 1, seconds: 3.75 });
    expect(g.windows).toBeGreaterThan(0);
    // each α (retried with threshold offsets until one holds the guard), the base last
    expect(g.tried.filter((t) => t.offset === 0).map((t) => t.alpha)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(g.tried.at(-1)).toMatchObject({ guard: g.base, ok: true });
    const kept = g.tried.find((t) => t.alpha === g.alpha && t.offset === g.offset)!;
    expect(kept.ok).toBe(true);
    expect(g.adapter).toBe(kept.guard);
    expect(g.adapter).toBeGreaterThanOrEqual(g.base);
    expect(kept.heldBack).toBe(Math.max(...g.tried.filter((t) => t.ok).map((t) => t.heldBack)));
    expect(readFileSync(path.join(on.result.dir, 'CARD.md'), 'utf8')).toContain(`F1 is not below the base's: **α = ${g.alpha}**, offset ${g.offset}`);

    const off = await runAdaptJob(engine, { ...request, name: 'without', rehearsalShare: 0 });
    if (!off.ok) throw new Error(off.error.message);
    expect(off.result.rehearsal).toBeNull();
    expect(off.result.guard).toMatchObject({ videos: 1 });   // rehearsal off, the guard still checks

    process.env.A2S_ADAPT_REHEARSAL = path.join(dir, 'no-such-set');
    const missing = await runAdaptJob(engine, { ...request, name: 'missing' });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no long\/ folder/) } });
    expect(existsSync(path.join(dir, 'data', 'bundles', 'missing'))).toBe(false);
    process.env.A2S_ADAPT_REHEARSAL = 'off';
    const none = await runAdaptJob(engine, { ...request, name: 'none' });
    if (!none.ok) throw new Error(none.error.message);
    expect(none.result.rehearsal).toBeNull();
    expect(none.result.guard).toBeNull();
    expect(readFileSync(path.join(none.result.dir, 'CARD.md'), 'utf8')).toContain('Foley World rehearsal: off');
  });
});
