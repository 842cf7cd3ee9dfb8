/**
 * The real-footage report: one row per method per clip (means over its takes), the mean over clips, issue 15's
 * targets and the printed table. The JSON keeps the Foley World report's shape (`set`, `clips`, `bundle`,
 * `methods`, `targets`, `notes`, …) and adds `perClip`.
 */
import type { TargetCheck } from '../targets';
import type { ClassCondReport } from './classcond';
import type { OnsetScore, TakeMeasures } from './measures';

export const REAL_METHODS = ['reference', 'motion-baseline', 'timing-head', 'av-ldm-low', 'av-ldm-auto', 'av-ldm-given-onsets'] as const;
export type RealMethod = (typeof REAL_METHODS)[number];
export const TAKE_METHODS = ['av-ldm-low', 'av-ldm-auto', 'av-ldm-given-onsets'] as const;

export interface RealRow extends TakeMeasures {
  /** Compute seconds per second of take (generated rows); NaN elsewhere. */
  rtf: number;
  /** Takes (or recordings) the row averages; 0 for a detector. */
  takes: number;
}

export interface RealClipReport {
  id: string;
  seconds: number;
  referenceOnsets: number;
  /** Random onsets scored the same way (chance level for this clip's density). */
  floorOnsetF1: number;
  methods: Partial<Record<RealMethod, RealRow>>;
}

export interface RealEvalReport {
  set: 'real';
  data: string;
  clips: number;
  bundle: string;
  provider: string;
  steps: number;
  guidance: number;
  takes: number;
  floorOnsetF1: number;
  timingHeadOnsetF1: number | null;
  methods: Partial<Record<RealMethod, RealRow>>;
  perClip: RealClipReport[];
  targets: TargetCheck[];
  notes: string[];
  /** Condition-class agreement (issue 16), when asked for (`--class-cond`). */
  classCondition?: ClassCondReport;
}

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** A detector's row: onsets only, no sound to measure. */
export function detectorRow(s: OnsetScore): RealRow {
  return { ...s, peakDb: Number.NaN, lufs: Number.NaN, eventToBedDb: Number.NaN, rtf: Number.NaN, takes: 0 };
}

/** Mean of several takes' measures (or of several clips' rows). */
export function meanRow(rows: (TakeMeasures & { rtf?: number; takes?: number })[], rtf = Number.NaN): RealRow {
  const of = (k: keyof TakeMeasures): number => mean(rows.map((r) => r[k]));
  return {
    onsetF1: of('onsetF1'),
    onsetPrecision: of('onsetPrecision'),
    onsetRecall: of('onsetRecall'),
    peakDb: of('peakDb'),
    lufs: of('lufs'),
    eventToBedDb: of('eventToBedDb'),
    rtf: Number.isNaN(rtf) ? mean(rows.map((r) => r.rtf ?? Number.NaN)) : rtf,
    takes: rows.reduce((a, r) => a + (r.takes ?? 1), 0),
  };
}

/** Mean over clips of every method that has a row for every clip. */
export function meanOverClips(perClip: RealClipReport[]): Partial<Record<RealMethod, RealRow>> {
  const out: Partial<Record<RealMethod, RealRow>> = {};
  for (const m of REAL_METHODS) {
    const rows = perClip.map((c) => c.methods[m]).filter((r): r is RealRow => r !== undefined);
    if (rows.length && rows.length === perClip.length) out[m] = meanRow(rows);
  }
  return out;
}

/** Issue 15's targets (and issue 16's condition-class agreement where measured), stated as measured. */
export function realTargets(methods: Partial<Record<RealMethod, RealRow>>, perClip: RealClipReport[], cc?: ClassCondReport): TargetCheck[] {
  const out: TargetCheck[] = [];
  const given = methods['av-ldm-given-onsets'];
  const floor = methods['motion-baseline'];
  if (given) {
    out.push({ name: 'onsetF1(av-ldm-given-onsets)', value: given.onsetF1, target: '≥ 0.8', pass: given.onsetF1 >= 0.8 });
    const lowest = Math.min(...perClip.map((c) => c.methods['av-ldm-given-onsets']?.peakDb ?? Number.POSITIVE_INFINITY));
    out.push({ name: 'peak of av-ldm-given-onsets takes (lowest clip mean)', value: lowest, target: '≥ −12 dBFS', pass: lowest >= -12 });
  }
  const auto = methods['av-ldm-auto'];
  if (auto && floor) out.push({ name: 'onsetF1(av-ldm-auto) − onsetF1(motion-baseline)', value: auto.onsetF1 - floor.onsetF1, target: '> 0', pass: auto.onsetF1 > floor.onsetF1 });
  if (cc) out.push({ name: `condition-class agreement of takes (chance ${cc.chance.toFixed(3)})`, value: cc.agreement, target: '≥ 0.5', pass: cc.agreement >= 0.5 });
  return out;
}

const COLS: (keyof RealRow)[] = ['onsetF1', 'onsetPrecision', 'onsetRecall', 'peakDb', 'lufs', 'eventToBedDb', 'rtf'];
const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export function formatRealTable(r: RealEvalReport): string {
  const lines = [['method'.padEnd(22), ...COLS.map((c) => c.padStart(15))].join('')];
  for (const [name, row] of Object.entries(r.methods)) lines.push([name.padEnd(22), ...COLS.map((c) => fmt(row[c]).padStart(15))].join(''));
  const present = REAL_METHODS.filter((m) => r.methods[m]);
  lines.push('', `onsetF1 per clip (${r.clips} clips)`, ['clip'.padEnd(10), ...present.map((m) => m.padStart(21))].join(''));
  lines[lines.length - 1] += 'random floor'.padStart(15);
  for (const c of r.perClip) lines.push([c.id.padEnd(10), ...present.map((m) => fmt(c.methods[m]?.onsetF1 ?? Number.NaN).padStart(21)), fmt(c.floorOnsetF1).padStart(15)].join(''));
  lines.push('', `random-onset floor F1 ${fmt(r.floorOnsetF1)} (mean over clips)`, '');
  for (const t of r.targets) lines.push(`${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${fmt(t.value)} (target ${t.target})`);
  return lines.join('\n');
}
