import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudio } from '../../main/engine/media';
import { detectOnsets, f1, matchOnsets, addCounts, type MatchCounts } from '../../main/engine/onsets';
import { runCli } from '../helpers/cli';

/** Issue 7 acceptance: `a2s generate` on Foley World test videos gives takes whose onsets match the events. */
const data = 'assets/eval/foleyworld';
const ready = existsSync('models/bundles/default/manifest.json') && existsSync(path.join(data, 'clips', 'test.jsonl'));
// eslint-disable-next-line no-console -- the skip reason must be visible in CI logs
if (!ready) console.warn('skipped: needs models/bundles/default and assets/eval/foleyworld');

interface Row {
  long: string;
  start: number;
  end: number;
  events: { time: number; offscreen: boolean }[];
}

function pickClips(n: number): Row[] {
  const rows = readFileSync(path.join(data, 'clips', 'test.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  const byVideo = new Map<string, Row>();
  for (const r of rows) {
    const onScreen = r.events.filter((e) => !e.offscreen).length;
    if (onScreen >= 2 && !byVideo.has(r.long)) byVideo.set(r.long, r); // one clip per video, for variety
  }
  return [...byVideo.values()].slice(0, n);
}

describe.skipIf(!ready)('a2s generate on Foley World test videos (default bundle)', () => {
  it('gives takes whose onsets match the contact events on 3 clips', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'a2s-sync-'));
    let counts: MatchCounts = { tp: 0, fp: 0, fn: 0 };
    for (const [i, clip] of pickClips(3).entries()) {
      const video = path.join(data, 'long', `${clip.long}.mp4`);
      const r = runCli(['generate', video, '--start', String(clip.start), '--end', String(clip.end), '--ambient', 'low', '--takes', '1', '--seed', String(i), '--out', path.join(out, String(i)), '--json'], { timeoutMs: 240_000 });
      expect(r.code, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout) as { takes: { path: string; seconds: number }[] };
      expect(res.takes).toHaveLength(1);
      const wave = (await decodeAudio(res.takes[0]!.path, { rate: 16000, channels: 1 })).channels[0]!;
      const truth = clip.events.filter((e) => !e.offscreen).map((e) => e.time);
      counts = addCounts(counts, matchOnsets(detectOnsets(wave, 16000), truth));
    }
    // The detector's ceiling on real Foley World audio is ~0.5–0.7 and random onsets score ~0.2 (a2s eval).
    expect(f1(counts), JSON.stringify(counts)).toBeGreaterThan(0.45);
  }, 600_000);
});
