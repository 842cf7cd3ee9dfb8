import { describe, expect, it } from 'vitest';
import type { AdaptResult } from '../../../../main/contract/domains/adapt';
import type { Clip, VideoRef } from '../../../../main/contract/domains/project-doc';
import { adapterName, adaptSources, failureWords, resultWords } from './adapt-words';

const video = (path: string, hasAudio: boolean): VideoRef => ({ path, duration: 6, fps: { num: 25, den: 1 }, width: 96, height: 64, hasAudio });
const clip = (path: string): Clip => ({ id: path, trackId: 't', source: { path }, start: 0, duration: 1, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0.5 });

describe('which footage "Adapt to this project\'s footage" sends', () => {
  it('the picture when it has sound, and video files placed on tracks (relative ones resolved to the project), once each', () => {
    const r = adaptSources({ video: video('/shoot/a.mp4', true), clips: [clip('b.MOV'), clip('/lib/knock.wav'), clip('/shoot/a.mp4')] }, '/p/Scene.a2s');
    expect(r).toEqual({ files: ['/shoot/a.mp4', '/p/Scene.a2s/b.MOV'], problem: null });
  });

  it('no video, or a picture without sound and nothing else: a reason instead of a run', () => {
    expect(adaptSources({ video: null, clips: [] }, null).problem).toMatch(/^Open a video first/);
    const mute = adaptSources({ video: video('/shoot/mute.mp4', false), clips: [clip('/lib/knock.wav')] }, null);
    expect(mute.files).toEqual([]);
    expect(mute.problem).toMatch(/^mute\.mp4 has no sound of its own\. .*production sound/);
  });
});

describe('adapter names', () => {
  it('from the video, made valid, never one that is installed', () => {
    expect(adapterName('/x/Kitchen take 3.mov', new Set())).toBe('Kitchen-take-3-adapted');
    expect(adapterName('/x/__.mp4', new Set())).toBe('shoot-adapted');
    expect(adapterName(null, new Set(['shoot-adapted', 'shoot-adapted-2']))).toBe('shoot-adapted-3');
  });
});

describe('the result and failures in words', () => {
  const result = (before: number, after: number): AdaptResult => ({
    name: 'k', dir: '/d/bundles/k', id: 'k', base: { id: 'default', dir: '/b', sha256: 'a'.repeat(64) },
    used: [{ file: '/s/a.mp4', seconds: 6, onsets: 11, role: 'split' }],
    skipped: [{ file: '/s/m.mp4', reason: 'm.mp4: has no audio track: its hits cannot be heard' }],
    heldBack: [{ file: '/s/a.mp4', start: 3.95, end: 6 }],
    before: { f1: before, precision: 0, recall: 0, predicted: 0, reference: 3 },
    after: { f1: after, precision: 0.5, recall: 0.5, predicted: 3, reference: 3 },
    training: { steps: 30, bestStep: 30, seconds: 24.4, resumedFrom: 0, cpuSeconds: null },
  });

  it('says whether the adapter is better, with both F1 figures and what they were measured on', () => {
    const w = resultWords(result(0, 0.47));
    expect(w.headline).toBe('The adapter places hits better on this shoot: use it for generation. Onset F1 0.00 → 0.47.');
    expect(w.details[0]).toMatch(/held back from training \(a\.mp4 4\.0–6\.0 s\).* 0\.00 before and 0\.47 after \(\+0\.47;/);
    expect(w.details[1]).toBe('Learnt from 1 clip in 30 steps (24 s of training).');
    expect(w.details[2]).toBe('Left out: m.mp4: has no audio track: its hits cannot be heard.');
    expect(w.details).toHaveLength(3); // no Foley World check in this result
    const world = resultWords({ ...result(0, 0.47), world: { base: 0.4, adapter: 0.41, windows: 32, data: '/fw' } }).details[3];
    expect(world).toBe('On 32 Foley World test clips (not this shoot), onset F1 0.40 before and 0.41 after: about as good as the base or better.');
    expect(resultWords({ ...result(0, 0.47), world: { base: 0.4, adapter: 0.3, windows: 32, data: '/fw' } }).details[3]).toMatch(/0\.10 worse than the base there/);
    const rehearsal = { data: '/fw-val', videos: 3, seconds: 60, windows: 28, share: 0.125 };
    expect(resultWords({ ...result(0, 0.47), rehearsal }).details.at(-1)).toBe('Foley World clips made up 13 % of each training batch, so it keeps what the base knew.');
    expect(resultWords({ ...result(0, 0.47), rehearsal: null }).details.join(' ')).not.toContain('training batch');
    const guard = { data: '/fw-val', videos: 3, seconds: 90, windows: 160, base: 0.9, adapter: 0.91, alpha: 0.5, offset: 0, tried: [] };
    expect(resultWords({ ...result(0, 0.47), guard }).details.at(-1)).toBe('Checked on 160 Foley World clips it never trained on: 50 % of the fine-tuning was kept, so onset F1 there is 0.91 (base 0.90).');
    expect(resultWords({ ...result(0, 0.47), guard: { ...guard, alpha: 1 } }).details.at(-1)).toMatch(/: all of the fine-tuning was kept,/);
    expect(resultWords({ ...result(0, 0.47), guard: { ...guard, offset: -1 } }).details.at(-1)).toMatch(/: 50 % of the fine-tuning was kept, with its hit threshold raised a little, so/);
    expect(resultWords({ ...result(0, 0.47), guard: { ...guard, alpha: 0, adapter: 0.9 } }).details.at(-1)).toMatch(/: none of the fine-tuning could be kept \(the adapter is the base's head\),/);
    // a second, more cautious training (video encoder: the first kept no held-back gain under the guard)
    const trainings = [{ posWeight: 20, steps: 400, bestStep: 350, heldBack: 0 }, { posWeight: 10, steps: 400, bestStep: 275, heldBack: 0.33 }];
    const two = (kept: number): AdaptResult => ({ ...result(0, 0.33), training: { ...result(0, 0.33).training, trainings, posWeight: kept } });
    expect(resultWords(two(10)).details[2]).toMatch(/^The first training fired too readily .* a second, more cautious one ran and was kept\.$/);
    expect(resultWords(two(20)).details[2]).toMatch(/the first was kept\.$/);
    expect(resultWords(result(0, 0.47)).details.join(' ')).not.toContain('cautious');
    expect(resultWords(result(0.6, 0.4)).headline).toMatch(/^The adapter is worse .* keep generating with the base bundle\. Onset F1 0\.60 → 0\.40\.$/);
    expect(resultWords(result(0.5, 0.52)).headline).toMatch(/^The adapter places hits about as well/);
  });

  it('a cancel says nothing was written; a missing PyTorch or unusable footage keeps the engine\'s reason', () => {
    expect(failureWords('cancelled', 'adapt k: cancelled')).toMatch(/^Cancelled: no adapter was written\. .*resumes/);
    expect(failureWords('unavailable', "python3 has no torch module: install it")).toBe("Adapting cannot run on this computer: python3 has no torch module: install it");
    expect(failureWords('bad-input', 'no usable footage: a.mp4: has no audio track')).toMatch(/^This footage cannot be used to adapt: no usable footage: a\.mp4/);
    expect(failureWords('internal', 'boom')).toMatch(/no adapter was written: boom$/);
    expect(failureWords('bad-input', '/d/bundles/k exists: choose another --out name or replace it (--force)')).toBe('That name is taken (/d/bundles/k exists): choose another name.');
  });
});
