/**
 * The clip library (issue 8, docs/DESIGN.md §5): SQLite file + in-memory AV-Sim vectors. Other domains import from here only:
 * `getLibrary(services)` (one shared, lazily opened library per engine) and `retrieveForSpan` (used by inference
 * for `--ambient auto|low`).
 */
import path from 'node:path';
import type { EngineServices } from '../core/registry';
import { activeBundleInfo, listBundles, runnerFor } from '../inference';
import { taskEmbedder, type Embedder } from './embedder';
import { Library } from './library';
import { readStarter, starterDir } from './starter';
import { SileroVad } from './vad';

export { Library, type RetrieveHit, type LibraryStats, type RetrieveOptions } from './library';
export type { Embedder } from './embedder';
export { bundleAudioEmbedder } from './embedder';
export type { ImportReport, ImportOptions } from './ingest';
export type { SearchHit, ClipFilters } from './search';
export type { ClipRecord } from './store';

export function libraryFile(services: Pick<EngineServices, 'dataDir'>): string {
  return process.env.A2S_LIBRARY_DB ?? path.join(services.dataDir, 'library.sqlite');
}

/**
 * A bundle's embedder for the engine's library: every ONNX run a task on the engine's inference worker, so no
 * session opens on this thread, which also serves requests.
 */
function engineEmbedder(services: Pick<EngineServices, 'dataDir'>, dir: string): Embedder | null {
  return taskEmbedder(runnerFor(services), { bundleDir: dir, cacheDir: path.join(services.dataDir, 'cache') });
}

/** Every valid installed bundle with an AV-Sim audio graph, the active one first (its vectors answer retrieval). */
export async function engineEmbedders(services: Pick<EngineServices, 'dataDir' | 'events'>): Promise<Embedder[]> {
  const out: Embedder[] = [];
  let active: string | null = null;
  try {
    active = activeBundleInfo(services.dataDir).dir;
  } catch {
    /* no bundle: the library still imports and searches by text */
  }
  const dirs = [...new Set([...(active ? [active] : []), ...listBundles(services.dataDir).filter((b) => b.valid).map((b) => b.dir)])];
  for (const dir of dirs) {
    try {
      const e = engineEmbedder(services, dir);
      if (e && !out.some((x) => x.bundleId === e.bundleId)) out.push(e);
    } catch (err) {
      services.events.emit('app:log', { level: 'warn', message: `library: bundle ${dir} cannot embed clips: ${(err as Error).message}` });
    }
  }
  return out;
}

export interface GetLibraryOptions {
  /** Database file (default: env A2S_LIBRARY_DB, else dataDir/library.sqlite). */
  file?: string;
  /** Import the shipped starter set when the library is empty (default true; env A2S_LIBRARY_STARTER=0 disables). */
  starter?: boolean;
  /** Open without bundles (text search only: no model load). */
  embedders?: Embedder[];
}

const shared = new WeakMap<object, Map<string, Promise<Library>>>();

/** The library of this engine, opened once per database file; background jobs (starter, backfill) start here. */
export async function getLibrary(services: EngineServices, opts: GetLibraryOptions = {}): Promise<Library> {
  const file = path.resolve(opts.file ?? libraryFile(services));
  let perEngine = shared.get(services);
  if (!perEngine) shared.set(services, (perEngine = new Map()));
  let pending = perEngine.get(file);
  if (!pending) {
    pending = openShared(services, file, opts);
    perEngine.set(file, pending);
    pending.catch(() => perEngine.delete(file)); // a failed open (bad file) is retried on the next request
  }
  const lib = await pending;
  if (!opts.embedders) await refreshBundles(services, lib);
  // Per call, not per open: a first opener that declined the starter (inference) must not stop the next one.
  if ((opts.starter ?? true) && process.env.A2S_LIBRARY_STARTER !== '0') startStarter(services, lib);
  return lib;
}

const lastRefresh = new WeakMap<Library, number>();
const REFRESH_MS = 10_000;

/**
 * A bundle installed while the engine runs (a new folder under a bundle root): at most every 10 s, on a library
 * request, new valid bundles join the library's embedders and its clips are embedded with them in the background.
 */
