import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../main/contract/domains/project-doc';
import { withMode } from './spans';

/** Issue 18 defect 2: choosing "Clean action" kept the forest clip "Action + ambience" had suggested. */
describe('condition mode change', () => {
  const forest: Condition = { mode: 'joint', source: { kind: 'library', clipId: 4, path: '/lib/forest.wav', name: 'forest' }, score: 0.71 };

  it('clean drops the clip chosen for the picture: the clean choice replaces it', () => {
    expect(withMode(forest, 'clean')).toEqual({ mode: 'clean', source: null });
  });

  it('action + ambience drops a clean or hand-picked clip', () => {
    expect(withMode({ ...forest, mode: 'clean' }, 'joint')).toEqual({ mode: 'joint', source: null });
    expect(withMode({ ...forest, mode: 'custom' }, 'joint')).toEqual({ mode: 'joint', source: null });
  });

  it('custom keeps the clip that is there, and the same mode changes nothing', () => {
    expect(withMode(forest, 'custom')).toEqual({ ...forest, mode: 'custom' });
    expect(withMode(forest, 'joint')).toEqual(forest);
  });
});
