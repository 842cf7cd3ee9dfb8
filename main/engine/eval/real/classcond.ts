/**
 * Condition-class agreement (issue 16, item 4): does the action's timbre follow the conditioning clip when the
 * picture alone does not say what is struck? Real clips (a drum, a hammer: no Foley World class is on screen) are
 * generated with, as their ambient `file` condition, the sound of a Foley World test window of a known action class;
 * each take is classified with the bundle's classifier; agreement = the share of takes whose predicted class is the
 * condition's class.
 *
 * The condition windows come from the evaluation set shipped in the repository (assets/eval/foleyworld, test split:
 * recordings never trained on), one per class:
 *   - candidates by the labels: pure (every event in the window, on- or off-screen, is of that class, so the sound
 *     holds one action) with at least MIN_EVENTS on-screen events (a run of hits, not one);
 *   - of those, the one the bundle's classifier finds most typical of its class (highest softmax for the labelled
 *     class; ties: more events, then file order). Why not simply the most hits: the classifier is the judge of the
 *     takes, and it reads only ~40 % of Foley World windows right (eval-test-50: classAcc of ground truth); a
 *     condition it misreads itself cannot show whether the takes follow it. This is "a library clip of a chop"
 *     chosen as a clear chop, on Foley World test audio only — nothing here looks at the real clips.
 * A class with no candidate is left out and listed as such. The classifier's own call on each chosen window is
 * reported beside (`conditionPredicted`); where it still misreads the condition, agreement for that class measures
 * the classifier, so agreement with that call is reported too (`agreementWithConditionCall`).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../core/errors';
import { decodeAudio, readWav, writeWav } from '../../media';
import { resample, runGenerate, type Runtime } from '../../inference';
import { classify, classifyTake } from '../classify';
import { readWindowRows } from '../dataset';
import type { RealClip } from './manifest';

export const MIN_EVENTS = 2;
const ClassNames = z.array(z.string().min(1)).min(2);
/** The Foley World split the condition windows come from (never trained on). */
export const CONDITION_SET = 'test';

export interface ConditionWindow {
  classId: number;
  cls: string;
  /** The window's id in clips/test.jsonl. */
  window: string;
  video: string;
  start: number;
  end: number;
  events: number;
}

/** Every pure run of ≥ MIN_EVENTS on-screen hits of one class (header), in file order. */
export function conditionCandidates(foleyDir: string, classNames: string[]): ConditionWindow[] {
  const out: ConditionWindow[] = [];
  for (const r of readWindowRows(foleyDir, CONDITION_SET)) {
    const ids = new Set(r.events.map((e) => e.class_id));
    const on = r.events.filter((e) => !e.offscreen);
    if (ids.size !== 1 || on.length !== r.events.length || on.length < MIN_EVENTS) continue;
    const { class_id: classId, cls } = on[0]!;
    if (classNames[classId] !== cls) {
      throw new EngineError('bad-input', `${foleyDir}: window ${r.id}: class ${classId} is "${cls}" in the evaluation set but "${classNames[classId] ?? '(none)'}" in the bundle's classes — the classifier's labels would not match`);
    }
    out.push({ classId, cls, window: r.id, video: path.join(foleyDir, 'long', `${r.long}.mp4`), start: r.start, end: r.end, events: on.length });
  }
  return out;
}

/** Each candidate's sound at the model rate (exactly one window: what `file` mode reads); each long video decoded once. */
async function candidateWaves(rt: Runtime, cands: ConditionWindow[]): Promise<Float32Array[]> {
  const rate = rt.bundle.manifest.audio.sampleRate;
  const n = rt.bundle.clipSamples;
  const longs = new Map<string, Float32Array>();
  for (const v of new Set(cands.map((c) => c.video))) longs.set(v, (await decodeAudio(v, { start: 0, rate, channels: 1 })).channels[0]!);
  return cands.map((c) => {
    const out = new Float32Array(n);
    const from = Math.round(c.start * rate);
    out.set(longs.get(c.video)!.subarray(from, from + n));
    return out;
  });
}

/** Per class, the candidate the classifier finds most typical (header); with its wave and the classifier's call. */
export async function pickConditionWindows(rt: Runtime, foleyDir: string, classNames: string[]): Promise<{ picked: (ConditionWindow & { wave: Float32Array; call: number; prob: number })[]; missing: string[] }> {
  const cands = conditionCandidates(foleyDir, classNames);
  if (cands.length === 0) return { picked: [], missing: classNames };
  const waves = await candidateWaves(rt, cands);
  const c = await classify(rt, waves);
  const best = new Map<number, number>();
  cands.forEach((w, i) => {
    const have = best.get(w.classId);
    const p = c.probs[i]![w.classId]!;
    if (have === undefined) return best.set(w.classId, i);
    const q = c.probs[have]![w.classId]!;
    if (p > q || (p === q && w.events > cands[have]!.events)) best.set(w.classId, i);
  });
  const picked = [...best.values()].sort((a, b) => cands[a]!.classId - cands[b]!.classId)
    .map((i) => ({ ...cands[i]!, wave: waves[i]!, call: c.classes[i]!, prob: c.probs[i]![cands[i]!.classId]! }));
  return { picked, missing: classNames.filter((_, k) => !best.has(k)) };
}

