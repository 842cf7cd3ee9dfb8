/**
 * `adapt:start` (issue 22): screen the clips, decode once, train in Python, write the adapter, score before/after,
 * rename into `<dataDir>/bundles/NAME`. The work folder `<dataDir>/adapt-work/NAME` keeps the decoded data and the
 * trainer's checkpoint until the adapter is in place, so a cancelled or failed run resumes where it stopped when run
 * again with the same inputs; the adapter folder appears whole or not at all.
 */
import os from 'node:os';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { AdaptRequest, AdaptResult, SkippedClip } from '../../contract/domains/adapt';
import { EngineError } from '../core/errors';
import { makeBundle, readManifest, manifestHash, activeBundleInfo, listBundles, resolveBundle, type Manifest } from '../inference';
import type { JobContext } from '../jobs/jobs';
import { SileroVad } from '../library/vad';
import { adaptedGraph, writeCard, writeManifest, type AdapterBase } from './adapter';
import { listInputs } from './inputs';
import { writeTrainingData } from './prepare';
import { REHEARSAL_SECONDS, defaultRehearsalDir, readRehearsal, type RehearsalClip, type RehearsalSet } from './rehearsal';
import { checkPython, runTraining } from './python';
import { timingScore } from './score';
import { worldCheck } from './world';
import { defaultEvalDataDir } from '../eval/paths';
import { screenClip, type UsableClip } from './screen';
import { splitClips, type Split } from './split';

type Request = z.output<typeof AdaptRequest>;

export interface Prepared {
  readonly base: AdapterBase;
  readonly target: string;
  readonly work: string;
}

/** A bundle made by `a2s adapt` (its manifest carries the adaptation's report), not a shipped overlay. */
function isUserAdapter(m: Manifest): boolean {
  return !!m.baseBundle && 'adapter' in m;
}

/** Where a user adapter was adapted from (its report's base, when that folder is still there), else its base. */
function adaptedFrom(m: Manifest): string | undefined {
  const from = z.object({ base: z.object({ dir: z.string() }) }).safeParse((m as { adapter?: unknown }).adapter);
  if (from.success && existsSync(path.join(from.data.base.dir, 'manifest.json'))) return from.data.base.dir;
  return m.baseBundle?.dir;
}

/**
 * What the adapter is written against. A full bundle is its own root. A shipped overlay (foleyworld-v4-motion: the
 * default plus a motion timing graph) is adapted as the bundle it is — its timing head — and the adapter overlays the
 * full bundle under it, carrying the overlay's other graphs and fields: overlays do not stack (bundle/overlay.ts).
 */
function rootOf(dir: string, manifest: Manifest): AdapterBase['root'] {
  const ref = manifest.baseBundle;
  if (!ref?.dir) return { id: manifest.id, dir, sha256: '', graphs: {}, fields: {} };
  const raw = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  const own = new Set(ref.graphs ?? []);
  const graphs = Object.fromEntries(Object.entries(manifest.graphs).filter(([k]) => own.has(k) && k !== adaptedGraph(manifest)));
  const fields = Object.fromEntries(Object.entries(raw).filter(([k]) => !OWN_FIELDS.has(k)));
  return { id: ref.id, dir: ref.dir, sha256: ref.sha256, graphs, fields };
}

/** An overlay's manifest fields the adapter writes itself rather than carrying over. */
const OWN_FIELDS = new Set(['format', 'id', 'license', 'description', 'baseBundle', 'graphs', 'sha256', 'adapter', 'training']);

/** Checks that need no decoding, before a job starts: base, name, target folder. */
export function prepareAdapt(req: Request, dataDir: string): Prepared {
  let info = req.base ? resolveBundle(req.base, dataDir) : activeBundleInfo(dataDir);
  let manifest = readManifest(info.dir);
  // the active bundle is an earlier adapter (the editor selected it): adapting again starts from what it was adapted from
  const from = !req.base && isUserAdapter(manifest) ? adaptedFrom(manifest) : undefined;
  if (from) {
    info = resolveBundle(from, dataDir);
    manifest = readManifest(info.dir);
  }
  if (isUserAdapter(manifest)) {
    throw new EngineError('bad-input', `bundle "${manifest.id}" is itself an adapter (of ${manifest.baseBundle!.id}): adapt from its base`, { bundle: info.dir }, 'base');
  }
  const video = manifest.graphs.videoEncoder;
  const encoderHead = !!video && Object.keys(video.outputs).some((k) => k.replace(/\?$/, '') === 'onsets');
  if (adaptedGraph(manifest) === 'videoEncoder' && !encoderHead) {
    throw new EngineError('unavailable', `bundle "${manifest.id}" has no timing head (no motion timing graph, and its video encoder has no onsets output): nothing to adapt`, { bundle: info.dir }, 'base');
  }
  const sha256 = manifestHash(info.dir);
  if (!sha256) throw new EngineError('bad-input', `${info.dir}: manifest.json cannot be read`, { bundle: info.dir }, 'base');
  const target = path.join(dataDir, 'bundles', req.name);
  if (existsSync(target) && !req.force) {
    throw new EngineError('bad-input', `${target} exists: choose another --out name or replace it (--force)`, { dir: target }, 'name');
  }
  const clash = listBundles(dataDir).find((b) => b.id === req.name && path.resolve(b.dir) !== path.resolve(target));
  if (clash) throw new EngineError('bad-input', `a bundle with id "${req.name}" is installed at ${clash.dir}: choose another name`, { bundle: clash.dir }, 'name');
  const root = rootOf(info.dir, manifest);
  return {
    base: { id: manifest.id, dir: info.dir, sha256, manifest, root: root.sha256 ? root : { ...root, sha256 } },
    target,
    work: path.join(dataDir, 'adapt-work', req.name),
  };
}

