import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';
import { makeHitsVideo, makeIndexedVideo } from '../helpers/media-fixtures';
import { clippedPanes } from './clipped-panes';
import { justOpenVideo } from './open-video';

/**
 * Issue 18's walkthrough: what a sound designer does in the first hour, at 1280×720 in browser mode against the real
 * engine (tiny bundle, two sampling steps): open a clip with its own sound, import real recordings into the library,
 * make a span, generate, add and drag an onset marker, pick a condition from the library, regenerate, lay an
 * ambient bed, save, reopen, export. After every step no pane is clipped (tests/e2e/clipped-panes.ts), and the step's
 * screenshot is left in test-results/walkthrough/. The layered step is the README's picture:
 * `A2S_REFRESH_SCREENSHOT=1 npx vitest run tests/e2e/walkthrough.test.ts` writes it to docs/screenshot.png, with the
 * shipped default bundle when it is present (the picture shows what a user gets, not random weights).
 */
const ART = 'test-results/walkthrough';
const FOLEY_WORLD = path.resolve('assets/eval/foleyworld/long/test-11-0000.mp4');
/** Real recordings from the starter set (assets/library, credits in assets/library/CREDITS.md). */
const SOUNDS = ['rain_re_rain.ogg', 'forest_re_forest1.ogg', 'hum_oc_loop.ogg'];
const README = process.env.A2S_REFRESH_SCREENSHOT === '1';
const DEFAULT_BUNDLE = path.resolve('models/bundles/default');

let ed: EditorPage;
let page: Page;
let work: string;
let video: string;
let step = 0;

type Span = { id: string; start: number; end: number; onsets: number[] | null; predictedOnsets: number[]; takes: { id: string }[]; condition: { mode: string; source: { kind: string; name?: string } | null } };
type Doc = { name: string; spans: Span[]; clips: { trackId: string }[] };
type Handle = { store: { getState(): { doc: Doc; undoLabel: string | null; dirty: boolean } }; playhead: { get(): number }; project: { get(): { path: string | null } } };
const edit = <T,>(fn: (e: Handle) => T): Promise<T> => page.evaluate(`(${fn.toString()})(window.__a2sEditor)`) as Promise<T>;
const doc = () => edit((e) => e.store.getState().doc);

/** A screenshot of the step, then: nothing clipped. */
async function check(name: string): Promise<void> {
  step += 1;
  await page.screenshot({ path: `${ART}/${String(step).padStart(2, '0')}-${name}.png` });
  expect(await clippedPanes(page), name).toEqual([]);
}

/** Painted pixels on a lane's waveform canvas. */
function inked(track: string): Promise<number> {
  return page.evaluate((id) => {
    const c = document.querySelector<HTMLCanvasElement>(`[data-testid=lane][data-track-id="${id}"] canvas.lane-waves`);
    if (!c) return 0;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  }, track);
}

async function seekTo(t: number): Promise<void> {
  await page.getByTestId('timecode').fill(String(t));
  await page.getByTestId('timecode').press('Enter');
}

/** Keys go to the editor, not the field that has the focus. */
async function press(key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'a2s-walk-'));
  mkdirSync(path.join(work, 'projects'));
  mkdirSync(path.join(work, 'sounds'));
  for (const s of SOUNDS) copyFileSync(path.join('assets/library', s), path.join(work, 'sounds', s));
  // A Foley World test video (a first-person shot whose sound is real recordings) when the repository has one; else
  // an ffmpeg clip with hits on its own sound track.
  video = existsSync(FOLEY_WORLD) ? FOLEY_WORLD : path.join(work, 'shot.mp4');
  if (!existsSync(video)) makeHitsVideo(video, { seconds: 8, hitsAt: [1, 2.5, 3.2, 4, 6.1] });
  rmSync(ART, { recursive: true, force: true });
  mkdirSync(ART, { recursive: true });
  const shipped = README && existsSync(path.join(DEFAULT_BUNDLE, 'manifest.json'));
  ed = await openEditorPage(work, { width: 1280, height: 720 }, shipped ? { A2S_BUNDLE: DEFAULT_BUNDLE } : {});
  page = ed.page;
}, 240_000);

