/**
 * The training step runs in `models/` (PyTorch; ONNX Runtime training is not available here) as a child process
 * the engine owns (media/proc.ts: killed on cancel and on exit). Python: A2S_PYTHON, else /usr/bin/python3, else
 * `python3` on PATH. It reports JSON lines on stdout, parsed here with zod.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../core/errors';
import { runTool } from '../media/proc';

export function pythonBin(): string {
  return process.env.A2S_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

/** The repository's (or the packaged app's) `models` folder, found by walking up from this file. */
export function modelsDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'models', 'a2s_models', 'train', 'adapt.py'))) return path.join(dir, 'models');
    dir = path.dirname(dir);
  }
  throw new EngineError('unavailable', 'models/a2s_models (the training code) is not installed beside this build: adapt needs it');
}

const Score = z.object({ f1: z.number(), loss: z.number() });
const TrainGuard = z.object({
  windows: z.number().int(), base: z.number(), adapter: z.number(), alpha: z.number(), offset: z.number().default(0),
  tried: z.array(z.object({ alpha: z.number(), offset: z.number().default(0), valF1: z.number(), guardF1: z.number(), ok: z.boolean() })),
});
export const TrainEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('stage'), stage: z.string() }),
  z.object({ event: z.literal('resumed'), step: z.number().int() }),
  z.object({ event: z.literal('before'), f1: z.number(), loss: z.number(), train: z.number().int(), val: z.number().int() }),
  z.object({
    event: z.literal('progress'), step: z.number().int(), of: z.number().int(), seconds: z.number(), budget: z.number(),
    valF1: z.number(), valLoss: z.number(), best: z.number(), bestStep: z.number().int(),
    /** A later training's number (2: the second, adapt_loop.first_gain); its steps and seconds count from 0 again. */
    attempt: z.number().int().optional(), posWeight: z.number().optional(),
  }),
  z.object({
    event: z.literal('done'), steps: z.number().int(), bestStep: z.number().int(), before: Score, after: Score,
    trainWindows: z.number().int(), valWindows: z.number().int(), cpuSeconds: z.number().optional(),
    /** Foley World rehearsal windows offered and the share of each batch drawn from them (0: none). */
    rehearsalWindows: z.number().int().optional(), rehearsalShare: z.number().optional(),
    /**
     * The Foley World guard (adapt_loop.choose_alpha): its windows, the base's guard F1, the kept weights' guard F1,
     * their α (θ_base + α(θ_best − θ_base)) and onset-logit offset, every (α, offset) tried; null without guard clips,
     * absent from an older trainer.
     */
    guard: TrainGuard.nullable().optional(),
    /** Motion net only: the graph it adapted, the calibration offset kept, rebuilt/exported parity (null: no ONNX runtime). */
    graph: z.string().optional(), logitBias: z.number().optional(),
    rebuiltRelDiff: z.number().nullable().optional(), exportRelDiff: z.number().nullable().optional(),
    /**
     * Video encoder: the onset-frame weight of the training kept, and every training in order (a second, with a
     * lower weight, only where the first kept no held-back gain under the guard: adapt_loop.first_gain).
     */
    posWeight: z.number().optional(),
    attempts: z.array(z.object({ posWeight: z.number(), steps: z.number().int(), bestStep: z.number().int(), after: Score })).optional(),
  }),
]);
export type TrainEvent = z.infer<typeof TrainEvent>;
export type TrainDone = Extract<TrainEvent, { event: 'done' }>;

