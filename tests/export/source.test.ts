import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../main/engine/export/render';
import { decodeAudio, writeWav } from '../../main/engine/media';
import { tmpDir } from '../project/helpers';
import { maxAbsDiff } from './reference';
import { noise } from './fixture';

describe('source loading: direct WAV read == ffmpeg decode', () => {
  const root = tmpDir('export-source');

  it.each([
    ['pcm16 stereo (sox)', 'sox16.wav'],
    ['pcm32 stereo (sox)', 'sox32.wav'],
    ['pcm24 mono', 'm24.wav'],
    ['float32 stereo', 'f32.wav'],
  ])('%s, with an offset and zero padding past the end', async (_label, name) => {
    const file = path.join(root, name);
    if (name.startsWith('sox')) execFileSync('sox', ['-n', '-r', '48000', '-c', '2', '-b', name.slice(3, 5), file, 'synth', '0.5', 'pinknoise', 'vol', '0.3']);
    else await writeWav(file, { rate: 48000, channels: name === 'm24.wav' ? [noise(0.5, 0.4, 3)] : [noise(0.5, 0.4, 4), noise(0.5, 0.4, 5)] }, { format: name === 'm24.wav' ? 'pcm24' : 'float32' });
    const direct = await loadSource(file, 0.1, 0.6, 48000);
    const viaFfmpeg = await decodeAudio(file, { start: 0.1, end: 0.7, rate: 48000, channels: 2 });
    expect(direct[0].length).toBe(28800);
    for (let c = 0; c < 2; c++) expect(maxAbsDiff(direct[c as 0 | 1], viaFfmpeg.channels[c]!)).toBe(0);
    expect(direct[0].subarray(19200).every((v) => v === 0)).toBe(true); // past the 0.5 s file: silence
    const toEnd = await loadSource(file, 0.1, undefined, 48000);
    expect(toEnd[0].length).toBe(19200);
  });

  it('resamples a WAV at another rate through ffmpeg', async () => {
    const file = path.join(root, 'r44.wav');
    execFileSync('sox', ['-n', '-r', '44100', '-c', '1', '-b', '16', file, 'synth', '0.5', 'sine', '440', 'vol', '0.5']);
    const s = await loadSource(file, 0, 0.5, 48000);
    expect(s[0].length).toBe(24000);
    expect(Math.max(...s[0].subarray(2000, 22000).map(Math.abs))).toBeGreaterThan(0.45);
  });

  it('names the file when the offset is past its end', async () => {
    await expect(loadSource(path.join(root, 'f32.wav'), 3, 1, 48000)).rejects.toThrow(/f32\.wav: offset 3 s is past the end/);
  });
});
