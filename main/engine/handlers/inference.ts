import path from 'node:path';
import type { GenerateResult } from '../../contract/domains/inference';
import type { EngineServices, HandlerRegistry } from '../core/registry';
import { activeBundleInfo, listBundles, resolveBundle, selectBundle } from '../inference/bundle/registry';
import { createRunner, type InferenceRunner } from '../inference/runner';
import type { Target } from '../inference/protocol';

const runners = new WeakMap<EngineServices, InferenceRunner>();

/** The inference runner of an engine (worker thread in built code): the CLI closes it when done. */
export function inferenceRunner(services: EngineServices): InferenceRunner {
  let r = runners.get(services);
  if (!r) {
    r = createRunner();
    runners.set(services, r);
  }
  return r;
}

function target(services: EngineServices, bundle: string | undefined, threads?: number): Target {
  const info = bundle ? resolveBundle(bundle, services.dataDir) : activeBundleInfo(services.dataDir);
  return { bundleDir: info.dir, dataDir: services.dataDir, threads };
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
    return inferenceRunner(services).load({ bundleDir: info.dir, dataDir: services.dataDir });
  });
  registry.register('generate:onsets', async (req, ctx) => {
    const r = await inferenceRunner(services).run(target(services, req.bundle), { kind: 'onsets', video: path.resolve(req.video), start: req.start, end: req.end }, { signal: ctx.signal });
    return r as { bundle: string; available: boolean; onsets: number[] };
  });
  registry.register('generate:start', (req) => {
    const t = target(services, req.bundle, req.threads);
    const label = `generate ${path.basename(req.video)} ${req.start.toFixed(2)}–${req.end.toFixed(2)} s × ${req.takes}`;
    const request = { ...req, video: path.resolve(req.video), outDir: path.resolve(req.outDir) };
    const { jobId } = services.jobs.start('generate', label, async (job) => {
      const result = await inferenceRunner(services).run(t, { kind: 'generate', request }, { signal: job.signal, progress: job.progress });
      return result as GenerateResult;
    });
    return { jobId };
  });
}
