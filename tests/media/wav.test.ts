import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudio, parseWavHeader, readWav, wavHeader, writeWav } from '../../main/engine/media';
import { tempDir } from '../helpers/media-fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function sine(n: number, rate: number, freq: number, amp: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate));
}

function ffprobeFormat(file: string): Record<string, string> {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'flat', file], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((l) => { const i = l.indexOf('='); return [l.slice(0, i), l.slice(i + 1).replace(/^"|"$/g, '')]; }));
}

describe('WAV writer/reader', () => {
  it('round-trips 24-bit PCM and 32-bit float, mono and stereo', async () => {
    const l = sine(4801, 48_000, 440, 0.8);
    const r = sine(4801, 48_000, 1000, -0.5);
    for (const [format, tol] of [['pcm24', 1 / 8388608], ['float32', 0], ['pcm16', 1 / 32768]] as const) {
      const f = path.join(tmp.dir, `rt-${format}.wav`);
      await writeWav(f, { rate: 48_000, channels: [l, r] }, { format });
      const back = await readWav(f);
      expect(back.format).toBe(format);
      expect(back.rate).toBe(48_000);
      expect(back.channels).toHaveLength(2);
      let err = 0;
      for (let i = 0; i < l.length; i++) err = Math.max(err, Math.abs(back.channels[0]![i]! - l[i]!), Math.abs(back.channels[1]![i]! - r[i]!));
      expect(err).toBeLessThanOrEqual(tol);
      // ffmpeg reads the same samples (it is what every other tool in the chain uses).
      const viaFfmpeg = await decodeAudio(f, { rate: 48_000, channels: 2 });
      expect(Math.abs(viaFfmpeg.channels[0]![1234]! - back.channels[0]![1234]!)).toBeLessThan(1e-6);
    }
    const mono = path.join(tmp.dir, 'mono.wav');
    await writeWav(mono, { rate: 16_000, channels: [sine(333, 16_000, 50, 0.3)] }, { format: 'pcm24' });
    expect((await readWav(mono)).channels).toHaveLength(1);
    expect(ffprobeFormat(mono)['streams.stream.0.bits_per_sample']).toBe('24');
  });

  it('writes Broadcast WAV bext that ffprobe reads back with the right TimeReference', async () => {
    const f = path.join(tmp.dir, 'bwf stem ünïcode.wav');
    const timeReference = 3600n * 48_000n + 12_345n; // 01:00:00 + 12345 samples
    await writeWav(f, { rate: 48_000, channels: [sine(4800, 48_000, 440, 0.5), sine(4800, 48_000, 440, 0.5)] }, {
      format: 'pcm24',
      bext: { description: 'action take 2', originator: 'A2S test', originationDate: '2026-11-26', originationTime: '15:04:05', timeReference, loudness: { integratedLufs: -23.4, truePeakDb: -1.25 } },
    });
    const fmt = ffprobeFormat(f);
    expect(fmt['format.tags.time_reference']).toBe(String(timeReference));
    expect(fmt['format.tags.comment']).toBe('action take 2'); // ffmpeg maps bext Description to comment
    expect(fmt['format.tags.encoded_by']).toBe('A2S test');
    expect(fmt['format.tags.date']).toBe('2026-11-26');
    expect(fmt['format.tags.creation_time']).toBe('15:04:05');
    const back = await readWav(f);
    expect(back.bext?.timeReference).toBe(timeReference);
    expect(back.bext?.loudness?.integratedLufs).toBeCloseTo(-23.4, 5);
    expect(back.bext?.loudness?.truePeakDb).toBeCloseTo(-1.25, 5);
    expect(back.bext?.codingHistory).toContain('A=PCM,F=48000,W=24,M=stereo');
  });

  it('switches to RF64 past 4 GiB (header checked without writing 4 GiB)', () => {
    const frames = 800_000_000; // 800 M stereo 24-bit frames = 4.8 GB of data
    const small = wavHeader({ rate: 48_000, channels: 2, format: 'pcm24', frames: 1000 });
    expect(small.kind).toBe('RIFF');
    const big = wavHeader({ rate: 48_000, channels: 2, format: 'pcm24', frames, bext: { timeReference: 1 } });
    expect(big.kind).toBe('RF64');
    expect(big.header.toString('latin1', 0, 4)).toBe('RF64');
    expect(big.header.readUInt32LE(4)).toBe(0xffffffff);
    expect(big.header.toString('latin1', 12, 16)).toBe('ds64');
    expect(Number(big.header.readBigUInt64LE(20 + 8))).toBe(frames * 6); // ds64 dataSize
    expect(Number(big.header.readBigUInt64LE(20))).toBe(big.totalBytes - 8); // ds64 riffSize
    const parsed = parseWavHeader(big.header, big.totalBytes);
    expect(parsed).toMatchObject({ kind: 'RF64', rate: 48_000, channels: 2, format: 'pcm24', dataBytes: frames * 6 });
  });

  it('refuses a file that is not a WAV with a message naming it, and leaves no temp files on failure', async () => {
    const bad = path.join(tmp.dir, 'not a wav.wav');
    writeFileSync(bad, 'hello, I am text');
    await expect(readWav(bad)).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining(bad) });
    const target = path.join(tmp.dir, 'missing-folder', 'x.wav');
    await expect(writeWav(target, { rate: 48_000, channels: [new Float32Array(10)] })).rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('missing-folder') });
    await expect(writeWav(path.join(tmp.dir, 'three.wav'), { rate: 48_000, channels: [new Float32Array(1), new Float32Array(1), new Float32Array(1)] })).rejects.toMatchObject({ code: 'bad-input' });
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
