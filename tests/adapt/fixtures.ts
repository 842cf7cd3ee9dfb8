/**
 * Synthetic shots for adapt: a white square bouncing on a grey floor, touching it at `hitsAt`, with a hit in the
 * sound at each touch (decaying noise bursts over a quiet bed, as tests/helpers/media-fixtures.ts makeHitsVideo).
 */
import { z } from 'zod';
import type { RequestOf } from '../../main/contract';
import { AdaptResult } from '../../main/contract/domains/adapt';
import { WireError } from '../../main/contract/errors';
import type { Engine } from '../../main/engine/host';
import { ffmpeg } from '../helpers/media-fixtures';

export interface BounceOptions {
  seconds: number;
  /** Seconds between touches; the first at `first`. */
  period: number;
  first: number;
  /** Omit the sound track. */
  silent?: boolean;
}

export function touchTimes(o: BounceOptions): number[] {
  const out: number[] = [];
  for (let t = o.first; t < o.seconds - 0.05; t += o.period) out.push(Number(t.toFixed(4)));
  return out;
}

export function makeBounceVideo(file: string, o: BounceOptions): void {
  const d = o.seconds;
  // height above the floor: |sin| is 0 exactly at each touch
  const y = `44-36*abs(sin(PI*(t-${o.first})/${o.period}))`;
  const args = ['-f', 'lavfi', '-i', `color=c=gray:s=96x64:r=25:d=${d}`, '-f', 'lavfi', '-i', `color=c=white:s=12x12:r=25:d=${d}`];
  const graph = `[0:v][1:v]overlay=x=42:y='${y}'[v]`;
  if (o.silent) {
    ffmpeg([...args, '-filter_complex', graph, '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', file]);
    return;
  }
  const burst = (t: number): string => `0.8*gte(t\\,${t})*exp(-(t-${t})*50)`;
  const amp = ['0.003', ...touchTimes(o).map(burst)].join('+');
  ffmpeg([...args, '-f', 'lavfi', '-i', `aevalsrc=(${amp})*(2*random(0)-1):s=44100:d=${d}`, '-filter_complex', graph,
    '-map', '[v]', '-map', '2:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '1', '-shortest', file]);
}

export interface StopsOptions {
  seconds: number;
  /** Seconds between stops; the first at `first` (≥ `move`). */
  period: number;
  first: number;
  /** Seconds of sliding before each stop; the square holds still for the rest of the period. */
  move: number;
  /** Tone pitch (Hz). */
  pitch?: number;
}

export function stopTimes(o: StopsOptions): number[] {
  return touchTimes(o);
}

/**
 * A white square sliding left and right on a grey picture, stopping dead at each of `stopTimes`, with a tone burst
 * in the sound at each stop: the motion timing net's kind of event (motion that stops), heard where it stops.
 */
export function makeStopsVideo(file: string, o: StopsOptions): void {
  const d = o.seconds;
  const [p, m] = [o.period, o.move];
  // k: stops passed (shifted two periods so it is never negative; parity unchanged), f: seconds since the last one
  const u = `(t-${o.first}+${2 * p})`;
  const k = `floor(${u}/${p})`;
  const prog = `clip((${u}-${k}*${p}-${p - m})/${m},0,1)`;
  const x = `20+100*mod(${k},2)+100*(1-2*mod(${k},2))*${prog}`;
  const args = ['-f', 'lavfi', '-i', `color=c=gray:s=160x120:r=25:d=${d}`, '-f', 'lavfi', '-i', `color=c=white:s=20x20:r=25:d=${d}`];
  const graph = `[0:v][1:v]overlay=x='${x}':y=50[v]`;
  const burst = (t: number): string => `0.6*gte(t\\,${t})*exp(-(t-${t})*30)`;
  const amp = ['0.002', ...stopTimes(o).map(burst)].join('+');
  const tone = `(${amp})*sin(2*PI*${o.pitch ?? 880}*t)+0.002*(2*random(0)-1)`;
  ffmpeg([...args, '-f', 'lavfi', '-i', `aevalsrc=${tone}:s=44100:d=${d}`, '-filter_complex', graph,
    '-map', '[v]', '-map', '2:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '1', '-shortest', file]);
}

const Finished = z.object({ jobId: z.string(), result: z.unknown().optional(), error: WireError.optional() });
export type Outcome = { ok: true; result: AdaptResult } | { ok: false; error: WireError };

/**
 * Starts `adapt:start` and resolves with its outcome; `onStage(stage, cancel)` sees every progress stage (a test
 * cancels from there: synchronised on the job's own events, not on time).
 */
export async function runAdaptJob(engine: Engine, req: RequestOf<'adapt:start'>, onStage?: (stage: string, cancel: () => void) => void): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let id = '';
    const cancel = (): void => void engine.call('job:cancel', { jobId: id });
    const off = engine.events.subscribe((event, payload) => {
      if (event === 'job:progress' && onStage) {
        const p = z.object({ jobId: z.string(), stage: z.string() }).parse(payload);
        if (p.jobId === id) onStage(p.stage, cancel);
      }
      if (event !== 'job:done' && event !== 'job:failed') return;
      const p = Finished.parse(payload);
      if (p.jobId !== id) return;
      off();
      resolve(event === 'job:done' ? { ok: true, result: AdaptResult.parse(p.result) } : { ok: false, error: p.error! });
    });
    engine.call('adapt:start', req).then((r) => (id = r.jobId), reject);
  });
}
