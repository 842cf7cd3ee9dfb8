import { describe, expect, it } from 'vitest';
import { heldFirstFrame } from '../../main/engine/eval/generate';

describe('heldFirstFrame (a2s eval --static-picture)', () => {
  it('repeats the first frame over every frame and leaves the input alone', () => {
    const frames = Float32Array.from({ length: 3 * 4 }, (_, i) => i); // 3 frames of 4 values
    const held = heldFirstFrame(frames, 3);
    expect([...held]).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    expect(frames[5]).toBe(5);
  });
});