export interface ConditionReport extends ConditionWindow {
  /** The classifier's softmax for the labelled class on the window's own sound (what picked it). */
  conditionProb: number;
  /** The classifier's class for the condition window's own sound. */
  conditionPredicted: number;
  conditionPredictedName: string;
  /** Mean over clips of the share of takes classified as `classId`. */
  agreement: number;
  /** Mean over clips of the share of takes classified as `conditionPredicted`. */
  agreementWithConditionCall: number;
  /**
   * The class most of this condition's takes (all clips) are classified as, and its share. Beside agreement it tells
   * "the condition is ignored" (the same class under every condition) from "the takes follow the condition, into
   * another class" (a different, consistent class per condition).
   */
  takesMostly: string;
  takesMostlyShare: number;
}

export interface ClassCondClipReport {
  id: string;
  /** Per condition class name: the takes' predicted class ids and the share equal to the condition's class. */
  byClass: Record<string, { predicted: number[]; agreement: number }>;
  agreement: number;
}

export interface ClassCondReport {
  classNames: string[];
  conditions: ConditionReport[];
  /** Classes with no usable condition window in the set (no pure run of MIN_EVENTS hits). */
  missing: string[];
  takes: number;
  perClip: ClassCondClipReport[];
  /** Mean over (clip, class) pairs of the per-pair agreement. */
  agreement: number;
  agreementWithConditionCall: number;
  /** 1 / the classifier's classes: a uniform guess. */
  chance: number;
  /** 1 / the classes conditioned on: the most a classifier output that ignores the condition can score, averaged over them. */
  chanceConditioned: number;
  /** Every take's class counted over all conditions: what the takes sound like whatever the condition. */
  predictedHistogram: Record<string, number>;
}

export interface ClassCondOptions {
  foleyDir: string;
  /** Keep only these class names (default: every class with a condition window). */
  classes?: string[];
  bundleDir: string;
  steps: number;
  guidance: number;
  takes: number;
  seed: number;
  scratch: string;
  onProgress?(label: string): void;
}