/** Python with torch and onnx installed (found, not imported), or an `unavailable` error saying what to install. */
export async function checkPython(signal?: AbortSignal): Promise<string> {
  const bin = pythonBin();
  // find_spec looks the modules up without importing them: importing torch costs ~2 CPU-s, and the trainer imports it anyway
  const script = "import importlib.util as u, sys; m = [n for n in ('torch', 'onnx') if u.find_spec(n) is None]; print(f\"No module named '{m[0]}'\", file=sys.stderr) if m else print('ok'); sys.exit(1 if m else 0)";
  const res = await runTool(bin, ['-c', script], { file: bin, signal }).catch((err: unknown) => {
    if (err instanceof EngineError && err.code === 'cancelled') throw err;
    return null;
  });
  if (!res) throw new EngineError('unavailable', `adapt trains with Python 3 + PyTorch, and ${bin} cannot be run: install python3 (Debian: apt install python3 python3-torch python3-onnx) or set A2S_PYTHON`, { python: bin });
  if (res.code !== 0) {
    const missing = /No module named '([^']+)'/.exec(res.stderr)?.[1] ?? 'torch/onnx';
    throw new EngineError('unavailable', `adapt trains with PyTorch, and ${bin} has no ${missing} module: install it (Debian: apt install python3-torch python3-onnx; or pip install torch onnx) or point A2S_PYTHON at a Python that has it`, { python: bin, missing });
  }
  return res.stdout.toString('utf8').trim();
}

export interface TrainOptions {
  work: string;
  base: string;
  out: string;
  /** The graph being adapted (adapter.ts adaptedGraph): words the errors. */
  graph: 'motionTiming' | 'videoEncoder';
  minutes: number;
  seed: number;
  maxSteps?: number;
  /** Share of each batch from the rehearsal windows (the trainer's default when absent). */
  rehearsalShare?: number;
  threads: number;
  signal?: AbortSignal;
  onEvent(e: TrainEvent): void;
}

export async function runTraining(o: TrainOptions): Promise<TrainDone> {
  const bin = pythonBin();
  const models = modelsDir();
  const args = ['--work', o.work, '--base', o.base, '--out', o.out, '--minutes', String(o.minutes), '--seed', String(o.seed), '--threads', String(o.threads)];
  if (o.maxSteps !== undefined) args.push('--max-steps', String(o.maxSteps));
  if (o.rehearsalShare !== undefined) args.push('--rehearsal-share', String(o.rehearsalShare));
  // -c with sys.path: the child needs no cwd or PYTHONPATH (runTool passes neither)
  const boot = `import sys; sys.path.insert(0, ${JSON.stringify(models)}); from a2s_models.train.adapt import main; main()`;
  const got: { done?: TrainDone } = {};
  let partial = '';
  const onStdout = (chunk: Buffer): void => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = TrainEvent.safeParse(json);
      if (!parsed.success) continue; // a line we do not know (newer trainer): progress is best effort
      if (parsed.data.event === 'done') got.done = parsed.data;
      o.onEvent(parsed.data);
    }
  };
  const res = await runTool(bin, ['-c', boot, ...args], { file: o.work, signal: o.signal, onStdout, stderrLimit: 16 * 1024 });
  onStdout(Buffer.from('\n'));
  const done = got.done;
  if (res.code !== 0 || !done) {
    const tail = res.stderr.trim().split('\n').slice(-6).join('\n');
    // the trainer rebuilds the head from the graph's weights: a bundle exported from an older network
    // (models/bundles/tiny) lacks layers it needs, and no retry helps
    const what = o.graph === 'motionTiming' ? 'motion timing net' : 'video encoder';
    const missing = /recover: (\d+) parameters not found in the graphs/.exec(tail)?.[1];
    if (missing) {
      throw new EngineError('unavailable', `adapt cannot rebuild the ${what} of ${o.base}: it comes from an older network than the trainer's (${missing} of the trainer's weights are not in it); adapt from a current bundle (e.g. default)`, { work: o.work, base: o.base });
    }
    if (/not a graph this trainer can rebuild/.test(tail)) {
      throw new EngineError('unavailable', `adapt cannot rebuild the ${what} of ${o.base}: the net rebuilt from its weights does not reproduce the graph (${tail.split('\n').pop()}); adapt from a bundle exported by this version's models/`, { work: o.work, base: o.base });
    }
    throw new EngineError('internal', `adapt: training failed (exit ${res.code}): ${tail || 'no output'}`, { work: o.work, code: res.code });
  }
  return done;
}
