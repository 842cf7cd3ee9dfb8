import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EngineServices, HandlerRegistry } from '../core/registry';
import { findTools, makeProxy, peaks, probe, thumbnails } from '../media';
import { prepareVideo } from './frames-proxy';

/** Registers the `media:*` handlers. Caches (peaks, thumbnails, proxies) live under <dataDir>/cache. */
export function registerMediaHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const cacheDir = path.join(services.dataDir, 'cache');
  registry.register('media:tools', () => findTools());
  registry.register('media:probe', (req, ctx) => probe(path.resolve(req.path), { signal: ctx.signal }));
  registry.register('media:peaks', async (req, ctx) => {
    const p = await peaks(path.resolve(req.path), { samplesPerBucket: req.samplesPerBucket, cacheDir, signal: ctx.signal });
    const from = Math.min(req.fromBucket ?? 0, p.min.length);
    const to = req.bucketCount === undefined ? p.min.length : Math.min(p.min.length, from + req.bucketCount);
    // Three decimals is below a pixel at any waveform height and keeps the JSON small.
    const round = (a: Float32Array): number[] => Array.from(a.subarray(from, to), (x) => Math.round(x * 1000) / 1000);
    return { rate: p.rate, frames: p.frames, samplesPerBucket: p.samplesPerBucket, fromBucket: from, totalBuckets: p.min.length, exact: p.exact, min: round(p.min), max: round(p.max) };
  });
  registry.register('media:thumbnails', async (req, ctx) => {
    const t = await thumbnails(path.resolve(req.path), { count: req.count, height: req.height, cacheDir, signal: ctx.signal });
    const items = await Promise.all(t.items.map(async (it) => ({ ...it, dataUrl: `data:image/jpeg;base64,${(await fs.readFile(it.path)).toString('base64')}` })));
    return { width: t.width, height: t.height, items };
  });
  registry.register('media:proxy', async (req) => {
    const file = path.resolve(req.path);
    await probe(file); // fail fast (bad file → error to the caller, not a failed job)
    const { jobId } = services.jobs.start('proxy', `proxy ${path.basename(file)}`, (job) =>
      makeProxy(file, { cacheDir, signal: job.signal, onProgress: (f) => job.progress(f, 'transcoding') }),
    );
    return { jobId };
  });
  registry.register('media:prepare', (req) => prepareVideo(services, path.resolve(req.path), cacheDir));
}
