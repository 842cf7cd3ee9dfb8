import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRetrieval, retrievalEvalUnavailable } from '../../main/engine/library/eval';

/**
 * Acceptance figure of issue 8: retrieve-for-span on Foley World test spans puts a clip of the right ambience class
 * in the top 3 for ≥ 80 % of spans. Needs the trained default bundle and a Foley World build with test videos
 * (models/foleyworld/README.md step 4; A2S_FOLEYWORLD_BUILD overrides the folder); skipped with the reason otherwise.
 * The figure is written to test-results/library-retrieval-eval.json (`a2s library eval` prints the same).
 */
const bundleDir = path.resolve('models', 'bundles', 'default');
const buildDir = process.env.A2S_FOLEYWORLD_BUILD ?? '/work/cache/foleyworld/build-v1';
const why = retrievalEvalUnavailable(bundleDir, buildDir);

describe('retrieval quality on Foley World (trained default bundle)', () => {
  it.skipIf(why !== null)(`top-3 ambience class accuracy on test spans${why ? ` — skipped: ${why}` : ''}`, async () => {
    const r = await evaluateRetrieval({ bundleDir, buildDir, spansPerVideo: 2, maxVideos: 10 });
    mkdirSync('test-results', { recursive: true });
    writeFileSync(path.join('test-results', 'library-retrieval-eval.json'), JSON.stringify(r, null, 2));
    expect(r.spans).toBeGreaterThan(0);
    expect(r.topK).toBeGreaterThanOrEqual(r.top1);
    expect(r.chance).toBeGreaterThan(0);
    expect(r.chance).toBeLessThan(1);
    // The 80 % target is reported, not enforced (a bundle still in training must not block the build);
    // A2S_STRICT_RETRIEVAL=1 enforces it.
    if (process.env.A2S_STRICT_RETRIEVAL === '1') expect(r.topK, `top-3 ${(100 * r.topK).toFixed(1)}% (chance ${(100 * r.chance).toFixed(1)}%)`).toBeGreaterThanOrEqual(0.8);
  }, 600_000);
});
