import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdaptResult } from '../../main/contract/domains/adapt';
import { writeCard, type AdapterBase } from '../../main/engine/adapt/adapter';
import { TrainEvent } from '../../main/engine/adapt/python';
import { readManifest } from '../../main/engine/inference';
import { tempDir } from '../helpers/media-fixtures';
import { TINY_BUNDLE } from '../inference/fixtures';

// The video encoder's trainer trains a second time with a lower onset-frame weight where the first training kept no
// held-back gain under the Foley World guard (models/a2s_models/train/adapt_loop.py first_gain): its events carry
// which trainings ran, the job result keeps them, the CARD says why the second ran and which was kept.
describe('adapt: a second, more conservative training', () => {
  const { dir, cleanup } = tempDir('a2s-adapt-trainings-');
  afterAll(cleanup);
  const score = { f1: 0, precision: 0, recall: 0, predicted: 0, reference: 5 };

  it("the trainer's events with trainings parse (a later training's progress says which it is)", () => {
    const progress = TrainEvent.parse({
      event: 'progress', step: 25, of: 400, seconds: 2, budget: 600, valF1: 0.3, valLoss: 1, best: 0.3, bestStep: 25, attempt: 2, posWeight: 10,
    });
    expect(progress).toMatchObject({ attempt: 2, posWeight: 10 });
    const done = TrainEvent.parse({
      event: 'done', steps: 400, bestStep: 275, before: { f1: 0, loss: 29 }, after: { f1: 0.333, loss: 9 }, trainWindows: 30, valWindows: 1,
      posWeight: 10, attempts: [
        { posWeight: 20, steps: 400, bestStep: 350, after: { f1: 0, loss: 9 } },
        { posWeight: 10, steps: 400, bestStep: 275, after: { f1: 0.333, loss: 9 } },
      ],
    });
    expect(done.event === 'done' && done.attempts?.map((a) => a.posWeight)).toEqual([20, 10]);
    // a trainer with one training (the motion net, older trainers) sends neither
    expect(TrainEvent.parse({ event: 'done', steps: 30, bestStep: 25, before: { f1: 0, loss: 1 }, after: { f1: 0, loss: 1 }, trainWindows: 3, valWindows: 1 })).not.toHaveProperty('attempts');
  });

  it('the CARD names both trainings and the one kept; with one training it says nothing of them', async () => {
    const manifest = readManifest(TINY_BUNDLE);
    const base: AdapterBase = { id: manifest.id, dir: TINY_BUNDLE, sha256: 'ab'.repeat(32), manifest, root: { id: manifest.id, dir: TINY_BUNDLE, sha256: 'ab'.repeat(32), graphs: {}, fields: {} } };
    const training = {
      steps: 400, bestStep: 275, seconds: 70, resumedFrom: 0, cpuSeconds: 100, posWeight: 10,
      trainings: [{ posWeight: 20, steps: 400, bestStep: 350, heldBack: 0 }, { posWeight: 10, steps: 400, bestStep: 275, heldBack: 0.333 }],
    };
    const report = AdaptResult.parse({
      name: 'shoot', dir, id: 'shoot', base: { id: base.id, dir: base.dir, sha256: base.sha256 },
      used: [{ file: '/x/r06.mp4', seconds: 5, onsets: 16, role: 'split' }], skipped: [], heldBack: [{ file: '/x/r06.mp4', start: 2.98, end: 5 }],
      before: score, after: { ...score, f1: 0.333 }, training,
    });
    await writeCard(dir, 'shoot', base, report);
    const card = readFileSync(path.join(dir, 'CARD.md'), 'utf8');
    expect(card).toContain('onset-frame weight 20 (400 steps, held-back F1 0.000); onset-frame weight 10 (400 steps, held-back F1 0.333)');
    expect(card).toMatch(/The first kept no held-back gain under the Foley World guard, so a more conservative one ran; the one with weight 10 was kept/);
    await writeCard(dir, 'shoot', base, { ...report, training: { ...training, trainings: [training.trainings[0]!], posWeight: 20 } });
    expect(readFileSync(path.join(dir, 'CARD.md'), 'utf8')).not.toContain('Trainings:');
  });
});
