/**
 * What the worker (or the in-process runner) does for each message: the same functions either way, so tests of
 * the in-process mode cover the worker's behaviour and the worker is a thin transport.
 */
import type { BundleActive } from '../../contract/domains/inference';
import { EngineError } from '../core/errors';
import { hasTimingHead } from './bundle/load';
import { runGenerate, runOnsets, type RunOptions } from './pipeline';
import type { Target, Task } from './protocol';
import { openRuntime, type Runtime } from './runtime';

export function describeRuntime(rt: Runtime): BundleActive {
  const m = rt.bundle.manifest;
  return {
    id: rt.bundle.id,
    dir: rt.bundle.dir,
    provider: rt.provider,
    hasTimingHead: hasTimingHead(rt.bundle),
    manifest: {
      description: m.description ?? '',
      sampleRate: m.audio.sampleRate,
      clipSeconds: m.audio.clipSeconds,
      video: { frames: m.video.frames, width: m.video.width, height: m.video.height },
      latentShape: [...m.latent.shape],
      prediction: m.diffusion.prediction,
      sampler: m.diffusion.sampler,
      steps: m.diffusion.steps,
      guidance: m.diffusion.guidance,
      graphs: Object.keys(m.graphs),
    },
  };
}

export async function loadTarget(t: Target): Promise<BundleActive> {
  return describeRuntime(await openRuntime(t.bundleDir, { provider: t.provider, threads: t.threads, cacheDir: t.cacheDir }));
}

export async function runTask(t: Target, task: Task, signal: AbortSignal, progress: (fraction: number, stage: string) => void): Promise<unknown> {
  const opts: RunOptions = { bundleDir: t.bundleDir, provider: t.provider, cacheDir: t.cacheDir, signal, progress, retrieval: task.kind === 'generate' ? task.retrieval : undefined };
  try {
    if (task.kind === 'generate') return await runGenerate({ ...task.request, threads: task.request.threads ?? t.threads }, opts);
    return await runOnsets(task.video, task.start, task.end, opts);
  } catch (err) {
    // A JS-side allocation failure (huge span × takes) is the same problem as ORT running out of memory.
    if (err instanceof RangeError && /allocation|invalid array length/i.test(err.message)) {
      throw new EngineError('unavailable', `out of memory while generating: try fewer takes (--takes) or a shorter span (${err.message})`);
    }
    throw err;
  }
}
