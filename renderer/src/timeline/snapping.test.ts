import { describe, expect, it } from 'vitest';
import { formatTimecode, frameAt, nearestFrame, snapToFrame } from './time';
import { addSpan, createDoc, setVideo, trimSpan } from './index';

const ntsc = { num: 30000, den: 1001 };
const video = (fps = ntsc) => ({ path: '/v.mp4', duration: 60, fps, width: 64, height: 48, hasAudio: false });

describe('snapping to frames at a rational fps', () => {
  it('snaps to the nearest frame at 29.97 and is idempotent (no drift from 1001/30000)', () => {
    for (let k = 0; k < 5000; k += 7) {
      const t = snapToFrame(k * 1001 / 30000 + 0.004, ntsc);
      expect(nearestFrame(t, ntsc)).toBe(k);
      expect(snapToFrame(t, ntsc)).toBe(t);
    }
  });

  it('rounds a time between frames to the closer one, ties to the later', () => {
    const fps = { num: 25, den: 1 };
    expect(snapToFrame(0.019, fps)).toBe(0);
    expect(snapToFrame(0.021, fps)).toBe(0.04);
    expect(snapToFrame(0.02, fps)).toBe(0.04);
  });

  it('the displayed frame is the last with pts <= t, even at an exact frame boundary', () => {
    expect(frameAt(1001 / 30000 * 3, ntsc)).toBe(3);
    expect(frameAt(1001 / 30000 * 3 - 1e-6, ntsc)).toBe(2);
  });

  it('drop-frame timecode skips ;00 and ;01 each minute except every tenth', () => {
    expect(formatTimecode(1799 * 1001 / 30000, ntsc)).toBe('00:00:59;29');
    expect(formatTimecode(1800 * 1001 / 30000, ntsc)).toBe('00:01:00;02');
    expect(formatTimecode(17982 * 1001 / 30000, ntsc)).toBe('00:10:00;00');
    expect(formatTimecode(3.5, { num: 25, den: 1 })).toBe('00:00:03:12');
  });

  it('a span made from loose times starts and ends on frames', () => {
    let doc = setVideo(createDoc('t'), video());
    const r = addSpan(doc, { start: 2.0, end: 5.0 });
    doc = r.doc;
    const s = doc.spans[0]!;
    expect(nearestFrame(s.start, ntsc) * 1001 / 30000).toBe(s.start);
    expect(s.start).toBeCloseTo(2.002, 3); // frame 60 at 29.97
    expect(s.end).toBeCloseTo(5.005, 3); // frame 150
    doc = trimSpan(doc, r.spanId, 'end', 4.321);
    expect(snapToFrame(doc.spans[0]!.end, ntsc)).toBe(doc.spans[0]!.end);
  });

  it('a span narrower than a frame is refused with a message saying what to do', () => {
    const doc = setVideo(createDoc('t'), video());
    expect(() => addSpan(doc, { start: 1, end: 1.01 })).toThrow(/at least one frame/);
  });
});
