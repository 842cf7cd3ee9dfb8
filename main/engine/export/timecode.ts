import { EngineError } from '../core/errors';

/**
 * SMPTE timecode → seconds since midnight. The frame count uses the nominal (integer) rate; real time is
 * frames × den/num, so 23.976/29.97 material lands where a DAW puts it. Drop-frame ("HH:MM:SS;FF" at 29.97/59.94)
 * skips frame numbers 0–1 (0–3 at 59.94) each minute except every tenth (SMPTE ST 12-1).
 */
export function timecodeSeconds(tc: string, fps: { num: number; den: number }): number {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})([:;.,])(\d{2,3})$/.exec(tc.trim());
  if (!m) throw new EngineError('bad-input', `start timecode "${tc}" is not HH:MM:SS:FF`);
  const [hh, mm, ss, ff] = [m[1], m[2], m[3], m[5]].map(Number) as [number, number, number, number];
  const nominal = Math.round(fps.num / fps.den);
  if (ff >= nominal || mm > 59 || ss > 59) throw new EngineError('bad-input', `start timecode "${tc}" is out of range at ${nominal} fps`);
  const dropFrame = (m[4] === ';' || m[4] === ',') && fps.den === 1001 && nominal % 30 === 0;
  let frames = ((hh * 60 + mm) * 60 + ss) * nominal + ff;
  if (dropFrame) {
    const drop = (nominal / 30) * 2;
    const totalMinutes = hh * 60 + mm;
    frames -= drop * (totalMinutes - Math.floor(totalMinutes / 10));
  }
  return (frames * fps.den) / fps.num;
}

/** BWF TimeReference: the first sample's position in samples since midnight at the file's rate. */
export function timeReferenceSamples(tc: string | undefined, fps: { num: number; den: number } | undefined, rangeStart: number, rate: number): number {
  const base = tc && fps ? timecodeSeconds(tc, fps) : 0;
  return Math.round((base + rangeStart) * rate);
}
