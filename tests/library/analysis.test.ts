import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ambientLevelDb, frameRmsDb } from '../../main/engine/library/analyse';
import { integratedLufs } from '../../main/engine/library/lufs';
import { resampleMono } from '../../main/engine/library/resample';
import { readWavMono } from '../../main/engine/library/wav';
import { sox, tempDir } from './fixtures';

const dir = tempDir();

/** ffmpeg's ebur128 filter (the EBU R128 reference in ffmpeg) on the same file. */
function ffmpegLufs(file: string): number {
  const out = execFileSync('bash', ['-c', `ffmpeg -nostats -i '${file}' -af ebur128 -f null - 2>&1 | grep ' I:' | tail -1`]).toString();
  return Number(/I:\s+(-?[\d.]+)/.exec(out)![1]);
}

describe('clip analysis on real audio (sox)', () => {
  it('integrated loudness matches ffmpeg ebur128 within 0.5 LU', () => {
    for (const [name, synth] of [['pink.wav', ['4', 'pinknoise', 'vol', '0.2']], ['tone.wav', ['4', 'sine', '1000', 'vol', '0.5']]] as const) {
      const file = sox(path.join(dir, name), [...synth], { rate: 16000, bits: 16 });
      const wav = readWavMono(readFileSync(file))!;
      expect(integratedLufs(wav.mono, 16000)!).toBeCloseTo(ffmpegLufs(file), 0);
      expect(Math.abs(integratedLufs(wav.mono, 16000)! - ffmpegLufs(file))).toBeLessThan(0.5);
    }
    expect(integratedLufs(new Float32Array(16000), 16000)).toBeNull(); // digital silence
  });

  it('ambient level follows the bed, not the events on it', () => {
    // A −40 dBFS-ish bed with loud clicks every 0.5 s: the 10th percentile stays on the bed.
    const bed = sox(path.join(dir, 'bed.wav'), ['3', 'whitenoise', 'vol', '0.01'], { rate: 16000, bits: 16 });
    const wav = readWavMono(readFileSync(bed))!;
    const withEvents = Float32Array.from(wav.mono);
    for (let t = 0; t < withEvents.length; t += 8000) for (let i = 0; i < 800 && t + i < withEvents.length; i++) withEvents[t + i] = 0.8 * Math.sin(i / 3);
    const plain = ambientLevelDb(frameRmsDb(wav.mono));
    expect(Math.abs(ambientLevelDb(frameRmsDb(withEvents)) - plain)).toBeLessThan(1.5);
    expect(plain).toBeGreaterThan(-60);
    expect(plain).toBeLessThan(-35);
  });

  it('reads 16/24-bit and float WAV the same, and resampling keeps the level and rejects aliases', () => {
    const f16 = sox(path.join(dir, 'x16.wav'), ['1', 'sine', '440', 'vol', '0.5'], { rate: 48000, bits: 16, channels: 2 });
    const f24 = path.join(dir, 'x24.wav');
    const f32 = path.join(dir, 'x32.wav');
    execFileSync('sox', [f16, '-b', '24', f24]);
    execFileSync('sox', [f16, '-e', 'floating-point', '-b', '32', f32]);
    const [a, b, c] = [f16, f24, f32].map((f) => readWavMono(readFileSync(f))!);
    expect(a!.channels).toBe(2);
    for (const x of [b!, c!]) for (let i = 0; i < 48000; i += 997) expect(x.mono[i]!).toBeCloseTo(a!.mono[i]!, 4);
    const rms = (v: Float32Array): number => Math.sqrt(v.reduce((s, y) => s + y * y, 0) / v.length);
    const down = resampleMono(a!.mono, 48000, 16000);
    expect(down.length).toBe(16000);
    expect(rms(down)).toBeCloseTo(rms(a!.mono), 2); // 440 Hz passes
    const high = Float32Array.from({ length: 48000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 15000 * i) / 48000));
    expect(rms(resampleMono(high, 48000, 16000))).toBeLessThan(0.02 * rms(high) * 5); // 15 kHz would alias to 1 kHz: filtered
    const from44 = resampleMono(a!.mono.subarray(0, 44100), 44100, 16000);
    expect(from44.length).toBe(16000);
    expect(readWavMono(Buffer.from('not a wav file at all'))).toBeNull();
  });

  it('resampling equals the filter formula on a zero-padded input, bit for bit, whatever the length or ratio', () => {
    // The definition the fast paths must keep: out[i] = Σ_j k[j]·x[b(i)+j−8], x zero outside, b(i) = round(i·from/to).
    const k = (from: number, to: number): number[] => {
      const c = (0.45 * to) / from;
      const w = Array.from({ length: 17 }, (_, t) => {
        const i = t - 8;
        const x = 2 * c * i;
        return (i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x)) * (0.42 + 0.5 * Math.cos((Math.PI * i) / 8) + 0.08 * Math.cos((2 * Math.PI * i) / 8));
      });
      const sum = w.reduce((a, b) => a + b, 0);
      return Float64Array.from(w.map((v) => v / sum)) as unknown as number[];
    };
    const direct = (x: Float32Array, from: number, to: number): Float32Array => {
      const kk = k(from, to);
      const at = (i: number): number => (i < 0 || i >= x.length ? 0 : x[i]!);
      const ratio = from / to;
      return Float32Array.from({ length: Math.floor((x.length * to) / from) }, (_, i) => {
        const b = Math.round(i * ratio) - 8;
        let s = 0;
        for (let j = 0; j < 8; j++) s += kk[j]! * (at(b + j) + at(b + 16 - j));
        return s + kk[8]! * at(b + 8);
      });
    };
    for (const [from, n] of [[48000, 48000], [48000, 5], [48000, 17], [48000, 40], [32000, 1001], [44100, 44100], [22050, 333], [96000, 9000]] as const) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 0.5 + ((i * 7919) % 13) / 40);
      expect(Array.from(resampleMono(x, from, 16000)), `${from} Hz, ${n} samples`).toEqual(Array.from(direct(x, from, 16000)));
    }
  });

  it('16-bit stereo reads one frame per 32-bit load and gives what per-sample reads give', () => {
    const frames = 1001;
    const buf = Buffer.alloc(44 + frames * 4);
    buf.write('RIFF', 0, 'latin1');
    buf.writeUInt32LE(buf.length - 8, 4);
    buf.write('WAVEfmt ', 8, 'latin1');
    buf.writeUInt32LE(16, 16);
    buf.writeUInt16LE(1, 20);
    buf.writeUInt16LE(2, 22);
    buf.writeUInt32LE(48000, 24);
    buf.writeUInt32LE(48000 * 4, 28);
    buf.writeUInt16LE(4, 32);
    buf.writeUInt16LE(16, 34);
    buf.write('data', 36, 'latin1');
    buf.writeUInt32LE(frames * 4, 40);
    for (let i = 0; i < frames * 2; i++) buf.writeInt16LE(i < 4 ? [-32768, 32767, -1, 1][i]! : ((i * 2654435761) % 65536) - 32768, 44 + 2 * i);
    const want = Float32Array.from({ length: frames }, (_, i) => (buf.readInt16LE(44 + 4 * i) + buf.readInt16LE(46 + 4 * i)) * (1 / 32768 / 2));
    expect(Array.from(readWavMono(buf)!.mono)).toEqual(Array.from(want));
    // The same bytes at an odd offset (not 4-byte aligned): the per-sample path, same result.
    const odd = Buffer.alloc(buf.length + 1).subarray(1);
    buf.copy(odd);
    expect(Array.from(readWavMono(odd)!.mono)).toEqual(Array.from(want));
  });
});
