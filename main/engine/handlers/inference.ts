import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { GenerateRequest } from '../../contract/domains/inference';
import { EngineError } from '../core/errors';
import type { EngineServices, HandlerRegistry } from '../core/registry';
import {
  activeBundleInfo, describeBundle, listBundles, resolveBundle, selectBundle, runnerFor, type InferenceRunner,
  type Retrieval, type Target, conditionSourceOf, recordInSidecars, type RetrievedClip,
} from '../inference';
import { getLibrary } from '../library';
import { probe } from '../media';
import { makeFolder, writeFailure } from '../project';

/** The inference runner of an engine (worker thread in built code): the CLI closes it when done. */
export function inferenceRunner(services: EngineServices): InferenceRunner {
  return runnerFor(services);
}

function target(services: EngineServices, bundle: string | undefined, threads?: number): Target {
  const info = bundle ? resolveBundle(bundle, services.dataDir) : activeBundleInfo(services.dataDir);
  return { bundleDir: info.dir, threads, cacheDir: path.join(services.dataDir, 'cache') };
}

/**
 * `auto` and `low` ask the clip library (docs/DESIGN.md §5) for the span: the worker embeds the span (AV-Sim video,
 * from the frames its generation then reuses: `embedSpan`), the library ranks its clips by that vector here, on the
 * engine thread that owns SQLite, and the choice goes down with the generate task. Any library failure (no vectors
 * for this bundle) becomes a note and the pipeline falls back to the bundle's pool or low-ambient clip. The starter
 * import is not started from here: a CLI run must not begin one.
 */
async function retrieve(
  services: EngineServices,
  t: Target,
  req: GenerateRequest,
  bundleId: string,
  o: { signal: AbortSignal; progress(fraction: number, stage: string): void },
): Promise<{ retrieval?: Retrieval; clip: RetrievedClip | null; sec: number }> {
  if (req.ambient.mode !== 'auto' && req.ambient.mode !== 'low') return { clip: null, sec: 0 };
  const span = await inferenceRunner(services).run(t, { kind: 'embedSpan', video: req.video, start: req.start, end: req.end }, o);
  const tq = performance.now();
  const done = (r: { retrieval?: Retrieval; clip: RetrievedClip | null }) => ({ ...r, sec: span.embedSec + (performance.now() - tq) / 1000 });
  if (!span.vector) return done({ retrieval: { hit: null, note: `clip library: bundle ${bundleId} has no AV-Sim video graph to match the span with` }, clip: null });
  try {
    const lib = await getLibrary(services, { starter: false });
    const hits = await lib.checkFiles(lib.retrieveByVector(span.vector, { k: 1, lowAmbient: req.ambient.mode === 'low', bundleId }));
    const hit = hits.find((h) => !h.missing);
    if (!hit) return done({ retrieval: { hit: null, note: 'the clip library has no usable clip for this span' }, clip: null });
    return done({ retrieval: { hit: { clip: String(hit.id), path: hit.path, score: hit.score } }, clip: hit });
  } catch (err) {
    if (err instanceof EngineError && err.code === 'cancelled') throw err;
    return done({ retrieval: { hit: null, note: `clip library: ${err instanceof Error ? err.message : String(err)}` }, clip: null });
  }
}

/**
 * What can be checked in a moment is checked before the job starts: a bad ambient file or an output folder that
 * cannot be made used to surface only after 9–15 s of inference.
 */
async function checkBeforeWork(request: { outDir: string; ambient: GenerateRequest['ambient'] }): Promise<void> {
  await makeFolder(request.outDir);
  await fs.access(request.outDir, constants.W_OK).catch((err: unknown) => {
    throw writeFailure(request.outDir, err);
  });
  if (request.ambient.mode === 'file' && request.ambient.path) {
    const file = path.resolve(request.ambient.path);
    const info = await probe(file).catch((err: unknown) => {
      throw err instanceof EngineError ? new EngineError(err.code, `ambient file: ${err.message}`, err.details, 'payload.ambient.path') : err;
    });
    if (info.audio.length === 0) throw new EngineError('bad-input', `ambient file: ${file} has no audio stream`, { file }, 'payload.ambient.path');
  }
}

/** Registers `bundle:*` and `generate:*`. Model work runs in the inference runner, long work as jobs. */
export function registerInferenceHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.register('bundle:list', () => {
    let active: string | null = null;
    try {
      active = activeBundleInfo(services.dataDir).dir;
    } catch {
      /* none valid: every item says active: false */
    }
    return { bundles: listBundles(services.dataDir).map((b) => ({ ...b, active: b.dir === active })) };
  });
  registry.register('bundle:active', () => inferenceRunner(services).load(target(services, undefined)));
  registry.register('bundle:select', async (req) => {
    const info = selectBundle(services.dataDir, req.id);
    return inferenceRunner(services).load({ bundleDir: info.dir });
  });
  registry.register('generate:onsets', async (req, ctx) => {
    return inferenceRunner(services).run(target(services, req.bundle), { kind: 'onsets', video: path.resolve(req.video), start: req.start, end: req.end }, { signal: ctx.signal });
  });
  registry.register('generate:start', async (req) => {
    const t = target(services, req.bundle, req.threads);
    const label = `generate ${path.basename(req.video)} ${req.start.toFixed(2)}–${req.end.toFixed(2)} s × ${req.takes}`;
    const request = { ...req, video: path.resolve(req.video), outDir: path.resolve(req.outDir) };
    await checkBeforeWork(request);
    const bundleId = describeBundle(t.bundleDir, 'user').id;
    const { jobId } = services.jobs.start('generate', label, async (job) => {
      job.progress(0, request.ambient.mode === 'auto' || request.ambient.mode === 'low' ? 'asking the clip library' : 'starting');
      const { retrieval, clip, sec: retrievalSec } = await retrieve(services, t, request, bundleId, { signal: job.signal, progress: job.progress });
      job.throwIfCancelled();
      const result = await inferenceRunner(services).run(t, { kind: 'generate', request, retrieval }, { signal: job.signal, progress: job.progress });
      const source = conditionSourceOf(result.condition, clip, { id: bundleId, dir: t.bundleDir });
      await recordInSidecars(result, source);
      return { ...result, condition: { ...result.condition, source }, timings: { ...result.timings, retrievalSec } };
    });
    return { jobId };
  });
}
