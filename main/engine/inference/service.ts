/**
 * What the worker (or the in-process runner) does for each message: the same functions either way, so tests of
 * the in-process mode cover the worker's behaviour and the worker is a thin transport.
 */
import type { BundleActive } from '../../contract/domains/inference';
import { EngineError } from '../core/errors';
import { hasTimingHead } from './bundle/load';
import { embedAudioWith } from './embed';
import { runGenerate, runOnsets } from './pipeline';
import type { AnyResult, Target, Task, VadResult } from './protocol';
import { closeRuntimes, openRuntime, type Runtime } from './runtime';
import { runEmbedSpan } from './video-stage';
import { openVad, type VadSession } from './vad';

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

/** The worker's Silero session, opened on the first `vad` task and kept (one per worker). */
let vad: Promise<VadSession> | null = null;

async function runVad(segments: readonly Float32Array[]): Promise<VadResult> {
  vad ??= openVad();
  vad.catch(() => (vad = null)); // a missing model is looked for again next time
  return { speechFrames: await (await vad).speechFrames(segments) };
}

/** Closes what the tasks opened: the runtimes and the VAD session. */
export async function closeTasks(): Promise<void> {
  const v = vad;
  vad = null;
  await closeRuntimes();
  await v?.then((s) => s.dispose(), () => undefined);
}

/** One task of the protocol, on this thread (the worker's, or the engine's in-process). */
export async function runTask(t: Target, task: Task, signal: AbortSignal, progress: (fraction: number, stage: string) => void): Promise<AnyResult> {
  const where = { bundleDir: t.bundleDir, provider: t.provider, cacheDir: t.cacheDir };
  const runtime = (): Promise<Runtime> => openRuntime(t.bundleDir, { provider: t.provider, threads: t.threads, cacheDir: t.cacheDir });
  try {
    switch (task.kind) {
      case 'generate':
        return await runGenerate({ ...task.request, threads: task.request.threads ?? t.threads }, { ...where, signal, progress, retrieval: task.retrieval });
      case 'onsets':
        return await runOnsets(task.video, task.start, task.end, { ...where, signal, progress });
      case 'embedSpan':
        return await runEmbedSpan(task.video, task.start, task.end, { ...where, threads: t.threads, signal, progress });
      case 'embedAudio': {
        const rt = await runtime();
        return { bundle: rt.bundle.id, vectors: await embedAudioWith(rt, task.waves) };
      }
      case 'vad':
        return await runVad(task.segments);
    }
  } catch (err) {
    // A JS-side allocation failure (huge span × takes) is the same problem as ORT running out of memory.
    if (err instanceof RangeError && /allocation|invalid array length/i.test(err.message)) {
      throw new EngineError('unavailable', `out of memory while generating: try fewer takes (--takes) or a shorter span (${err.message})`);
    }
    throw err;
  }
}
