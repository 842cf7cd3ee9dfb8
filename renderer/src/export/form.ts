import type { RequestOf } from '../../../main/contract';

/** What the export dialog edits; strings where the user types numbers, so half-typed values are not lost. */
export interface ExportForm {
  outDir: string;
  rate: number;
  bits: '24' | '32f';
  mux: boolean;
  muxAudio: 'aac' | 'pcm';
  muxStems: boolean;
  rpp: boolean;
  otio: boolean;
  normalise: boolean;
  loudness: string;
  truePeak: string;
  useRange: boolean;
  rangeStart: string;
  rangeEnd: string;
}

export const RATES = [44100, 48000, 88200, 96000] as const;

/** `/work/Kitchen.a2s` → `/work/Kitchen-export` (next to the project, not inside it). */
export function defaultOutDir(projectPath: string): string {
  const trimmed = projectPath.replace(/[\\/]+$/, '').replace(/[\\/]project\.json$/, '');
  return trimmed.replace(/\.a2s$/i, '') + '-export';
}

export function defaultForm(projectPath: string): ExportForm {
  return {
    outDir: defaultOutDir(projectPath), rate: 48000, bits: '24', mux: false, muxAudio: 'aac', muxStems: false, rpp: true, otio: false,
    normalise: false, loudness: '-23', truePeak: '-1', useRange: false, rangeStart: '0', rangeEnd: '',
  };
}

const parse = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));

/** Problems that keep the Export button disabled, in the words the dialog shows. */
export function formErrors(f: ExportForm): string[] {
  const errs: string[] = [];
  if (!f.outDir.trim()) errs.push('Choose an output folder.');
  if (f.normalise) {
    const l = parse(f.loudness);
    if (!(l >= -70 && l <= 0)) errs.push('Loudness target must be between −70 and 0 LUFS.');
    const tp = parse(f.truePeak);
    if (!(tp >= -20 && tp <= 0)) errs.push('True-peak ceiling must be between −20 and 0 dBTP.');
  }
  if (f.useRange) {
    const a = parse(f.rangeStart);
    const b = parse(f.rangeEnd);
    if (!(a >= 0) || !(b > a)) errs.push('Range: the end must be after the start (seconds).');
  }
  return errs;
}

export function toRequest(f: ExportForm, projectPath: string, force: boolean): RequestOf<'export:start'> {
  return {
    projectPath,
    outDir: f.outDir.trim(),
    rate: f.rate,
    bits: f.bits,
    mux: f.mux,
    muxAudio: f.muxAudio,
    muxStems: f.mux && f.muxStems,
    rpp: f.rpp,
    otio: f.otio,
    ...(f.normalise ? { loudness: parse(f.loudness), truePeak: parse(f.truePeak) } : {}),
    ...(f.useRange ? { range: { start: parse(f.rangeStart), end: parse(f.rangeEnd) } } : {}),
    force,
  };
}

/** The last path segment, for listing files compactly. */
export const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
