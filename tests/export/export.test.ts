import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../main/contract/domains/export';
import { Engine } from '../../main/engine/host';
import { decodeAudio, readWav } from '../../main/engine/media';
import { loadProject, saveProject } from '../../main/engine/project';
import { tmpDir } from '../project/helpers';
import { RATE, exportJob, makeFixture, type Fixture } from './fixture';
import { maxAbsDiff, refRender, type RefItem } from './reference';

const ffprobeJson = (file: string, what: string[]): Record<string, unknown> => JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...what, file], { encoding: 'utf8' }));
const videoMd5 = (file: string): string => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'md5', '-'], { encoding: 'utf8' }).trim();

describe('export: stems, mix, BWF, mux', () => {
  const root = tmpDir('export');
  const engine = new Engine({ dataDir: path.join(root, 'data') });
  let fx: Fixture;
  let res: ExportResult;
  const out = path.join(root, 'out');

  beforeAll(async () => {
    fx = await makeFixture(root);
    res = await exportJob(engine, { projectPath: fx.projectDir, outDir: out, bits: '32f', mux: true, muxStems: true });
  });

  it('writes one stem per track + the mix, all the same length from the video start', async () => {
    expect(res.stems.map((s) => s.track)).toEqual(['Original', 'Action', 'Ambience']);
    const frames = Math.round(fx.doc.video!.duration * RATE);
    expect(res.frames).toBe(frames);
    for (const f of [...res.stems.map((s) => s.path), res.mix]) {
      const w = await readWav(f);
      expect([w.rate, w.channels.length, w.channels[0]!.length, w.format]).toEqual([RATE, 2, frames, 'float32']);
    }
    expect(res.stems.every((s) => s.seconds === frames / RATE)).toBe(true);
  });

  it('stems and mix match the expected mix sample by sample', async () => {
    const frames = res.frames;
    const { take, click, bed } = fx.sources;
    const action: RefItem[] = [
      { start: 0.5, duration: 0.5, offset: 0, gainDb: -6, trackGainDb: 0, fadeIn: 0.01, fadeOut: 0.02, src: take },
      { start: 1.2, duration: 0.5, offset: 0.1, gainDb: 0, trackGainDb: 0, fadeIn: 0, fadeOut: 0.1, src: click },
    ];
    const ambient: RefItem[] = [{ start: 0.1, duration: 1.5, offset: 0, gainDb: -3, trackGainDb: -2, fadeIn: 0.2, fadeOut: 0.25, src: bed, loop: { crossfade: 0.05 } }];
    const expAction = refRender(frames, RATE, action);
    const expAmbient = refRender(frames, RATE, ambient);
    const [orig, act, amb] = await Promise.all(res.stems.map((s) => readWav(s.path)));
    const mix = await readWav(res.mix);
    for (let c = 0; c < 2; c++) {
      expect(maxAbsDiff(act!.channels[c]!, expAction[c]!)).toBeLessThan(1e-6);
      expect(maxAbsDiff(amb!.channels[c]!, expAmbient[c]!)).toBeLessThan(1e-6);
      // the original track is muted: it has its stem, but the mix is action + ambience only
      const expMix = expAction[c]!.map((v, i) => v + expAmbient[c]![i]!);
      expect(maxAbsDiff(mix.channels[c]!, expMix)).toBeLessThan(1e-6);
    }
    // the click source is 0.5 s from offset 0.1: its last 0.1 s on the timeline is silence, not a repeat
    expect(Math.max(...act!.channels[0]!.subarray(Math.round(1.61 * RATE), Math.round(1.7 * RATE)).map(Math.abs))).toBe(0);
    // the original stem is the video's own sound, decoded the same way
    const videoAudio = await decodeAudio(fx.video, { start: 0, end: frames / RATE, rate: RATE, channels: 2 });
    expect(maxAbsDiff(orig!.channels[0]!, videoAudio.channels[0]!)).toBeLessThan(1e-6);
    expect(Math.max(...orig!.channels[0]!.map(Math.abs))).toBeGreaterThan(0.1);
  });

  it('writes a BWF bext chunk ffprobe reads: TimeReference from the 01:00:00:00 timecode, description with bundle, seed, condition', () => {
    const tags = (ffprobeJson(res.stems[1]!.path, ['-show_format']) as { format: { tags: Record<string, string> } }).format.tags;
    expect(tags.time_reference).toBe(String(3600 * RATE));
    // ffprobe shows the bext Description as `comment`
    expect(tags.comment).toContain('bundle default-foleyworld-v1');
    expect(tags.comment).toContain('seed 1234');
    expect(tags.comment).toMatch(/; condition bed$/); // the clip's name as the timeline shows it (issue 18)
    expect(res.timeReference).toBe(3600 * RATE);
  });

  it('muxes the mix (and the stems) with the original video stream bit-identical', () => {
    expect(res.video).toMatch(/Scene_video\.mp4$/);
    expect(videoMd5(res.video!)).toBe(videoMd5(fx.video));
    const streams = (ffprobeJson(res.video!, ['-show_streams']) as { streams: { codec_type: string; codec_name: string; tags?: { title?: string; handler_name?: string; timecode?: string } }[] }).streams;
    // mix + 3 stems, and the source's start timecode kept (a tmcd data track)
    expect(streams.map((s) => s.codec_type)).toEqual(['video', 'audio', 'audio', 'audio', 'audio', 'data']);
    expect(streams[5]!.tags?.timecode).toBe('01:00:00:00');
    expect(streams[1]!.codec_name).toBe('aac');
    expect(streams.slice(1, 5).map((s) => s.tags?.title ?? s.tags?.handler_name)).toEqual(['Mix', 'Original', 'Action', 'Ambience']);
  });

  it('refuses to overwrite without force, naming the files; with force it replaces them', async () => {
    await expect(engine.call('export:start', { projectPath: fx.projectDir, outDir: out })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('Scene_mix.wav') });
    const check = await engine.call('export:check', { projectPath: fx.projectDir, outDir: out, rpp: true });
    expect(check.existing).toContain(res.mix);
    expect(check.outputs).toContain(path.join(out, 'Scene.rpp'));
    const again = await exportJob(engine, { projectPath: fx.projectDir, outDir: out, force: true });
    const w = await readWav(again.mix);
    expect(w.format).toBe('pcm24');
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]); // no temp files left
  });

  it('exports a chosen range with the TimeReference moved by the range start', async () => {
    const r = await exportJob(engine, { projectPath: fx.projectDir, outDir: path.join(root, 'range'), range: { start: 0.5, end: 1.25 }, bits: '32f' });
    expect(r.frames).toBe(36000);
    expect(r.timeReference).toBe(3600 * RATE + 24000);
    const full = await readWav(res.stems[1]!.path);
    const part = await readWav(r.stems[1]!.path);
    expect(maxAbsDiff(part.channels[0]!, full.channels[0]!.slice(24000, 60000))).toBeLessThan(1e-7);
  });

  it('normalises loudness to −23 LUFS with one gain for every file and reports it', async () => {
    const r = await exportJob(engine, { projectPath: fx.projectDir, outDir: path.join(root, 'loud'), loudness: -23, bits: '32f' });
    const L = r.loudness!;
    expect(L.targetLufs).toBe(-23);
    expect(L.resultTruePeakDb!).toBeLessThanOrEqual(-1 + 0.05);
    if (!L.limitedByPeak) expect(Math.abs(L.resultLufs! + 23)).toBeLessThan(0.3);
    else expect(L.resultLufs!).toBeLessThan(-23);
    const gain = 10 ** (L.gainDb / 20);
    const before = await readWav(res.stems[2]!.path);
    const after = await readWav(r.stems[2]!.path);
    expect(maxAbsDiff(after.channels[0]!, before.channels[0]!.map((v) => v * gain))).toBeLessThan(1e-6);
  });

  it('cancels: the job fails as cancelled and leaves no files', async () => {
    const dir = path.join(root, 'cancelled');
    await expect(exportJob(engine, { projectPath: fx.projectDir, outDir: dir, mux: true }, (jobId) => void engine.call('job:cancel', { jobId }))).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is all or nothing: a mux that fails after the stems were rendered leaves no stems behind', async () => {
    const dir = path.join(root, 'broken-mux');
    // The original-sound clip would fail at decoding already; without it only the mux reads the (broken) video.
    const { doc } = await loadProject(fx.projectDir);
    await saveProject(fx.projectDir, { ...doc, clips: doc.clips.filter((c) => c.trackId !== 'original') });
    copyFileSync(fx.video, `${fx.video}.bak`);
    writeFileSync(fx.video, 'not a video any more');
    try {
      await expect(exportJob(engine, { projectPath: fx.projectDir, outDir: dir, mux: true, rpp: true })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('ffmpeg failed') });
    } finally {
      copyFileSync(`${fx.video}.bak`, fx.video);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
