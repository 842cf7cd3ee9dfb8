import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';
import { makeHitsVideo, makeIndexedVideo } from '../helpers/media-fixtures';
import { justOpenVideo } from './open-video';

/**
 * Issue 15: "Markers from guide track" in the span inspector, in browser mode against the real engine: the video's
 * own sound has hits at known times; the action (button or Shift+M) places markers there tagged as the guide track's,
 * one undo removes them, and a video without sound gets a notice instead.
 */
let editor: EditorPage;
let page: Page;
let work: string;
const HITS = [0.6, 1.4, 2.2, 3.0];

interface Handle {
  store: { getState(): { undoLabel: string | null; doc: { spans: { onsets: number[] | null; onsetSources?: string[] }[] } } };
}
const ed = <T>(fn: (e: Handle) => T): Promise<T> => page.evaluate(`(${fn.toString()})(window.__a2sEditor)`) as Promise<T>;

/** A span from in/out set through the timecode field; waits for the timing head's prediction (its own undo step). */
async function makeSpan(from: number, to: number): Promise<void> {
  for (const [t, key] of [[from, 'i'], [to, 'o']] as const) {
    await page.getByTestId('timecode').fill(String(t));
    await page.getByTestId('timecode').press('Enter');
    await page.keyboard.press(key);
  }
  await page.keyboard.press('Enter');
  await expect.poll(() => ed((e) => e.store.getState().undoLabel), { timeout: 240_000 }).toBe('predicted onsets');
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'a2s-guide-e2e-'));
  makeHitsVideo(path.join(work, 'hits.mp4'), { seconds: 4, hitsAt: HITS });
  makeIndexedVideo(path.join(work, 'silent.mp4'), { frames: 100 });
  editor = await openEditorPage(work);
  page = editor.page;
}, 120_000);

afterAll(async () => {
  await editor?.close();
});

describe('markers from the guide track', { sequential: true }, () => {
  it('places tagged markers on the span\'s hits, and one undo removes them', async () => {
    await justOpenVideo(page, path.join(work, 'hits.mp4'));
    await makeSpan(0.2, 3.6);
    await page.getByTestId('guide-markers').click();
    await expect.poll(() => ed((e) => e.store.getState().undoLabel), { timeout: 60_000 }).toBe('markers from guide track');
    const span = (await ed((e) => e.store.getState().doc.spans[0]!))!;
    expect(span.onsetSources).toEqual(HITS.map(() => 'guide'));
    // Snapped to 25 fps frames (±20 ms) from the detector's times (a few ms early).
    span.onsets!.forEach((t, i) => expect(Math.abs(t - HITS[i]!)).toBeLessThan(0.04));
    await expect.poll(() => page.locator('[data-testid=onset][data-source=guide]').count()).toBe(HITS.length);
    expect(await page.getByTestId('guide-count').textContent()).toContain(`${HITS.length} from the guide track`);
    await page.screenshot({ path: 'test-results/guide-markers.png' });

    await page.locator('body').click({ position: { x: 600, y: 880 } }); // keys go to the editor, not the inspector
    await page.keyboard.press('Control+z');
    await expect.poll(() => ed((e) => e.store.getState().undoLabel)).toBe('predicted onsets');
    expect(await ed((e) => e.store.getState().doc.spans[0]!.onsets)).toBeNull();
    expect(await page.locator('[data-testid=onset][data-source=guide]').count()).toBe(0);
    // Shift+M does the same from the keyboard.
    await page.keyboard.press('Shift+M');
    await expect.poll(() => ed((e) => e.store.getState().undoLabel), { timeout: 60_000 }).toBe('markers from guide track');
    expect(await ed((e) => e.store.getState().doc.spans[0]!.onsetSources)).toEqual(HITS.map(() => 'guide'));
  }, 300_000);

  it('a video without sound gets a notice, and the span is left as it was', async () => {
    await justOpenVideo(page, path.join(work, 'silent.mp4'));
    await makeSpan(0.5, 3);
    await page.getByTestId('guide-markers').click();
    const notice = page.getByTestId('toast-info').filter({ hasText: 'has no audio track' });
    await notice.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('toast-error').count()).toBe(0);
    expect(await ed((e) => e.store.getState().undoLabel)).toBe('predicted onsets');
  }, 300_000);
});
