import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { meanEmbedding } from './analyse';
import { bundleAudioEmbedder } from './embedder';
import { Library } from './library';
import { readStarter, starterDir } from './starter';

/**
 * Retrieval quality on Foley World (issue 8 acceptance): for spans of the test split's long videos, does AV-Sim
 * retrieval put a starter clip of the video's ambience class in the top 3? The starter set is cut from train/val
 * recordings only, so every test span is a recording the library has never heard.
 */
export interface RetrievalEval {
  bundleId: string;
  split: string;
  spans: number;
  k: number;
  /** Fraction of spans with a clip of the right ambience class in the top k. */
  topK: number;
  /** Same for the first result alone. */
  top1: number;
  /** Top-k with diversified results (`diverse: true`, maximal marginal relevance). */
  topKDiverse: number;
  /** Top-k when the span is described by its own sound (`from: 'audio'`) and by both picture and sound. */
  topKFromAudio: number;
  topKFromBoth: number;
  perClass: Record<string, { spans: number; topK: number }>;
  /** A random ranking's top-k hit rate for this library (the floor to beat). */
  chance: number;
  seconds: number;
}

interface LongVideo {
  id: string;
  split: string;
  duration: number;
  ambience: string;
}

/** Why the evaluation cannot run here, or null when it can. */
export function retrievalEvalUnavailable(bundleDir: string, buildDir: string, split = 'test'): string | null {
  if (!existsSync(path.join(bundleDir, 'manifest.json'))) return `no trained bundle at ${bundleDir} (manifest.json missing)`;
  const graphs = (JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as { graphs?: Record<string, unknown> }).graphs ?? {};
  if (!graphs.avsimVideo || !graphs.avsimAudio) return `bundle ${bundleDir} has no AV-Sim graphs`;
  const long = path.join(buildDir, 'long');
  if (!existsSync(long)) return `no Foley World build at ${buildDir} (run models/foleyworld build --splits val,test)`;
  const names = new Set(readdirSync(long));
  // The JSON is written after the mp4: a pair means a finished video (a build may still be running).
  if (![...names].some((f) => f.startsWith(`${split}-`) && f.endsWith('.json') && names.has(f.replace(/\.json$/, '.mp4')))) {
    return `the Foley World build ${buildDir} has no finished ${split} videos yet`;
  }
  if (!starterDir()) return 'assets/library (the starter set) not found';
  return null;
}

export async function evaluateRetrieval(opts: { bundleDir: string; buildDir: string; split?: string; spansPerVideo?: number; maxVideos?: number; k?: number; window?: number }): Promise<RetrievalEval> {
  const t0 = performance.now();
  const split = opts.split ?? 'test';
  const k = opts.k ?? 3;
  const why = retrievalEvalUnavailable(opts.bundleDir, opts.buildDir, split);
  if (why) throw new EngineError('unavailable', why);
  const embedder = await bundleAudioEmbedder(opts.bundleDir);
  if (!embedder?.embedVideoSpan) throw new EngineError('unavailable', `bundle ${opts.bundleDir} cannot embed video`);
  const embedVideo = embedder.embedVideoSpan;
  const long = path.join(opts.buildDir, 'long');
  const videos = readdirSync(long)
    .filter((f) => f.startsWith(`${split}-`) && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(long, f), 'utf8')) as LongVideo)
    .filter((v) => existsSync(path.join(long, `${v.id}.mp4`)))
    .slice(0, opts.maxVideos ?? Infinity);
  const db = path.join(os.tmpdir(), `a2s-retrieval-eval-${process.pid}.sqlite`);
  const lib = await Library.open(db, { embedders: [embedder], vad: null });
  try {
    const starter = readStarter(starterDir()!);
    await lib.import(starter.files, { meta: starter.meta });
    const classOf = new Map(lib.search({ k: 1000 }).hits.map((h) => [h.id, starter.index.clips.find((c) => h.path.endsWith(c.file))?.class ?? '']));
    const per: RetrievalEval['perClass'] = {};
    let hits = 0, first = 0, spans = 0, diverseHits = 0, audioHits = 0, bothHits = 0;
    const win = opts.window ?? 2.048;
    for (const v of videos) {
      const n = opts.spansPerVideo ?? 4;
      for (let i = 0; i < n; i++) {
        const start = ((i + 0.5) * (v.duration - win)) / n;
        const q = await embedVideo(path.join(long, `${v.id}.mp4`), start, start + win);
        const top = lib.retrieveByVector(q, { k, bundleId: embedder.bundleId });
        const classes = top.map((h) => classOf.get(h.id));
        const ok = classes.includes(v.ambience);
        per[v.ambience] ??= { spans: 0, topK: 0 };
        per[v.ambience]!.spans++;
        if (ok) {
          per[v.ambience]!.topK++;
          hits++;
        }
        if (classes[0] === v.ambience) first++;
        const div = lib.retrieveByVector(q, { k, bundleId: embedder.bundleId, diverse: true });
        if (div.some((h) => classOf.get(h.id) === v.ambience)) diverseHits++;
        const qa = await lib.embedSpanAudio(embedder, path.join(long, `${v.id}.mp4`), start, start + win);
        const right = (q2: Float32Array): boolean => lib.retrieveByVector(q2, { k, bundleId: embedder.bundleId }).some((h) => classOf.get(h.id) === v.ambience);
        if (right(qa)) audioHits++;
        if (right(meanEmbedding([q, qa]))) bothHits++;
        spans++;
      }
    }
    for (const c of Object.values(per)) c.topK = c.topK / c.spans;
    // Chance: probability that k clips drawn at random (without replacement) include one of the right class.
    const counts = new Map<string, number>();
    for (const c of classOf.values()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const N = classOf.size;
    let chance = 0;
    for (const [cls, s] of Object.entries(per)) {
      const m = counts.get(cls) ?? 0;
      let miss = 1;
      for (let j = 0; j < k; j++) miss *= (N - m - j) / (N - j);
      chance += (s.spans / Math.max(1, spans)) * (1 - miss);
    }
    return { bundleId: embedder.bundleId, split, spans, k, topK: hits / Math.max(1, spans), topKDiverse: diverseHits / Math.max(1, spans), topKFromAudio: audioHits / Math.max(1, spans), topKFromBoth: bothHits / Math.max(1, spans), top1: first / Math.max(1, spans), perClass: per, chance, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await lib.close();
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  }
}