const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** The chosen windows' sound as wav files at the model rate, for generation's `file` condition. */
async function writeConditions(rt: Runtime, windows: (ConditionWindow & { wave: Float32Array })[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const out = [];
  for (const w of windows) {
    const file = path.join(dir, `${w.cls}.wav`);
    await writeWav(file, { rate: rt.bundle.manifest.audio.sampleRate, channels: [w.wave] }, { format: 'float32' });
    out.push(file);
  }
  return out;
}

/** The classifier's labels (`manifest.classes`: an evaluation field the pipeline's schema passes through unchecked). */
function classNamesOf(rt: Runtime): string[] {
  const names = ClassNames.safeParse((rt.bundle.manifest as { classes?: unknown }).classes).data;
  if (!names) throw new EngineError('unavailable', `bundle ${rt.bundle.id} lists no classes (manifest.classes): condition-class agreement needs the classifier's labels`);
  return names;
}

/**
 * Fails, naming what is there, when the set has no condition window at all or none for a requested class. Labels
 * only (no model run), so `runRealEval` calls it before any generation.
 */
export function checkClassCond(rt: Runtime, o: Pick<ClassCondOptions, 'foleyDir' | 'classes'>): void {
  const have = [...new Set(conditionCandidates(o.foleyDir, classNamesOf(rt)).sort((a, b) => a.classId - b.classId).map((c) => c.cls))];
  if (have.length === 0) throw new EngineError('not-found', `${o.foleyDir}: no condition window (a pure run of ≥ ${MIN_EVENTS} on-screen hits of one class) in clips/${CONDITION_SET}.jsonl`);
  const unknown = (o.classes ?? []).filter((c) => !have.includes(c));
  if (unknown.length) throw new EngineError('bad-input', `--classes: no condition window for ${unknown.map((c) => `"${c}"`).join(', ')} (have: ${have.join(', ')})`);
}

export async function runClassCond(rt: Runtime, clips: RealClip[], o: ClassCondOptions): Promise<ClassCondReport> {
  checkClassCond(rt, o);
  const names = classNamesOf(rt);
  const { picked, missing } = await pickConditionWindows(rt, o.foleyDir, names);
  const windows = o.classes ? picked.filter((w) => o.classes!.includes(w.cls)) : picked;
  const conds = await writeConditions(rt, windows, path.join(o.scratch, 'conditions'));
  const condCalls = windows.map((w) => w.call);
  const rate = rt.bundle.manifest.audio.sampleRate;
  const histogram = new Map<number, number>();
  const perClip: ClassCondClipReport[] = [];
  const pairs: { agree: number; agreeCall: number; k: number; predicted: number[] }[] = [];
  for (const [i, clip] of clips.entries()) {
    const byClass: ClassCondClipReport['byClass'] = {};
    for (const [k, w] of windows.entries()) {
      o.onProgress?.(`${clip.id} class-cond ${w.cls}`);
      const res = await runGenerate(
        {
          video: clip.video,
          start: 0,
          end: clip.seconds,
          ambient: { mode: 'file', path: conds[k]! },
          takes: o.takes,
          // the same noise for every class of a clip: takes differ by their condition only
          seed: o.seed + 16 * i,
          steps: o.steps,
          guidance: o.guidance,
          outDir: path.join(o.scratch, clip.id, w.cls),
        },
        { bundleDir: o.bundleDir },
      );
      const predicted: number[] = [];
      for (const t of res.takes) {
        const wav = await readWav(t.path);
        predicted.push((await classifyTake(rt, resample(wav.channels[0]!, wav.rate, rate))).classId);
      }
      for (const p of predicted) histogram.set(p, (histogram.get(p) ?? 0) + 1);
      const agreement = mean(predicted.map((p) => (p === w.classId ? 1 : 0)));
      byClass[w.cls] = { predicted, agreement };
      pairs.push({ agree: agreement, agreeCall: mean(predicted.map((p) => (p === condCalls[k] ? 1 : 0))), k, predicted });
    }
    perClip.push({ id: clip.id, byClass, agreement: mean(Object.values(byClass).map((b) => b.agreement)) });
  }
  return {
    classNames: names,
    conditions: windows.map(({ wave: _wave, call: _call, prob, ...w }, k) => ({
      ...w,
      video: path.relative(o.foleyDir, w.video),
      conditionProb: prob,
      conditionPredicted: condCalls[k]!,
      conditionPredictedName: names[condCalls[k]!] ?? String(condCalls[k]),
      agreement: mean(pairs.filter((p) => p.k === k).map((p) => p.agree)),
      agreementWithConditionCall: mean(pairs.filter((p) => p.k === k).map((p) => p.agreeCall)),
      ...mostly(pairs.filter((p) => p.k === k).flatMap((p) => p.predicted), names),
    })),
    missing,
    takes: o.takes,
    perClip,
    agreement: mean(pairs.map((p) => p.agree)),
    agreementWithConditionCall: mean(pairs.map((p) => p.agreeCall)),
    chance: 1 / names.length,
    chanceConditioned: 1 / windows.length,
    predictedHistogram: Object.fromEntries([...histogram.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => [names[c] ?? String(c), n])),
  };
}

/** The most frequent class (ties: the lower id) and its share. */
function mostly(predicted: number[], names: string[]): { takesMostly: string; takesMostlyShare: number } {
  const counts = new Map<number, number>();
  for (const p of predicted) counts.set(p, (counts.get(p) ?? 0) + 1);
  const [id, n] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [-1, 0];
  return { takesMostly: names[id] ?? 'n/a', takesMostlyShare: predicted.length ? n / predicted.length : Number.NaN };
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export function formatClassCond(r: ClassCondReport): string {
  const names = r.conditions.map((c) => c.cls);
  const lines = [
    `condition-class agreement (${r.conditions.length} condition classes × ${r.perClip.length} clips × ${r.takes} takes; chance ${fmt(r.chance)} uniform, ≤ ${fmt(r.chanceConditioned)} condition-blind)`,
    ['condition'.padEnd(18), 'window'.padEnd(20), 'p(class)'.padStart(9), '  classifier says'.padEnd(20), 'agreement'.padStart(10), 'w/ its call'.padStart(12), '  takes mostly'].join(''),
  ];
  for (const c of r.conditions) {
    lines.push([c.cls.padEnd(18), c.window.padEnd(20), fmt(c.conditionProb).padStart(9), `  ${c.conditionPredictedName}`.padEnd(20), fmt(c.agreement).padStart(10), fmt(c.agreementWithConditionCall).padStart(12), `  ${c.takesMostly} (${fmt(c.takesMostlyShare)})`].join(''));
  }
  lines.push(['mean'.padEnd(67), fmt(r.agreement).padStart(10), fmt(r.agreementWithConditionCall).padStart(12)].join(''));
  lines.push('', ['clip'.padEnd(10), ...names.map((n) => n.slice(0, 13).padStart(14)), 'mean'.padStart(8)].join(''));
  for (const c of r.perClip) lines.push([c.id.padEnd(10), ...names.map((n) => fmt(c.byClass[n]?.agreement ?? Number.NaN).padStart(14)), fmt(c.agreement).padStart(8)].join(''));
  lines.push('', `takes classified as: ${Object.entries(r.predictedHistogram).map(([n, k]) => `${n} ${k}`).join(', ')}`);
  if (r.missing.length) lines.push(`no condition window (pure run of ≥ ${MIN_EVENTS} hits) for: ${r.missing.join(', ')}`);
  return lines.join('\n');
}
