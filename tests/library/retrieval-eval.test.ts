import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRetrieval, retrievalEvalUnavailable } from '../../main/engine/library/eval';

/**
 * Acceptance figure of issue 8: retrieve-for-span on Foley World test spans puts a clip of the right ambience class
 * in the top 3 for ≥ 80 % of spans, enforced on every run. Runs on the shipped test split
 * (assets/eval/foleyworld; A2S_FOLEYWORLD_BUILD points it at a larger build). The figure is written to test-results/library-retrieval-eval.json
 * (`a2s library eval` prints the same).
 */
const bundleDir = path.resolve('models', 'bundles', 'default');
const TOP3_FLOOR = 0.8;
const buildDir = process.env.A2S_FOLEYWORLD_BUILD ?? path.resolve('assets', 'eval', 'foleyworld');
const why = retrievalEvalUnavailable(bundleDir, buildDir);

describe('retrieval quality on Foley World (trained default bundle)', () => {
  it.skipIf(why !== null)(`top-3 ambience class accuracy on test spans${why ? ` — skipped: ${why}` : ''}`, async () => {
    const r = await evaluateRetrieval({ bundleDir, buildDir, spansPerVideo: 4, maxVideos: 25 });
    mkdirSync('test-results', { recursive: true });
    writeFileSync(path.join('test-results', 'library-retrieval-eval.json'), JSON.stringify(r, null, 2));
    expect(r.spans).toBeGreaterThan(0);
    expect(r.topK).toBeGreaterThanOrEqual(r.top1);
    expect(r.chance).toBeGreaterThan(0);
    expect(r.chance).toBeLessThan(1);
    // The picture must decide: the v1 bundle, whose AV-Sim could not see the scene's light, ranked below chance.
    expect(r.topK, `top-3 ${(100 * r.topK).toFixed(1)}% (chance ${(100 * r.chance).toFixed(1)}%)`).toBeGreaterThan(r.chance + 0.2);
    // The floor is issue 8's target, always enforced: the shipped bundle is what users get (measured 100 % of the
    // 20 shipped test spans with default-foleyworld-v3.1, 93.5 % of 92 spans with v2).
    expect(r.topK, `top-3 ${(100 * r.topK).toFixed(1)}% (chance ${(100 * r.chance).toFixed(1)}%)`).toBeGreaterThanOrEqual(TOP3_FLOOR);
  }, 600_000);
});
