import { runFfmpeg } from './ffmpeg';

export interface LoudnessMeasure {
  integratedLufs: number;
  truePeakDb: number;
  loudnessRange: number;
}

/** ITU-R BS.1770-4 / EBU R128 loudness and true peak (4× oversampled) of a file, by ffmpeg's ebur128 filter. */
export async function measureLoudness(file: string, signal?: AbortSignal): Promise<LoudnessMeasure> {
  const log = await runFfmpeg(['-nostats', '-i', file, '-map', '0:a:0', '-af', 'ebur128=peak=true', '-f', 'null', '-'], file, signal);
  const summary = log.slice(log.lastIndexOf('Summary:'));
  const num = (re: RegExp): number => {
    const m = re.exec(summary);
    if (!m) return Number.NEGATIVE_INFINITY;
    return m[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(m[1]);
  };
  return {
    integratedLufs: num(/I:\s+(-?inf|-?[\d.]+) LUFS/),
    truePeakDb: num(/Peak:\s+(-?inf|-?[\d.]+) dBFS/),
    loudnessRange: Math.max(0, num(/LRA:\s+(-?inf|-?[\d.]+) LU/)),
  };
}

export interface LoudnessPlan {
  targetLufs: number;
  ceilingDbtp: number;
  measuredLufs: number;
  measuredTruePeakDb: number;
  gainDb: number;
  /** The true-peak ceiling, not the target, set the gain: the result is quieter than the target. */
  limitedByPeak: boolean;
}

/**
 * One gain for the whole export (mix and every stem alike, so the stems still sum to the mix): reach the target
 * integrated loudness unless that would push the true peak over the ceiling. No limiter: nothing is reshaped.
 * A silent mix (−∞ or below the −70 LUFS gate) gets no gain.
 */
export function planLoudness(m: LoudnessMeasure, targetLufs: number, ceilingDbtp = -1): LoudnessPlan {
  let gainDb = Number.isFinite(m.integratedLufs) && m.integratedLufs > -70 ? targetLufs - m.integratedLufs : 0;
  let limitedByPeak = false;
  if (Number.isFinite(m.truePeakDb) && m.truePeakDb + gainDb > ceilingDbtp) {
    gainDb = ceilingDbtp - m.truePeakDb;
    limitedByPeak = true;
  }
  return { targetLufs, ceilingDbtp, measuredLufs: m.integratedLufs, measuredTruePeakDb: m.truePeakDb, gainDb, limitedByPeak };
}
