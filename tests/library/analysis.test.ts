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
});
