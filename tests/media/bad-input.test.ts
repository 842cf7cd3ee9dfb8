import { readFileSync, readdirSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeAudio, decodeFrames, findTools, probe } from '../../main/engine/media';
import { liveChildren } from '../../main/engine/media/proc';
import { ffmpeg, frameIndexOf, makeClickAudio, makeIndexedVideo, tempDir } from '../helpers/media-fixtures';

const tmp = tempDir();
const at = (name: string): string => path.join(tmp.dir, name);
afterAll(() => tmp.cleanup());
afterEach(async () => {
  // Nothing left behind: no ffmpeg children (killed ones may take a moment to be reaped), no temp files.
  await expect.poll(() => liveChildren(), { timeout: 60_000 }).toBe(0);
  expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});

/** Every bad input gives an EngineError with this code whose message names the file and says what to do. */
async function expectClear(p: Promise<unknown>, code: string, file: string, hint: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e as { code: string; message: string });
  expect(err, 'should have failed').not.toBeNull();
  expect(err!.code).toBe(code);
  expect(err!.message).toContain(file);
  expect(err!.message).toMatch(hint);
}

describe('bad input: each a real file, each a clear error', () => {
  it('zero-byte file', async () => {
    writeFileSync(at('empty.mp4'), '');
    await expectClear(probe(at('empty.mp4')), 'bad-input', at('empty.mp4'), /empty \(0 bytes\).*copy it again/);
  });

  it('missing file', async () => {
    await expectClear(probe(at('nope.mp4')), 'not-found', at('nope.mp4'), /not found.*relink/);
  });

  it('truncated mp4 (index at the end, cut in half)', async () => {
    makeIndexedVideo(at('cut.mp4'), { frames: 25 });
    truncateSync(at('cut.mp4'), Math.floor(readFileSync(at('cut.mp4')).length / 2));
    await expectClear(probe(at('cut.mp4')), 'bad-input', at('cut.mp4'), /truncated or incomplete.*again/);
  });

  it('text file renamed .mp4', async () => {
    writeFileSync(at('notes.mp4'), 'These are my notes, not a video.\n'.repeat(50));
    await expectClear(probe(at('notes.mp4')), 'bad-input', at('notes.mp4'), /not a media file/);
  });

  it('audio-only file opened as video', async () => {
    makeClickAudio(at('sound.m4a'), { seconds: 1, clicksAt: [0.5], codec: 'aac' });
    expect((await probe(at('sound.m4a'))).video).toBeNull();
    await expectClear(decodeFrames(at('sound.m4a'), { start: 0, end: 0.5, count: 4, width: 8, height: 8 }), 'bad-input', at('sound.m4a'), /no video stream.*audio clip/);
  });

  it('video without audio', async () => {
    makeIndexedVideo(at('silent.mp4'), { frames: 10 });
    expect((await probe(at('silent.mp4'))).audio).toEqual([]);
    await expectClear(decodeAudio(at('silent.mp4'), { rate: 16_000 }), 'bad-input', at('silent.mp4'), /no audio stream/);
  });

  it('1-frame video: every slot shows that frame', async () => {
    makeIndexedVideo(at('one.mp4'), { frames: 1, fps: 25 });
    const info = await probe(at('one.mp4'));
    expect(info.video!.frameCount).toBe(1);
    const r = await decodeFrames(at('one.mp4'), { start: 0, end: info.duration, count: 4, width: 4, height: 4 });
    expect([0, 1, 2, 3].map((i) => frameIndexOf(r.data.subarray(i * 48)))).toEqual([0, 0, 0, 0]);
  });

  it('huge dimensions (8192×8192) are refused with the limit', async () => {
    // A Y4M header declaring 8192×8192 (the pixels themselves would be 100 MB; only the declaration matters).
    writeFileSync(at('huge.y4m'), Buffer.concat([Buffer.from('YUV4MPEG2 W8192 H8192 F25:1 Ip A1:1 C420jpeg\nFRAME\n'), Buffer.alloc(1000)]));
    await expectClear(probe(at('huge.y4m')), 'bad-input', at('huge.y4m'), /8192×8192.*limit.*smaller/);
  });

  it('unsupported codec (unknown fourcc)', async () => {
    ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=32x32:d=0.2', '-c:v', 'mjpeg', at('odd.avi')]);
    writeFileSync(at('odd.avi'), Buffer.from(readFileSync(at('odd.avi')).toString('latin1').replaceAll('MJPG', 'ZZZZ'), 'latin1'));
    await expectClear(probe(at('odd.avi')), 'bad-input', at('odd.avi'), /codec "ZZZZ" is not supported.*transcode/);
  });

  it('path with spaces and unicode works', async () => {
    const f = at('my clip – ünïcödé 日本.mkv');
    makeIndexedVideo(f, { frames: 20, clicksAt: [0.4] });
    expect((await probe(f)).video!.codec).toBe('h264');
    const r = await decodeFrames(f, { start: 0.4, end: 0.48, count: 2, width: 4, height: 4 });
    expect([frameIndexOf(r.data), frameIndexOf(r.data.subarray(48))]).toEqual([10, 11]);
    expect((await decodeAudio(f, { rate: 16_000, start: 0, end: 0.5 })).channels[0]!.length).toBe(8000);
  });

  it('relative path with a colon is a file, not an ffmpeg protocol', async () => {
    makeClickAudio(at('take:2.wav'), { seconds: 0.5, clicksAt: [0.25] });
    const cwd = process.cwd();
    process.chdir(tmp.dir);
    try {
      expect((await probe('take:2.wav')).audio[0]!.sampleRate).toBe(48_000);
      expect((await decodeAudio('take:2.wav', { rate: 16_000 })).channels[0]!.length).toBe(8000);
    } finally {
      process.chdir(cwd);
    }
  });

  it('file deleted mid-read', async () => {
    const f = at('vanishing.mp4');
    makeIndexedVideo(f, { frames: 10 });
    const pending = decodeFrames(f, { start: 0, end: 0.4, count: 4, width: 4, height: 4 }); // checks run, then ...
    unlinkSync(f); // ... the file goes before ffprobe opens it
    await expectClear(pending, 'not-found', f, /disappeared|not found/);
  });

  it('a window past the end of the media', async () => {
    makeIndexedVideo(at('short.mp4'), { frames: 10 });
    await expectClear(decodeFrames(at('short.mp4'), { start: 5, end: 6, count: 2, width: 4, height: 4 }), 'bad-input', at('short.mp4'), /past the end/);
  });

  it('ffmpeg missing (A2S_FFMPEG=/nonexistent) and cancel', async () => {
    makeIndexedVideo(at('ok.mp4'), { frames: 10 });
    process.env.A2S_FFMPEG = '/nonexistent/ffmpeg';
    try {
      expect(() => findTools()).toThrow(/not found at A2S_FFMPEG=\/nonexistent\/ffmpeg.*install ffmpeg/);
      await expectClear(decodeFrames(at('ok.mp4'), { start: 0, end: 0.4, count: 4, width: 4, height: 4 }), 'unavailable', '/nonexistent/ffmpeg', /A2S_FFMPEG/);
    } finally {
      delete process.env.A2S_FFMPEG;
    }
    expect(findTools().version).toMatch(/\d/);
    const ac = new AbortController();
    const pending = decodeFrames(at('ok.mp4'), { start: 0, end: 0.4, count: 4, width: 4, height: 4, signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });
});
