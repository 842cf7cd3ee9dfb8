import type { ClipHit } from '../../contract/domains/library';
import type { EngineServices, HandlerRegistry } from '../core/registry';
import { getLibrary, type SearchHit } from '../library';

/** The listing shape of a clip (contract ClipHit). */
export function toHit(h: SearchHit & { why?: string }): ClipHit {
  return {
    id: h.id, path: h.path, name: h.name, score: h.score, ambientDb: h.ambientDb, peakDb: h.peakDb, lufs: h.lufs, speech: h.speech,
    duration: h.duration, licence: h.licence, author: h.author, tags: h.tags, missing: h.missing, ...(h.why ? { why: h.why } : {}),
  };
}

/** Registers the `library:*` handlers: each opens the engine's shared library lazily (DB + vectors + bundles). */
export function registerLibraryHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const lib = (): ReturnType<typeof getLibrary> => getLibrary(services);

  registry.register('library:import', async (req) => {
    const l = await lib();
    const { jobId } = services.jobs.start('import', `import ${req.paths.length === 1 ? req.paths[0] : `${req.paths.length} paths`}`, (ctx) =>
      l.import(req.paths, {
        tags: req.tags, signal: ctx.signal, jobId: ctx.jobId,
        onProgress: (p) => ctx.progress(p.done / Math.max(1, p.total), `imported ${p.done}/${p.total} · ${p.added} new · ${p.duplicates} known · ${p.failed} failed`),
      }).then(({ addedIds: _ids, ...report }) => report),
    );
    return { jobId };
  });

  registry.register('library:search', async (req) => {
    const l = await lib();
    const { hits, total } = l.search(req);
    return { results: (await l.checkFiles(hits)).map(toHit), total };
  });

  registry.register('library:retrieve', async (req) => {
    const l = await lib();
    const hits = await l.retrieveForSpan(req.video, req.start, req.end, { k: req.k, lowAmbient: req.lowAmbient, diverse: req.diverse, from: req.from, filters: req.filters });
    return { bundleId: l.defaultBundle() ?? '', results: (await l.checkFiles(hits)).map(toHit) };
  });

  registry.register('library:similar', async (req) => {
    const l = await lib();
    return { results: l.similar(req.clipId, req.k).map(toHit) };
  });

  registry.register('library:stats', async () => (await lib()).stats());

  registry.register('library:clip', async (req) => {
    const l = await lib();
    const { sha256, sampleRate, channels, speechProb, source, description, created, ...rest } = l.clip(req.id);
    return { ...toHit({ ...rest, sha256, sampleRate, channels, speechProb, source, description, created, score: 0 }), sha256, sampleRate, channels, speechProb, source, description, created, bundles: l.bundlesOf(req.id) };
  });

  registry.register('library:relink', async (req) => {
    const { relinkedIds: _ids, ...r } = await (await lib()).relink(req.folder);
    return r;
  });
}
