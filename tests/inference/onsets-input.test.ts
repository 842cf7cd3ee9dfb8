import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenerateRequest } from '../../main/contract/domains/inference';
import { Engine } from '../../main/engine/host';
import { matchOnsets } from '../../main/engine/onsets';
import { runCli } from '../helpers/cli';
import { makeHitsVideo, makeIndexedVideo } from '../helpers/media-fixtures';
import { TINY_BUNDLE } from './fixtures';
import { makeVideo, tempDir } from './media';

// Issue 15, bad input: given onsets outside the span, unsorted, duplicated or non-numeric are refused naming the
// value, by the contract (editor, WebSocket) and by `a2s generate --onsets`; an empty list means "no onsets".
// `--onsets-from audio` takes them from the video's own sound.
describe('given onsets: validation', { timeout: 300_000 }, () => {
  const dir = tempDir('a2s-onsets-in-');
  const video = makeVideo(dir, 3);
  const engine = new Engine({ dataDir: path.join(dir, 'data') });
  const start = (onsets: unknown): Promise<unknown> =>
    engine.handle('generate:start', { video, start: 1, end: 2, onsets, ambient: { mode: 'none' }, bundle: TINY_BUNDLE, outDir: dir }, { transport: 'in-process', clientId: 't' });

  it('the contract names the field and the value', async () => {
    const cases: [unknown, string, RegExp][] = [
      [[1.2, 2.5], 'payload.onsets.1', /onset 2\.5 s is outside the span 1–2 s/],
      [[0.5], 'payload.onsets.0', /onset 0\.5 s is outside the span/],
      [[1.5, 1.2], 'payload.onsets.1', /onset 1\.2 s comes after 1\.5 s/],
      [[1.2, 1.5, 1.5], 'payload.onsets.2', /onset 1\.5 s is listed twice/],
      [[1.2, 'abc'], 'payload.onsets.1', /got "abc"/],
    ];
    for (const [onsets, field, message] of cases) {
      const r = await start(onsets);
      expect(r).toMatchObject({ ok: false, error: { code: 'validation', field } });
      expect((r as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it('accepts increasing times inside the span, edges included, and the empty list', () => {
    for (const onsets of [[1, 1.5, 2], []]) {
      expect(GenerateRequest.safeParse({ video, start: 1, end: 2, onsets, outDir: dir }).success).toBe(true);
    }
  });

  it('a2s generate: usage errors (exit 2) naming the item; none and \'\' are explicitly no onsets', () => {
    const base = ['generate', video, '--start', '1', '--end', '2', '--bundle', TINY_BUNDLE, '--data', path.join(dir, 'data'), '--steps', '2', '--threads', '1', '--ambient', 'none'];
    const bad: [string, RegExp][] = [
      ['1.2,2.5', /--onsets item 2: onset 2\.5 s is outside the span 1–2 s/],
      ['1.5,1.2', /--onsets item 2: onset 1\.2 s comes after 1\.5 s/],
      ['1.2,1.2', /--onsets item 2: onset 1\.2 s is listed twice/],
      ['1.2,x', /--onsets item 2 "x" is not a time in seconds/],
      ['1.2,,1.5', /--onsets item 2 "" is not a time in seconds/],
    ];
    for (const [v, message] of bad) {
      const r = runCli([...base, '--onsets', v, '--out', dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    for (const none of ['none', '']) {
      const r = runCli([...base, '--onsets', none, '--out', path.join(dir, `none${none}`), '--json']);
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout) as { onsets: number[]; takes: { metadata: string }[] };
      expect(json.onsets).toEqual([]);
      expect((JSON.parse(readFileSync(json.takes[0]!.metadata, 'utf8')) as { onsets: number[] }).onsets).toEqual([]);
    }
  });

  it('a2s generate --onsets-from audio: the takes follow the hits of the video\'s own sound; no sound is a clear error', () => {
    const hits = path.join(dir, 'hits.mp4');
    makeHitsVideo(hits, { seconds: 3, hitsAt: [0.4, 1.1, 1.9, 2.5] });
    const base = ['generate', '--start', '0.2', '--end', '2.8', '--bundle', TINY_BUNDLE, '--data', path.join(dir, 'data'), '--steps', '2', '--threads', '1', '--ambient', 'none'];
    const r = runCli([...base.slice(0, 1), hits, ...base.slice(1), '--onsets-from', 'audio', '--out', path.join(dir, 'guide'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { onsets: number[]; level: { rule: string } };
    expect(matchOnsets(json.onsets, [0.4, 1.1, 1.9, 2.5], 0.03)).toEqual({ tp: 4, fp: 0, fn: 0 });
    expect(json.level.rule).toBe('span-peak');

    const silent = path.join(dir, 'silent.mp4');
    makeIndexedVideo(silent, { frames: 75 });
    const none = runCli([...base.slice(0, 1), silent, ...base.slice(1), '--onsets-from', 'audio', '--out', path.join(dir, 'silent')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/silent\.mp4 has no audio track/);
    expect(none.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace

    const usage: [string[], RegExp][] = [
      [['--onsets-from', 'video'], /--onsets-from must be "audio"/],
      [['--onsets-from', 'audio', '--onsets', '1'], /either --onsets or --onsets-from audio/],
      [['--onsets-from', 'audio', '--onset-sensitivity', '1.5'], /--onset-sensitivity must be a number from 0 to 1, got "1\.5"/],
      [['--onset-sensitivity', '0.3'], /--onset-sensitivity needs --onsets-from audio/],
    ];
    for (const [args, message] of usage) {
      const u = runCli([...base.slice(0, 1), hits, ...base.slice(1), ...args, '--out', dir]);
      expect(u.code).toBe(2);
      expect(u.stderr).toMatch(message);
    }
  });
});
