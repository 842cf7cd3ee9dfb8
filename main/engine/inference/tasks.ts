/**
 * The tasks of the protocol: what the worker (or the in-process runner) does for each message, the same functions
 * either way, so tests of the in-process mode cover the worker's behaviour and the worker only relays messages.
 * Every session a task opens is kept for the next one: a runtime per bundle, an AV-Sim audio graph per bundle, a
 * Silero session per model.
 */
import path from 'node:path';
import type { BundleActive } from '../../contract/domains/inference';
import { EngineError } from '../core/errors';
import { hasTimingHead } from './bundle/load';
import { openAudioEmbedder, type AudioEmbedder } from './embed';
import { runGenerate, runOnsets } from './pipeline';
import type { AnyResult, EmbedAudioResult, Target, Task, TaskKind, VadResult } from './protocol';
import { closeRuntimes, openRuntime, type Runtime } from './runtime';
import { runEmbedSpan } from './video-stage';
import { openVad, sileroModelPath, type VadSession } from './vad';

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

/** Sessions kept by key; a failed open is forgotten, so a fixed file is tried again next time. */
function kept<T>(cache: Map<string, Promise<T>>, key: string, open: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    cache.set(key, (p = open()));
    p.catch(() => cache.delete(key));
  }
  return p;
}

/** Silero sessions by model file, opened on the first `vad` task for it. */
const vads = new Map<string, Promise<VadSession>>();
/** AV-Sim audio graphs by bundle folder (that graph alone), opened on the first `embedAudio` task for it. */
const audio = new Map<string, Promise<AudioEmbedder | null>>();

async function runVad(segments: readonly Float32Array[], model = sileroModelPath()): Promise<VadResult> {
  const vad = await kept(vads, path.resolve(model), () => openVad(model));
  return { speechFrames: await vad.speechFrames(segments) };
}

async function runEmbedAudio(t: Target, waves: readonly Float32Array[]): Promise<EmbedAudioResult> {
  const e = await kept(audio, path.resolve(t.bundleDir), () => openAudioEmbedder(t.bundleDir, { threads: t.threads ?? 1 }));
  if (!e) throw new EngineError('unavailable', `bundle ${t.bundleDir} has no avsimAudio graph: it cannot embed audio`, { bundle: t.bundleDir });
  return { bundle: e.bundle.id, vectors: await e.embed(waves) };
}

/** Closes what the tasks opened: the runtimes, the AV-Sim audio graphs and the VAD sessions. */
export async function closeTasks(): Promise<void> {
  const open = [...vads.values(), ...audio.values()];
  vads.clear();
  audio.clear();
  await closeRuntimes();
  for (const s of open) await s.then((x) => x?.dispose(), () => undefined);
}

function needsBundle(t: Target | null, kind: TaskKind): Target {
  if (!t) throw new EngineError('internal', `inference ${kind}: the task needs a bundle and none was given`);
  return t;
}

/** One task of the protocol, on this thread (the worker's, or the engine's in-process). */
export async function runTask(target: Target | null, task: Task, signal: AbortSignal, progress: (fraction: number, stage: string) => void): Promise<AnyResult> {
  if (task.kind === 'vad') return runVad(task.segments, task.model);
  const t = needsBundle(target, task.kind);
  const where = { bundleDir: t.bundleDir, provider: t.provider, cacheDir: t.cacheDir };
  try {
    switch (task.kind) {
      case 'generate':
        return await runGenerate({ ...task.request, threads: task.request.threads ?? t.threads }, { ...where, signal, progress, retrieval: task.retrieval });
      case 'onsets':
        return await runOnsets(task.video, task.start, task.end, { ...where, signal, progress });
      case 'embedSpan':
        return await runEmbedSpan(task.video, task.start, task.end, { ...where, threads: t.threads, signal, progress });
      case 'embedAudio':
        return await runEmbedAudio(t, task.waves);
    }
  } catch (err) {
    // A JS-side allocation failure (huge span × takes) is the same problem as ORT running out of memory.
    if (err instanceof RangeError && /allocation|invalid array length/i.test(err.message)) {
      throw new EngineError('unavailable', `out of memory while generating: try fewer takes (--takes) or a shorter span (${err.message})`);
    }
    throw err;
  }
}
