import { describe, expect, it } from 'vitest';
import type { Span } from '../../../../main/contract/domains/project-doc';
import { markerTarget } from './marker';

/** Issue 18 defect 6: M with no span selected silently added a timeline marker "M1". */
describe('where M puts a marker', () => {
  const span = { id: 's1', start: 2, end: 5 } as Span;

  it('an onset on the selected span when the playhead is inside it', () => {
    expect(markerTarget(span, true, 3)).toEqual({ kind: 'onset', spanId: 's1' });
  });

  it('otherwise a timeline marker, with the reason to tell the user', () => {
    expect(markerTarget(undefined, true, 3)).toEqual({ kind: 'timeline', why: expect.stringContaining('select a span') });
    expect(markerTarget(span, true, 5)).toEqual({ kind: 'timeline', why: expect.stringContaining('outside the selected span') });
    expect(markerTarget(span, false, 3)).toEqual({ kind: 'timeline', why: expect.stringContaining('no timing head') });
  });
});
