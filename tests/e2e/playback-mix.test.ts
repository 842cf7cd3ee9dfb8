import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mixItemInto, prepareItem } from '../../main/engine/export/mix';
import type { Voice } from '../../renderer/src/audio/voices';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';

/**
 * What the editor plays equals what the export writes: voices (a looped bed with crossfades, fades and an offset,
 * and a plain clip with overlapping fades) go through the editor's real playback path (Tone.js players on the
 * mix clock, in Chromium's OfflineAudioContext) and are compared sample by sample with the export mix (mix.ts).
 */
const RATE = 48000;
const SECONDS = 8;
let editor: EditorPage;
let page: Page;
let work: string;
let source: string;

function decodeStereo(file: string): [Float32Array, Float32Array] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '2', '-ar', String(RATE), '-'], { maxBuffer: 1 << 28 });
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const l = new Float32Array(all.length / 2);
  const r = new Float32Array(all.length / 2);
  for (let i = 0; i < l.length; i++) {
    l[i] = all[2 * i]!;
    r[i] = all[2 * i + 1]!;
  }
  return [l, r];
}

function exportMix(voices: Voice[], src: [Float32Array, Float32Array]): [Float32Array, Float32Array] {
  const out: [Float32Array, Float32Array] = [new Float32Array(SECONDS * RATE), new Float32Array(SECONDS * RATE)];
  for (const v of voices) {
    const off = Math.round(v.offset * RATE);
    mixItemInto(out, 0, prepareItem(v, RATE, 0, [src[0].subarray(off), src[1].subarray(off)]), RATE);
  }
  return out;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'a2s-playback-mix-'));
  source = path.join(work, 'bed.wav');
  // Stereo, different in each channel, float WAV so decoding is exact on both sides.
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.4:duration=2.5:sample_rate=${RATE}:seed=3`,
    '-f', 'lavfi', '-i', `sine=frequency=310:duration=2.5:sample_rate=${RATE}`, '-filter_complex', '[0][1]amerge=inputs=2', '-c:a', 'pcm_f32le', source]);
  editor = await openEditorPage(work);
  page = editor.page;
}, 120_000);

afterAll(async () => {
  await editor?.close();
});

describe('editor playback equals the export mix', () => {
  it('a looped bed with equal-power crossfades and fades, and a plain clip, sample by sample', async () => {
    const voices: Voice[] = [
      { key: 'bed', trackId: 'amb', path: source, start: 0.5, duration: 7.25, offset: 0.25, gainDb: -3, fadeIn: 0.4, fadeOut: 1.5, loop: true, loopCrossfade: 0.6 },
      { key: 'hit', trackId: 'act', path: source, start: 1, duration: 1.5, offset: 0.5, gainDb: 0, fadeIn: 0.9, fadeOut: 0.8, loop: false, loopCrossfade: 0 },
    ];
    const played = await page.evaluate(async ({ voices, seconds, rate }) => {
      const w = window as unknown as {
        __a2sClient: { invoke(c: string, p: unknown): Promise<{ url: string }> };
        __a2sAudio: { renderVoicesOffline(v: unknown, s: number, u: (p: string) => Promise<string>, r: number): Promise<Float32Array[]> };
      };
      const out = await w.__a2sAudio.renderVoicesOffline(voices, seconds, (p) => w.__a2sClient.invoke('media:open', { path: p }).then((r) => r.url), rate);
      return out.map((c) => Array.from(c));
    }, { voices, seconds: SECONDS, rate: RATE });
    const want = exportMix(voices, decodeStereo(source));
    for (let c = 0; c < 2; c++) {
      let worst = 0;
      let at = 0;
      for (let j = 0; j < want[c]!.length; j++) {
        const d = Math.abs(played[c]![j]! - want[c]![j]!);
        if (d > worst) [worst, at] = [d, j];
      }
      expect(worst, `channel ${c}: worst difference at ${(at / RATE).toFixed(4)} s`).toBeLessThan(1e-4);
    }
    // and it is not silence: the bed plays at about its level
    const rms = Math.sqrt(played[0]!.slice(RATE, 2 * RATE).reduce((a, x) => a + x * x, 0) / RATE);
    expect(rms).toBeGreaterThan(0.05);
  });

  it('at 2× shuttle the editor plays the same mix twice as fast (issue 18: the sound stopped at 2×)', async () => {
    const voices: Voice[] = [
      { key: 'bed', trackId: 'amb', path: source, start: 0.5, duration: 7.25, offset: 0.25, gainDb: -3, fadeIn: 0.4, fadeOut: 1.5, loop: true, loopCrossfade: 0.6 },
      { key: 'hit', trackId: 'act', path: source, start: 3, duration: 1.5, offset: 0.5, gainDb: 0, fadeIn: 0.9, fadeOut: 0.8, loop: false, loopCrossfade: 0 },
    ];
    // From 1.5 s at 2×: 3 s of output cover timeline 1.5–7.5 s (the hit starts 0.75 s in, the bed is under way).
    const from = 1.5;
    const speed = 2;
    const seconds = 3;
    const played = await page.evaluate(async ({ voices, from, speed, seconds, rate }) => {
      const w = window as unknown as {
        __a2sClient: { invoke(c: string, p: unknown): Promise<{ url: string }> };
        __a2sAudio: { renderVarispeedOffline(v: unknown, f: number, s: number, d: number, u: (p: string) => Promise<string>, r: number): Promise<Float32Array[]> };
      };
      const out = await w.__a2sAudio.renderVarispeedOffline(voices, from, speed, seconds, (p) => w.__a2sClient.invoke('media:open', { path: p }).then((r) => r.url), rate);
      return out.map((c) => Array.from(c));
    }, { voices, from, speed, seconds, rate: RATE });
    const want = exportMix(voices, decodeStereo(source));
    // Output sample n is the export mix at timeline sample from·RATE + n·speed (whole samples: no interpolation).
    const at = Math.round(from * RATE);
    for (let c = 0; c < 2; c++) {
      let worst = 0;
      let where = 0;
      for (let n = 0; n < seconds * RATE; n++) {
        const d = Math.abs(played[c]![n]! - want[c]![at + n * speed]!);
        if (d > worst) [worst, where] = [d, n];
      }
      expect(worst, `channel ${c}: worst difference at output ${(where / RATE).toFixed(4)} s`).toBeLessThan(1e-4);
    }
    const rms = Math.sqrt(played[0]!.slice(0, RATE).reduce((a, x) => a + x * x, 0) / RATE);
    expect(rms).toBeGreaterThan(0.05);
  });
});