const Plan = z.object({
  key: z.string(),
  usable: z.array(z.object({ file: z.string(), seconds: z.number(), onsets: z.array(z.number()) })),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
});
type Plan = z.infer<typeof Plan>;

/** What the decoded data and the checkpoint depend on: the files (path, size, mtime), the base bundle, the seed, the rehearsal and guard. */
async function keyOf(files: string[], req: Request, base: AdapterBase, rehearsal: RehearsalSet | null, guard: readonly RehearsalClip[]): Promise<string> {
  const parts = await Promise.all([...files, ...(rehearsal?.clips.map((c) => c.file) ?? []), ...guard.map((c) => c.file)].map(async (f) => {
    const s = await stat(f);
    return `${f}|${s.size}|${s.mtimeMs}`;
  }));
  return JSON.stringify({
    parts, base: base.sha256, seed: req.seed, maxSteps: req.maxSteps ?? null, minutes: req.minutes, rehearsalShare: req.rehearsalShare ?? null,
    guard: guard.map((c) => [c.start, c.seconds]),
  });
}

async function readPlan(work: string, key: string): Promise<Plan | null> {
  try {
    const plan = Plan.parse(JSON.parse(await readFile(path.join(work, 'plan.json'), 'utf8')));
    return plan.key === key && existsSync(path.join(work, 'data.json')) ? plan : null;
  } catch {
    return null;
  }
}

async function screenAll(files: string[], minSeconds: number, ctx: JobContext): Promise<{ usable: UsableClip[]; skipped: SkippedClip[] }> {
  const vad = await SileroVad.open();
  const usable: UsableClip[] = [];
  const skipped: SkippedClip[] = [];
  try {
    for (const [i, f] of files.entries()) {
      ctx.progress(0.02 + (0.1 * i) / files.length, `checking clip ${i + 1}/${files.length}`);
      const r = await screenClip(f, minSeconds, vad, ctx.signal);
      if ('usable' in r) usable.push(r.usable);
      else skipped.push(r.skipped);
    }
  } finally {
    await vad.dispose();
  }
  if (usable.length === 0) {
    throw new EngineError('bad-input', `no usable footage: ${skipped.map((s) => s.reason).join('; ')}`, { skipped }, 'inputs');
  }
  return { usable, skipped };
}

function roleOf(file: string, split: Split): 'train' | 'held-back' | 'split' {
  const t = split.train.some((p) => p.file === file);
  const h = split.heldBack.some((p) => p.file === file);
  return t && h ? 'split' : h ? 'held-back' : 'train';
}

/**
 * Torch threads of the trainer: 1 unless A2S_ADAPT_THREADS says otherwise. Its tensors are small (16 windows of 64
 * frames through 1-D convs): a second thread bought no speed and, on a busy 2-core machine, its spin-waits cost
 * ~14× the CPU per step (1.5 vs 0.11 CPU-s, tests/adapt bench notes in docs/ARCHITECTURE.md).
 */
function trainerThreads(): number {
  const n = Number(process.env.A2S_ADAPT_THREADS ?? 1);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, os.availableParallelism()) : 1;
}

