import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleAudioEmbedder } from '../../main/engine/library/embedder';
import { Library } from '../../main/engine/library/library';
import { TINY_BUNDLE, ffmpegAudio, sox, tempDir } from './fixtures';

describe('a bundle installed after import: clips are embedded in the background (backfill)', () => {
  it('embeds only the clips that lack vectors for the new bundle, then retrieval works', async () => {
    const dir = tempDir();
    sox(path.join(dir, 'in', 'a.wav'), ['2', 'pinknoise', 'vol', '0.2']);
    ffmpegAudio(path.join(dir, 'in', 'b.ogg'), 'anoisesrc=c=brown:a=0.1', 2);
    const db = path.join(dir, 'l.sqlite');
    const bare = await Library.open(db, { embedders: [], vad: null });
    expect((await bare.import([path.join(dir, 'in')])).added).toBe(2);
    expect(bare.stats().bundles).toEqual([]);
    await bare.close();

    const lib = await Library.open(db, { embedders: [(await bundleAudioEmbedder(TINY_BUNDLE))!], vad: null });
    try {
      expect(lib.bundlesToBackfill().map((e) => e.bundleId)).toEqual(['tiny-foleyworld-v1']);
      const progress: number[] = [];
      const p = await lib.backfill(lib.embedders[0]!, { onProgress: (x) => progress.push(x.done) });
      expect(p).toMatchObject({ total: 2, done: 2, failed: 0 });
      expect(progress.at(-1)).toBe(2);
      expect(lib.stats().bundles).toEqual([{ bundleId: 'tiny-foleyworld-v1', vectors: 2 }]);
      expect(lib.bundlesToBackfill()).toEqual([]);
      expect(lib.similar(1, 1)).toHaveLength(1);
    } finally {
      await lib.close();
    }
  });
});
