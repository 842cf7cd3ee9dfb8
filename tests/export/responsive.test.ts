import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK, renderToFiles, type RenderPlan } from '../../main/engine/export/render';
import type { PreparedItem } from '../../main/engine/export/mix';

// Export keeps the engine's event loop responsive (issue 20): the render hands the loop back after every block of
// BLOCK frames (~85 ms of audio at 48 kHz), so a request waits for at most one block's work.
const dir = mkdtempSync(path.join(os.tmpdir(), 'a2s-export-loop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export render', () => {
  it('lets the event loop turn after every block, and a block is under 0.1 s of 48 kHz audio', async () => {
    expect(BLOCK / 48000).toBeLessThan(0.1);
    const rate = 48000;
    const frames = 10 * BLOCK + 123;
    const tone = Float32Array.from({ length: frames }, (_, i) => 0.25 * Math.sin(i / 20));
    const item: PreparedItem = { start: 0, length: frames, gain: 1, loop: false, crossfade: 0, fadeIn: 0, fadeOut: 0, source: [tone, tone] };
    const plan: RenderPlan = { rate, startSample: 0, frames, tracks: [{ track: { id: 't', kind: 'action', name: 'T', gainDb: 0, mute: false, solo: false }, items: [item], audible: true }] };
    const blocksSeen: number[] = [];
    let turns = 0;
    let rendering = true;
    const tick = (): void => {
      turns++;
      if (rendering) setImmediate(tick);
    };
    setImmediate(tick);
    const tmp = path.join(dir, 'mix.wav');
    await renderToFiles(plan, [{ which: 'mix', tmp, file: tmp, bext: {} }], {
      format: 'float32',
      gain: 1,
      throwIfCancelled: () => undefined,
      onBlock: () => blocksSeen.push(turns),
    });
    rendering = false;
    expect(blocksSeen).toHaveLength(11);
    // between two blocks the loop turned at least once (the ticker ran)
    for (let k = 1; k < blocksSeen.length; k++) expect(blocksSeen[k]!).toBeGreaterThan(blocksSeen[k - 1]!);
    const bytes = readFileSync(tmp);
    expect(bytes.length).toBeGreaterThan(frames * 8);
  });
});
