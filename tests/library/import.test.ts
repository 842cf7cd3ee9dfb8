import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAudioEmbedder } from '../../main/engine/library/embedder';
import { Library } from '../../main/engine/library/library';
import { TINY_BUNDLE, ffmpegAudio, sox, tempDir } from './fixtures';

describe('library import (real audio from sox/ffmpeg, real SQLite, real ONNX Runtime)', () => {
  const dir = tempDir();
  const media = path.join(dir, 'media');
  let lib: Library;

  beforeAll(async () => {
    sox(path.join(media, 'rain_forest.wav'), ['3', 'pinknoise', 'vol', '0.3'], { channels: 2, bits: 16 });
    sox(path.join(media, 'quiet', 'room_tone.wav'), ['3', 'brownnoise', 'vol', '0.003'], { rate: 44100, bits: 24 });
    sox(path.join(media, 'quiet', 'hum_60.wav'), ['2.5', 'sine', '60', 'vol', '0.05'], { rate: 16000, bits: 32 });
    ffmpegAudio(path.join(media, 'creek.ogg'), 'anoisesrc=c=white:a=0.2', 2);
    writeFileSync(path.join(media, 'broken.wav'), 'this is not audio at all');
    writeFileSync(path.join(media, 'empty.flac'), '');
    lib = await Library.open(path.join(dir, 'lib.sqlite'), { embedders: [(await bundleAudioEmbedder(TINY_BUNDLE))!] });
  });
  afterAll(async () => {
    await lib.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a folder recursively, analyses each clip, and reports bad files without aborting', async () => {
    const progress: number[] = [];
    const r = await lib.import([media], { batchSize: 2, onProgress: (p) => progress.push(p.done) });
    expect(r.added).toBe(4);
    expect(r.failed).toBe(2);
    expect(r.errors.map((e) => path.basename(e.path)).sort()).toEqual(['broken.wav', 'empty.flac']);
    for (const e of r.errors) expect(e.error).toContain(e.path); // every error names its file
    expect(progress.at(-1)).toBe(6);
    const rain = lib.search({ text: 'rain' }).hits[0]!;
    expect(rain.name).toBe('rain_forest');
    expect(rain.sampleRate).toBe(48000);
    expect(rain.channels).toBe(2);
    expect(rain.duration).toBeCloseTo(3, 2);
    const room = lib.search({ text: 'room' }).hits[0]!;
    expect(room.sampleRate).toBe(44100);
    // pink noise at vol 0.3 is far louder than brown noise at vol 0.003: the ambient level says so.
    expect(rain.ambientDb - room.ambientDb).toBeGreaterThan(30);
    expect(rain.lufs).not.toBeNull();
    expect(rain.lufs!).toBeGreaterThan(room.lufs!);
    expect(rain.speech).toBe(false);
    const creek = lib.search({ text: 'creek' }).hits[0]!;
    expect(creek.duration).toBeCloseTo(2, 1); // decoded through ffmpeg
    expect(lib.stats().bundles).toEqual([{ bundleId: 'tiny-foleyworld-v1', vectors: 4 }]);
  });

  it('re-import adds nothing: same paths, and a copy of known content at a new path', async () => {
    copyFileSync(path.join(media, 'rain_forest.wav'), path.join(dir, 'copy_of_rain.wav'));
    const r = await lib.import([media, path.join(dir, 'copy_of_rain.wav')]);
    expect(r.added).toBe(0);
    expect(r.duplicates).toBe(5);
    expect(lib.stats().clips).toBe(4);
  });

  it('searches by text prefix and by filters', () => {
    expect(lib.search({ text: 'rai for' }).hits.map((h) => h.name)).toEqual(['rain_forest']);
    const quiet = lib.search({ filters: { ambientMaxDb: -40 } }).hits.map((h) => h.name).sort();
    expect(quiet).toContain('room_tone');
    expect(quiet).not.toContain('rain_forest');
    expect(lib.search({ filters: { durationMin: 2.75 } }).hits.map((h) => h.name).sort()).toEqual(['rain_forest', 'room_tone']);
    expect(lib.search({ text: 'AND OR "*' }).hits).toEqual([]); // FTS syntax in user text never throws
  });

  it('tags and licences filter, and similar-to-clip ranks by audio embedding', async () => {
    const extra = path.join(dir, 'extra');
    sox(path.join(extra, 'wind_gust.wav'), ['2', 'pinknoise', 'vol', '0.2'], { rate: 32000 });
    const r = await lib.import([extra], { tags: ['Wind', 'outdoor'], meta: () => ({ licence: 'CC0-1.0', author: 'test' }) });
    expect(r.added).toBe(1);
    expect(lib.search({ filters: { tags: ['wind', 'OUTDOOR'] } }).hits.map((h) => h.name)).toEqual(['wind_gust']);
    expect(lib.search({ filters: { licences: ['cc0-1.0'] } }).total).toBe(1);
    expect(lib.search({ text: 'outdoor' }).hits.map((h) => h.name)).toEqual(['wind_gust']); // tags are searchable
    const id = r.addedIds[0]!;
    const sim = lib.similar(id, 3);
    expect(sim).toHaveLength(3);
    expect(sim.map((s) => s.id)).not.toContain(id);
    for (let i = 1; i < sim.length; i++) expect(sim[i - 1]!.score).toBeGreaterThanOrEqual(sim[i]!.score);
  });

  it('diverse retrieval returns k distinct clips, the most relevant first', () => {
    const q = lib.embeddingOf(lib.search({ text: 'rain' }).hits[0]!.id)!.vector;
    const plain = lib.retrieveByVector(q, { k: 3 });
    const diverse = lib.retrieveByVector(q, { k: 3, diverse: true });
    expect(new Set(diverse.map((h) => h.id)).size).toBe(3);
    expect(diverse[0]!.id).toBe(plain[0]!.id);
  });

  it('flags speech with Silero VAD: a market crowd yes, wind and synthetic noise no (shipped starter clips)', async () => {
    const crowd = path.join('assets', 'library', 'town_0ad_amb_trade_10.ogg');
    const wind = path.join('assets', 'library', 'wind_re_wind.ogg');
    const r = await lib.import([crowd, wind]);
    expect(r.added).toBe(2);
    const [a, b] = r.addedIds.map((id) => lib.clip(id));
    expect(a!.speech).toBe(true);
    expect(a!.speechProb).toBeGreaterThan(0.6);
    expect(b!.speech).toBe(false);
    expect(lib.search({ filters: { speech: true } }).hits.map((h) => h.name)).toEqual(['town_0ad_amb_trade_10']);
  });

  it('cancels between batches: committed batches stay, the job is recorded as cancelled', async () => {
    const many = path.join(dir, 'many');
    const base = sox(path.join(many, 'base.wav'), ['0.3', 'pinknoise', 'vol', '0.1'], { rate: 16000, bits: 16 });
    const buf = readFileSync(base);
    rmSync(base);
    for (let i = 0; i < 60; i++) {
      const copy = Buffer.from(buf);
      copy.writeUInt16LE(i + 1, 60);
      writeFileSync(path.join(many, `n${i}.wav`), copy);
    }
    const before = lib.stats().clips;
    const ac = new AbortController();
    const run = lib.import([many], { batchSize: 8, signal: ac.signal, jobId: 'cancel-test', onProgress: () => ac.abort() });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    const added = lib.stats().clips - before;
    expect(added).toBe(8); // exactly the batch committed before the cancel
    expect(lib.db.prepare('SELECT state FROM import_jobs WHERE id = ?').get('cancel-test')).toEqual({ state: 'cancelled' });
  });

  it('marks moved files missing (kept, not dropped) and relinks them by hash', async () => {
    const moved = path.join(dir, 'moved');
    mkdirSync(moved);
    renameSync(path.join(media, 'quiet', 'room_tone.wav'), path.join(moved, 'renamed.wav'));
    const v = await lib.verify();
    expect(v.missing).toBe(1);
    expect(lib.stats().missing).toBe(1);
    expect(lib.search({ text: 'room' }).hits).toEqual([]); // hidden by default
    const hidden = lib.search({ text: 'room', filters: { includeMissing: true } }).hits;
    expect(hidden[0]!.missing).toBe(true);
    const before = lib.indexes.get('tiny-foleyworld-v1')!.size;
    const r = await lib.relink(moved);
    expect(r).toMatchObject({ relinked: 1, stillMissing: 0 });
    const back = lib.clip(hidden[0]!.id);
    expect(back.path).toBe(path.join(moved, 'renamed.wav'));
    expect(back.missing).toBe(false);
    expect(lib.indexes.get('tiny-foleyworld-v1')!.size).toBe(before + 1);
  });
});
