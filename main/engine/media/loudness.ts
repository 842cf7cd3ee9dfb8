import { EngineError } from '../core/errors';
import { runTool } from './proc';
import { findTools } from './tools';
import type { AudioBuffer } from './types';

export interface Loudness {
  /** ITU-R BS.1770-4 / EBU R128 integrated loudness (gated); -70 for silence. */
  integratedLufs: number;
  /** 4× oversampled true peak, dBTP. */
  truePeakDb: number;
  /** Highest 3 s short-term loudness. */
  shortTermMaxLufs: number;
}

function* interleave(a: AudioBuffer): Generator<Uint8Array> {
  const nch = a.channels.length;
  const frames = a.channels[0]!.length;
  const block = 1 << 15;
  for (let i = 0; i < frames; i += block) {
    const n = Math.min(block, frames - i);
    const out = new Float32Array(n * nch);
    for (let j = 0; j < n; j++) for (let c = 0; c < nch; c++) out[j * nch + c] = a.channels[c]![i + j]!;
    yield new Uint8Array(out.buffer);
  }
}

/** Loudness by ffmpeg's `ebur128` filter (the reference implementation most tools agree with), fed through a pipe. */
export async function loudness(audio: AudioBuffer, opts: { signal?: AbortSignal } = {}): Promise<Loudness> {
  const nch = audio.channels.length;
  if (nch < 1 || nch > 2 || audio.channels[0]!.length === 0) throw new EngineError('bad-input', `loudness: need 1 or 2 non-empty channels, got ${nch}`);
  const { ffmpeg } = findTools();
  const args = ['-hide_banner', '-nostdin', '-nostats', '-v', 'verbose', '-f', 'f32le', '-ar', String(audio.rate), '-ac', String(nch), '-i', 'pipe:0', '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'];
  const res = await runTool(ffmpeg, args, { file: 'loudness (in-memory audio)', signal: opts.signal, stdin: interleave(audio), stderrLimit: 16 * 1024 * 1024 });
  const summary = res.stderr.slice(res.stderr.lastIndexOf('Summary:'));
  const integrated = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  const peak = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (res.code !== 0 || !integrated || !peak) throw new EngineError('internal', `loudness: ffmpeg ebur128 failed: ${res.stderr.split('\n').filter(Boolean).at(-1) ?? ''}`);
  let shortTermMax = -Infinity;
  for (const m of res.stderr.matchAll(/ S:\s*(-?[\d.]+|-inf)/g)) shortTermMax = Math.max(shortTermMax, Number(m[1] === '-inf' ? -Infinity : m[1]));
  const val = (s: string): number => (s === '-inf' ? -Infinity : Number(s));
  return { integratedLufs: val(integrated[1]!), truePeakDb: val(peak[1]!), shortTermMaxLufs: Number.isFinite(shortTermMax) ? shortTermMax : -Infinity };
}