afterAll(async () => {
  await ed?.close();
});

describe('walkthrough at 1280×720: the whole flow on a real clip, no pane clipped', { sequential: true }, () => {
  it('open, import, span, generate, marker, condition, layer, save, reopen, export', async () => {
    await expect.poll(() => page.textContent('[data-testid=bundle]'), { timeout: 60_000 }).toMatch(/bundle: \S+/);
    await check('empty');

    // Open the clip as a new project.
    await page.getByTestId('menu-new').click();
    await page.getByTestId('new-video').fill(video);
    await page.getByTestId('new-dir').fill(path.join(work, 'projects'));
    await page.getByTestId('new-name').fill('walkthrough');
    await check('new-dialog');
    await page.getByTestId('new-create').click();
    await expect.poll(() => page.textContent('[data-testid=project-name]'), { timeout: 30_000 }).toContain('walkthrough');
    await expect.poll(() => page.evaluate(() => document.querySelector('video')!.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await check('opened');

    // Real recordings into the library, through the panel.
    await page.getByTestId('library-import-path').fill(path.join(work, 'sounds'));
    await page.getByTestId('library-import').click();
    await expect.poll(() => page.getByTestId('library-clip').count(), { timeout: 180_000 }).toBe(SOUNDS.length);
    await check('library');

    // A span from in/out; the timing head predicts its onsets.
    await seekTo(2);
    await press('i');
    await seekTo(5);
    await press('o');
    await page.getByTestId('make-span').click();
    await expect.poll(async () => (await doc()).spans[0]?.predictedOnsets.length ?? 0, { timeout: 120_000 }).toBeGreaterThan(0);
    await page.getByTestId('steps').fill('2');
    await page.getByTestId('steps').press('Enter');
    await page.getByTestId('takes-count').fill('2');
    await page.getByTestId('takes-count').press('Enter');
    await check('span');

    await page.getByTestId('generate').click();
    await expect.poll(async () => (await doc()).spans[0]!.takes.length, { timeout: 180_000 }).toBe(2);
    await check('generated');

    // M adds an onset at the playhead inside the selected span; then a marker is dragged 30 px later.
    await seekTo(3.5);
    await press('m');
    await expect.poll(() => edit((e) => e.store.getState().undoLabel)).toBe('add onset');
    const before = (await doc()).spans[0]!.onsets!;
    expect(before).toContain(3.5);
    const box = (await page.getByTestId('onset').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await doc()).spans[0]!.onsets).not.toEqual(before);
    await check('marker');

    // Suggestions for the span, then a clip from the library list as its condition; regenerate with it.
    await page.locator('.lib-suggest').getByRole('button', { name: 'suggest' }).click();
    await expect.poll(() => page.locator('.lib-suggest [data-testid=library-clip]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const pick = page.locator('[data-testid=library-list] [data-testid=library-clip]').last();
    const picked = (await pick.getAttribute('data-clip-name'))!;
    await pick.getByRole('button', { name: 'use' }).click();
    await expect.poll(async () => (await doc()).spans[0]!.condition.source?.name).toBe(picked);
    await expect.poll(() => page.getByTestId('condition-name').textContent()).toContain(picked);
    await page.getByTestId('generate').click();
    await expect.poll(async () => (await doc()).spans[0]!.takes.length, { timeout: 180_000 }).toBe(4);
    // The crowded state of defect 3: scrolled into view, the last clip and the last takes row move their pane only.
    await page.locator('[data-testid=library-list] [data-testid=library-clip]').last().scrollIntoViewIfNeeded();
    await page.getByTestId('take').last().scrollIntoViewIfNeeded();
    await check('condition');

    // Layer: an ambient bed dragged from the library onto the ambience track.
    await page.getByTestId('library-clip').first().dragTo(page.locator('[data-testid=lane][data-track-id=ambient-1]'), { targetPosition: { x: 60, y: 30 } });
    await expect.poll(async () => (await doc()).clips.filter((c) => c.trackId === 'ambient-1').length).toBe(1);
    await check('layered');
    // The README's picture: the span selected (its takes and what conditioned them, suggestions), the bed under it.
    await page.getByTestId('span').first().click({ position: { x: 12, y: 6 } });
    await page.getByTestId('span-inspector').getByText('Generation', { exact: true }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await expect.poll(() => page.locator('.lib-suggest [data-testid=library-clip]').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // Waveforms come from engine peaks a moment after the edit: the take and the bed are drawn on their lanes.
    await expect.poll(() => inked('action-1'), { timeout: 60_000 }).toBeGreaterThan(200);
    await expect.poll(() => inked('ambient-1'), { timeout: 60_000 }).toBeGreaterThan(200);
    await check('readme');
    if (README) await page.screenshot({ path: 'docs/screenshot.png' });
    // The check can fail: panes sized by their content (the layout before issue 18) are caught, then it passes again.
    await page.addStyleTag({ content: `html, body, #root, .app, .main, .right, .library { height: auto !important; overflow: visible !important; }
      .inspector, .library, .lib-suggest, .lib-list { flex: none !important; max-height: none !important; overflow: visible !important; }` });
    const problems = (await clippedPanes(page)).join('\n');
    expect(problems).toMatch(/^the document scrolls/m);
    expect(problems).toMatch(/^library list: .* is not inside the 1280×720 viewport/m);
    await page.evaluate(() => document.head.lastElementChild!.remove());
    expect(await clippedPanes(page)).toEqual([]);

    // Save, then reopen from the recent list: the same document, nothing missing.
    await press('Control+s');
    await expect.poll(() => page.textContent('[data-testid=project-name]'), { timeout: 30_000 }).not.toContain('•');
    const saved = await doc();
    await page.getByTestId('menu-open').click();
    await check('open-dialog');
    await page.getByTestId('recent-item').first().click();
    await expect.poll(async () => (await doc()).spans[0]?.takes.length ?? 0, { timeout: 30_000 }).toBe(4);
    expect(await page.getByTestId('relink-dialog').count()).toBe(0);
    const reopened = await doc();
    expect({ spans: reopened.spans, clips: reopened.clips }).toEqual({ spans: saved.spans, clips: saved.clips });
    await check('reopened');

    // Export: the dialog and its report fit the window too.
    await page.getByTestId('menu-export').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-rpp').check();
    await page.getByTestId('export-otio').check();
    await check('export-form');
    const out = await page.getByTestId('export-out').inputValue();
    await page.getByTestId('export-go').click();
    await page.getByTestId('export-done').waitFor({ timeout: 180_000 });
    await check('export-done');
    const files = readdirSync(out);
    for (const ext of ['.rpp', '.otio', '_mix.wav']) expect(files.some((f) => f.endsWith(ext)), ext).toBe(true);
    await page.getByTestId('export-done').getByRole('button', { name: 'Close' }).click();
    await check('exported');
  }, 900_000);

  it('"Just open the video" on a second and a third video: each is a new document named after its video', async () => {
    const clips = ['first-shot', 'second-shot', 'third-shot'].map((n) => path.join(work, `${n}.mp4`));
    makeHitsVideo(clips[0]!, { seconds: 3, hitsAt: [1] });
    makeIndexedVideo(clips[1]!, { frames: 50 });
    makeHitsVideo(clips[2]!, { seconds: 2, hitsAt: [0.5] });
    for (const clip of clips) {
      await seekTo(1.5); // each opens at its first frame, not where the last one was
      await justOpenVideo(page, clip);
      const name = path.basename(clip, '.mp4');
      await expect.poll(() => page.textContent('[data-testid=project-name]'), { timeout: 30_000 }).toContain(name);
      const state = await edit((e) => ({ doc: e.store.getState().doc, path: e.project.get().path, playhead: e.playhead.get() }));
      expect(state.doc.name).toBe(name);
      expect(state.doc.spans).toEqual([]); // the previous picture's spans stay with it
      expect(state.path).toBeNull();
      expect(state.playhead).toBe(0);
      expect(await page.getByTestId('project-name').textContent()).toContain('(unsaved)');
      await check(`opened-${name}`);
    }
  }, 300_000);
});