async function refreshBundles(services: EngineServices, lib: Library): Promise<void> {
  const now = Date.now();
  if (now - (lastRefresh.get(lib) ?? now) < REFRESH_MS) return;
  lastRefresh.set(lib, now);
  const known = new Set(lib.embedders.map((e) => e.bundleId));
  for (const b of listBundles(services.dataDir)) {
    if (!b.valid || known.has(b.id)) continue;
    try {
      const e = engineEmbedder(services, b.dir);
      if (e && lib.addEmbedder(e)) startBackfill(services, lib, e);
    } catch (err) {
      services.events.emit('app:log', { level: 'warn', message: `library: bundle ${b.dir} cannot embed clips: ${(err as Error).message}` });
    }
  }
}

function startBackfill(services: EngineServices, lib: Library, e: Embedder): void {
  services.jobs.start('embed', `embed library clips with ${e.bundleId}`, (ctx) =>
    lib.backfill(e, { signal: ctx.signal, onProgress: (p) => ctx.progress(p.done / Math.max(1, p.total), `embedding ${p.done}/${p.total} (${e.bundleId})`) }),
  );
}

const starterStarted = new WeakSet<Library>();

/** First run: an empty library imports the shipped starter set, once, as an `import` job. */
function startStarter(services: EngineServices, lib: Library): void {
  if (starterStarted.has(lib)) return;
  starterStarted.add(lib);
  const dir = starterDir();
  if (!dir || lib.stats().clips > 0 || lib.getMeta('starter')) return;
  const starter = readStarter(dir);
  services.jobs.start('import', 'starter library', async (ctx) => {
    const r = await lib.import(starter.files, {
      meta: starter.meta, signal: ctx.signal, jobId: ctx.jobId,
      onProgress: (p) => ctx.progress(p.done / Math.max(1, p.total), `starter library ${p.done}/${p.total}`),
    });
    lib.setMeta('starter', String(starter.index.version));
    services.events.emit('library:changed', { reason: 'starter', added: r.added, updated: 0, clips: lib.stats().clips });
    return r;
  });
}

async function openShared(services: EngineServices, file: string, opts: GetLibraryOptions): Promise<Library> {
  const embedders = opts.embedders ?? (await engineEmbedders(services));
  // Silero runs on the inference worker too; an import's worker threads still open their own copy (same model file).
  const lib = await Library.open(file, { embedders, vad: SileroVad.through(runnerFor(services)) });
  lib.onChange((c) => services.events.emit('library:changed', { ...c, clips: lib.stats().clips }));
  // Files moved or deleted since the last run are marked missing (kept, not dropped) in the background.
  void lib.verify().catch((err: unknown) => services.events.emit('app:log', { level: 'warn', message: `library: checking files failed: ${String(err)}` }));
  for (const e of lib.bundlesToBackfill()) startBackfill(services, lib, e);
  // Clips from before peak levels were recorded get them, so "clean" can see their events.
  void lib.measurePeaks().catch((err: unknown) => services.events.emit('app:log', { level: 'warn', message: `library: measuring peak levels failed: ${String(err)}` }));
  lastRefresh.set(lib, Date.now());
  return lib;
}

/**
 * For inference's `--ambient auto|low`: the clips that suit [start, end) of `video` by AV-Sim, or the quietest of
 * the relevant ones (lowAmbient). Empty when the library has no vectors for the active bundle.
 */
export async function retrieveForSpan(
  services: EngineServices,
  q: { video: string; start: number; end: number; lowAmbient?: boolean; k?: number },
): Promise<{ id: number; path: string; score: number; ambientDb: number }[]> {
  const lib = await getLibrary(services);
  const hits = await lib.checkFiles(await lib.retrieveForSpan(q.video, q.start, q.end, { k: q.k ?? 5, lowAmbient: q.lowAmbient }));
  return hits.filter((h) => !h.missing).map((h) => ({ id: h.id, path: h.path, score: h.score, ambientDb: h.ambientDb }));
}
