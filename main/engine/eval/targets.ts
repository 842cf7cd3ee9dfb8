/** Issue 7's targets, checked on the report and printed with the table (stated as measured, never tuned). */
import type { MethodMetrics } from './score';

export interface TargetCheck {
  name: string;
  value: number;
  target: string;
  pass: boolean;
}

export function evaluateTargets(r: { floorOnsetF1: number; methods: Record<string, MethodMetrics> }): TargetCheck[] {
  const m = r.methods;
  const gt = m['ground-truth']!;
  const rag = m['av-ldm-rag']!;
  const low = m['av-ldm-low']!;
  const nocond = m['av-ldm-nocond']!;
  const retrieval = m.retrieval!;
  return [
    { name: 'onsetF1(rag) / onsetF1(gt)', value: rag.onsetF1 / gt.onsetF1, target: '≥ 0.9', pass: rag.onsetF1 >= 0.9 * gt.onsetF1 },
    { name: 'onsetF1(rag) / floor', value: rag.onsetF1 / r.floorOnsetF1, target: '≥ 3', pass: rag.onsetF1 >= 3 * r.floorOnsetF1 },
    { name: 'classAcc(rag) / classAcc(gt)', value: rag.classAcc / gt.classAcc, target: '≥ 0.9', pass: rag.classAcc >= 0.9 * gt.classAcc },
    { name: 'ambientCorr(rag)', value: rag.ambientCorr, target: '≥ 0.9', pass: rag.ambientCorr >= 0.9 },
    { name: 'ambientDb(low)', value: low.ambientDb, target: '≤ −35 dB', pass: low.ambientDb <= -35 },
    { name: 'FAD rag < nocond < retrieval', value: rag.fad, target: `${rag.fad.toFixed(2)} < ${nocond.fad.toFixed(2)} < ${retrieval.fad.toFixed(2)}`, pass: rag.fad < nocond.fad && nocond.fad < retrieval.fad },
    { name: 'rtf(rag)', value: rag.rtf, target: '≤ 0.1', pass: rag.rtf <= 0.1 },
  ];
}

export function formatTable(r: { methods: Record<string, MethodMetrics>; floorOnsetF1: number; timingHeadOnsetF1: number | null; targets: TargetCheck[] }): string {
  const cols: (keyof MethodMetrics)[] = ['fad', 'onsetF1', 'classAcc', 'ambientDb', 'ambientErrDb', 'ambientCorr', 'rtf'];
  const fmt = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  const lines = [['method'.padEnd(22), ...cols.map((c) => c.padStart(13))].join('')];
  for (const [name, mm] of Object.entries(r.methods)) lines.push([name.padEnd(22), ...cols.map((c) => fmt(mm[c]).padStart(13))].join(''));
  lines.push('', `random-onset floor F1 ${fmt(r.floorOnsetF1)}; timing head's own onset F1 ${r.timingHeadOnsetF1 === null ? 'n/a' : fmt(r.timingHeadOnsetF1)}`, '');
  for (const t of r.targets) lines.push(`${t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${Number.isFinite(t.value) ? t.value.toFixed(3) : 'n/a'} (target ${t.target})`);
  return lines.join('\n');
}
