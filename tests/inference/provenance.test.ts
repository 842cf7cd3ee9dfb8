import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conditionWords } from '../../main/contract/condition-words';
import type { GenerateResult } from '../../main/contract/domains/inference';
import { conditionSourceOf } from '../../main/engine/inference/provenance';

/** Issue 18 defects 1 and 8: what conditioned a generation is recorded by kind and said in plain words. */
describe('generation provenance', () => {
  const bundle = { id: 'tiny', dir: path.resolve('models/bundles/tiny') };
  const cond = (c: Partial<GenerateResult['condition']>): GenerateResult['condition'] => ({ mode: 'auto', clip: null, score: null, ...c });
  const clip = { id: 7, path: '/lib/forest_day.wav', name: 'forest_day', sha256: 'b'.repeat(64) };

  it('a library clip is a library reference by id (never its id as a path)', () => {
    expect(conditionSourceOf(cond({ clip: '7', path: clip.path, score: 0.8 }), clip, bundle)).toEqual({ kind: 'library', clipId: 7, path: clip.path, sha256: clip.sha256, name: 'forest_day' });
  });

  it('a clip of the bundle (pool or low-ambient clip) is a bundle reference; a given file a file; none nothing', () => {
    const low = path.join(bundle.dir, 'conditions', 'low.wav');
    expect(conditionSourceOf(cond({ mode: 'low-fallback', clip: low }), null, bundle)).toEqual({ kind: 'bundle', bundleId: 'tiny', file: 'conditions/low.wav' });
    expect(conditionSourceOf(cond({ clip: 'pool:conditions/a.wav', path: path.join(bundle.dir, 'conditions/a.wav'), score: 0.5 }), null, bundle)).toEqual({ kind: 'bundle', bundleId: 'tiny', file: 'conditions/a.wav' });
    expect(conditionSourceOf(cond({ mode: 'file', clip: '/x/rain.wav' }), null, bundle)).toEqual({ kind: 'file', path: '/x/rain.wav' });
    expect(conditionSourceOf(cond({ mode: 'none' }), null, bundle)).toBeNull();
  });

  it('says it in words: the clip name, why it was chosen, the match score', () => {
    expect(conditionWords({ mode: 'joint', source: { kind: 'library', clipId: 7, name: 'forest_day' }, score: 0.812 })).toBe('forest_day · matched to the picture · match 0.81');
    expect(conditionWords({ mode: 'clean', source: { kind: 'bundle', bundleId: 'tiny', file: 'conditions/low.wav' } })).toBe("low (model's own clip) · clean: quiet bed, no strong events");
    expect(conditionWords({ mode: 'custom', source: { kind: 'file', path: 'C:\\sfx\\rain.wav' } })).toBe('rain · chosen by hand');
    expect(conditionWords({ mode: 'clean', source: { kind: 'library', clipId: 9 } })).toContain('library clip 9');
  });
});
