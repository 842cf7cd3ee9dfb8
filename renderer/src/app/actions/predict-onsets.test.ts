import { describe, expect, it } from 'vitest';
import type { ChannelName, RequestOf, ResponseOf } from '../../../../main/contract';
import { eventListeners } from '../../transport/listeners';
import type { A2sClient } from '../../transport/types';
import { Editor } from '../editor';
import { makeSpan } from './generate';

/**
 * A span made while the engine was still loading the bundle got no predicted onsets: "no bundle info yet" read as
 * "no timing head" (a loaded CI machine showed it as e2e tests waiting for onsets that never came). The client here
 * answers `bundle:active` only when the test says so, as a slow engine would; `generate:onsets` at once.
 */
function slowBundleClient(): A2sClient & { answerBundle(): void; asked: ChannelName[] } {
  const ev = eventListeners();
  const asked: ChannelName[] = [];
  let answer: () => void = () => undefined;
  const bundle = new Promise<void>((resolve) => (answer = resolve));
  return {
    transport: 'websocket',
    on: ev.on,
    asked,
    answerBundle: () => answer(),
    async invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      asked.push(channel);
      if (channel === 'bundle:active') {
        await bundle;
        return { id: 'tiny', provider: 'cpu', hasTimingHead: true, manifest: { steps: 4, guidance: 2 } } as unknown as ResponseOf<C>;
      }
      if (channel === 'generate:onsets') {
        const r = payload as RequestOf<'generate:onsets'>;
        return { available: true, onsets: [r.start + 0.48] } as unknown as ResponseOf<C>;
      }
      throw new Error(`unexpected ${channel}`);
    },
  };
}

describe('predicted onsets for a span made before the bundle info arrived', () => {
  it('waits for the bundle, then asks the timing head and fills the span', async () => {
    const c = slowBundleClient();
    const e = new Editor(c);
    void e.fetchBundle();
    e.store.apply('open video', (d) => ({ ...d, video: { path: '/v.mp4', duration: 4, fps: { num: 25, den: 1 }, width: 160, height: 90, hasAudio: false } }));
    const spanId = makeSpan(e, { start: 1, end: 3 })!;
    await Promise.resolve();
    expect(c.asked).not.toContain('generate:onsets');
    c.answerBundle();
    await expect.poll(() => e.store.getState().undoLabel).toBe('predicted onsets');
    // 1.48 s is frame 37 at 25 fps: kept as given.
    expect(e.store.getState().doc.spans.find((s) => s.id === spanId)!.predictedOnsets).toEqual([1.48]);
  });
});
