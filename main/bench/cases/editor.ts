import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
// The e2e tests' setup and scenario, so the bench times exactly what tests/e2e/editor-perf.test.ts checks.
import { openEditorPage } from '../../../tests/helpers/editor-page';
import { loadDoc, longTimelineDoc, makeLongTimelineMedia, runTimelineScenario } from '../../../tests/helpers/timeline-scenario';
import { result, type BenchCase, type BenchResult } from '../harness';

const PLAY_SECONDS = 5;
const SETTLE_LIMIT_SECONDS = 90;

/**
 * Waits until the page is quiet (peaks, thumbnails and the mixer's voices loaded): 30 frames in a row with the
 * 95th-percentile interval under three 60 Hz frames, or the time limit. Returns the seconds it took, so a noisy
 * baseline shows.
 */
function settle(page: Page): Promise<number> {
  return page.evaluate(async (limit) => {
    const t0 = performance.now();
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    while (performance.now() - t0 < limit * 1000) {
      const dts: number[] = [];
      let last = await frame();
      for (let i = 0; i < 30; i++) {
        const now = await frame();
        dts.push(now - last);
        last = now;
      }
      if (dts.sort((a, b) => a - b)[28]! < 50) break;
    }
    return (performance.now() - t0) / 1000;
  }, SETTLE_LIMIT_SECONDS);
}

/**
 * |mix clock − <video> clock| sampled every animation frame while the editor plays (Space), in ms; the
 * mix clock is re-seeked when it drifts (renderer/src/audio/sync.ts).
 */
async function playbackDrift(page: Page): Promise<{ p50Ms: number; p95Ms: number; samples: number }> {
  await page.locator('body').click({ position: { x: 600, y: 880 } });
  await page.keyboard.press('Space');
  await page.waitForFunction(() => (window as unknown as { __a2sEditor: { mixer: { clock: { state: string } } } }).__a2sEditor.mixer.clock.state === 'started', null, { timeout: 60_000 });
  const drift = await page.evaluate(async (seconds) => {
    const e = (window as unknown as { __a2sEditor: { mixer: { seconds: number; clock: { state: string } } } }).__a2sEditor;
    const v = document.querySelector('video') as HTMLVideoElement;
    const out: number[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < seconds * 1000) {
      await new Promise((r) => requestAnimationFrame(r));
      if (!v.paused && e.mixer.clock.state === 'started') out.push(Math.abs(e.mixer.seconds - v.currentTime) * 1000);
    }
    return out.sort((a, b) => a - b);
  }, PLAY_SECONDS);
  await page.keyboard.press('k');
  const pct = (p: number): number => drift[Math.min(drift.length - 1, Math.floor(p * drift.length))] ?? Number.NaN;
  return { p50Ms: pct(0.5), p95Ms: pct(0.95), samples: drift.length };
}

/**
 * The editor with a 30-minute video and 20 tracks (600 beds, 200 spans with takes) in headless Chromium: frame
 * intervals while zooming and scrolling, each against the same page's idle frames in the same run; then A/V drift
 * while playing, against the idle frame interval (a drift of one frame is what the eye can catch).
 */
export const editorCases: BenchCase[] = [
  {
    name: 'editor-timeline',
    description: 'frame intervals zooming/scrolling a 30-min, 20-track timeline vs the idle page; A/V drift while playing',
    async run() {
      const work = mkdtempSync(path.join(os.tmpdir(), 'a2s-bench-editor-'));
      const { video, wav } = makeLongTimelineMedia(work);
      const editor = await openEditorPage(work);
      try {
        await loadDoc(editor.page, longTimelineDoc(video, wav));
        await editor.page.getByTestId('span').first().waitFor({ timeout: 60_000 });
        const settled = await settle(editor.page);
        const run = await runTimelineScenario(editor.page);
        const out: BenchResult[] = [];
        const note = (p: { frames: number; maxMs: number }): string => `${p.frames} frames, max ${p.maxMs} ms; page settled in ${settled.toFixed(1)} s`;
        for (const [name, p] of [['zoom-in', run.zoomIn], ['scroll', run.scroll], ['zoom-out', run.zoomOut], ['scroll-fit', run.scrollFit]] as const) {
          out.push(result(`editor-${name}-frame-p50`, 'ms', p.p50Ms, { name: 'idle p50', value: run.idle.p50Ms }, note(p)));
          out.push(result(`editor-${name}-frame-p95`, 'ms', p.p95Ms, { name: 'idle p95', value: run.idle.p95Ms }, note(p)));
        }
        const drift = await playbackDrift(editor.page);
        out.push(result('editor-av-drift-p95', 'ms', drift.p95Ms, { name: 'idle frame p50', value: run.idle.p50Ms }, `p50 ${drift.p50Ms.toFixed(1)} ms over ${drift.samples} frames of ${PLAY_SECONDS} s playing`));
        return out;
      } finally {
        await editor.close();
      }
    },
  },
];