export async function runAdapt(req: Request, pre: Prepared, ctx: JobContext): Promise<AdaptResult> {
  const { base, target, work } = pre;
  const files = await listInputs(req.inputs);
  const clipSeconds = base.manifest.audio.clipSeconds;
  // Foley World rehearsal and guard (rehearsal.ts): none when no set is installed; rehearsal off when asked (share 0),
  // the guard kept then too (it trains nothing)
  const set = readRehearsal(defaultRehearsalDir(), REHEARSAL_SECONDS, clipSeconds);
  const rehearsal = req.rehearsalShare === 0 ? null : set;
  const key = await keyOf(files, req, base, rehearsal, set?.guard ?? []);
  let plan = await readPlan(work, key);
  if (!plan) {
    await rm(work, { recursive: true, force: true }); // another run's data or checkpoint must not leak in
    await mkdir(work, { recursive: true });
    const { usable, skipped } = await screenAll(files, clipSeconds, ctx);
    const split = splitClips(usable, clipSeconds);
    ctx.progress(0.12, 'checking Python');
    await checkPython(ctx.signal); // before decoding: a missing torch is said before any long wait
    ctx.progress(0.12, 'decoding frames');
    await writeTrainingData(work, makeBundle(base.dir, base.manifest), usable, split, ctx.signal, (d, n) => ctx.progress(0.12 + (0.08 * d) / n, `decoding frames ${d}/${n}`), rehearsal?.clips, set?.guard);
    plan = { key, usable, skipped };
    await writeFile(path.join(work, 'plan.json'), JSON.stringify(plan));
  }
  else await checkPython(ctx.signal);
  const split = splitClips(plan.usable, clipSeconds);
  const staging = path.join(work, 'adapter');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  const graphFile = base.manifest.graphs[adaptedGraph(base.manifest)]!.file;
  let resumedFrom = 0;
  // training seconds per training (a second one reports its own from 0: adapt_loop.first_gain), and the bar's furthest point
  const spent = new Map<number, number>();
  let reached = 0;
  const done = await runTraining({
    work, base: base.dir, out: path.join(staging, graphFile), graph: adaptedGraph(base.manifest), minutes: req.minutes, seed: req.seed, maxSteps: req.maxSteps,
    rehearsalShare: req.rehearsalShare,
    threads: trainerThreads(), signal: ctx.signal,
    onEvent: (e) => {
      if (e.event === 'resumed') resumedFrom = e.step;
      if (e.event === 'stage') ctx.progress(e.stage === 'features' ? 0.2 : 0.85, e.stage === 'features' ? 'frame features' : 'exporting');
      if (e.event === 'progress') {
        spent.set(e.attempt ?? 1, e.seconds);
        reached = Math.max(reached, Math.min(1, Math.max(e.step / e.of, e.seconds / e.budget)));
        const which = e.attempt ? ` of a second, more cautious training (onset weight ${e.posWeight ?? '?'})` : '';
        ctx.progress(0.2 + 0.65 * reached, `training step ${e.step}${which} · held-back F1 ${e.valF1.toFixed(2)} (best ${e.best.toFixed(2)})`);
      }
    },
  });
  ctx.throwIfCancelled();
  await writeManifest(staging, req.name, base, null);
  const reference = new Map(plan.usable.map((u) => [u.file, u.onsets]));
  ctx.progress(0.87, 'scoring the base on the held-back footage');
  const before = await timingScore(base.dir, split.heldBack, reference, ctx.signal);
  ctx.progress(0.93, 'scoring the adapter on the held-back footage');
  const after = await timingScore(staging, split.heldBack, reference, ctx.signal);
  ctx.progress(0.96, 'checking both on Foley World');
  const world = await worldCheck(defaultEvalDataDir(), base.dir, staging, req.worldWindows, ctx.signal);
  const report = {
    base: { id: base.id, dir: base.dir, sha256: base.sha256 },
    used: plan.usable.map((u) => ({ file: u.file, seconds: u.seconds, onsets: u.onsets.length, role: roleOf(u.file, split) })),
    skipped: plan.skipped,
    heldBack: split.heldBack.map((p) => ({ ...p })),
    before,
    after,
    world,
    rehearsal: rehearsal && done.rehearsalWindows
      ? { data: rehearsal.dir, videos: rehearsal.clips.length, seconds: Math.round(rehearsal.clips.reduce((t, c) => t + c.seconds, 0) * 100) / 100, windows: done.rehearsalWindows, share: done.rehearsalShare ?? 0 }
      : null,
    guard: set && done.guard
      ? {
        data: set.dir, videos: set.guard.length, seconds: Math.round(set.guard.reduce((t, c) => t + c.seconds, 0) * 100) / 100,
        windows: done.guard.windows, base: done.guard.base, adapter: done.guard.adapter, alpha: done.guard.alpha, offset: done.guard.offset,
        tried: done.guard.tried.map((t) => ({ alpha: t.alpha, offset: t.offset, heldBack: t.valF1, guard: t.guardF1, ok: t.ok })),
      }
      : null,
    training: {
      steps: done.steps, bestStep: done.bestStep, seconds: [...spent.values()].reduce((a, b) => a + b, 0), resumedFrom, cpuSeconds: done.cpuSeconds ?? null,
      ...(done.attempts ? { trainings: done.attempts.map((t) => ({ posWeight: t.posWeight, steps: t.steps, bestStep: t.bestStep, heldBack: t.after.f1 })) } : {}),
      ...(done.posWeight !== undefined ? { posWeight: done.posWeight } : {}),
    },
  };
  await writeManifest(staging, req.name, base, report);
  await writeCard(staging, req.name, base, report);
  ctx.throwIfCancelled();
  await mkdir(path.dirname(target), { recursive: true });
  const old = path.join(work, 'replaced');
  if (existsSync(target)) await rename(target, old); // force (checked before the job): the old one goes only now
  await rename(staging, target);
  await rm(work, { recursive: true, force: true });
  ctx.progress(1, 'done');
  return { name: req.name, dir: target, id: req.name, ...report };
}
