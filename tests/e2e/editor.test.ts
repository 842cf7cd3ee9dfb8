import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startServe, type ServeProcess } from '../helpers/serve';

/**
 * The issue-9 acceptance run, in browser mode against the real engine (default bundle where it exists, 4 sampling
 * steps so it takes seconds): open a video, span 2.0–5.0 s, 2 takes, pick take 2, drag a library clip onto the span as condition,
 * regenerate, an ambient bed from the library, mute/unmute, undo twice, save, reload, reopen: the same document.
 * Each step leaves a screenshot in test-results/editor-*.png.
 */
let serve: ServeProcess;
let browser: Browser;
let page: Page;
let work: string;
let video: string;
const shots: string[] = [];

async function shot(name: string): Promise<void> {
  const file = `test-results/editor-${String(shots.length + 1).padStart(2, '0')}-${name}.png`;
  shots.push(file);
  await page.screenshot({ path: file });
}

type Doc = { spans: { start: number; end: number; takes: { id: string }[]; activeTakeId: string | null; condition: { mode: string; source: { path: string } | null } }[]; clips: { trackId: string; loop: boolean }[]; tracks: { id: string; kind: string; mute: boolean }[]; modified?: string };

async function doc(): Promise<Doc> {
  return page.evaluate(() => (window as unknown as { __a2sEditor: { store: { getState(): { doc: unknown } } } }).__a2sEditor.store.getState().doc as never);
}

async function seekTo(t: string): Promise<void> {
  await page.getByTestId('timecode').click();
  await page.getByTestId('timecode').fill(t);
  await page.getByTestId('timecode').press('Enter');
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'a2s-editor-e2e-'));
  // A Foley World test video (first-person, real one-shots over a bed) when the repository has one; else a small
  // generated clip (8 s, 25 fps, with a tone for the original-sound track).
  const foleyWorld = path.resolve('assets/eval/foleyworld/long/test-11-0000.mp4');
  video = existsSync(foleyWorld) ? foleyWorld : path.join(work, 'shot.mp4');
  if (!existsSync(video)) {
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=8', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=8',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', video]);
  }
  mkdirSync(path.join(work, 'projects'));
  // Two short library sounds (a loud rain-like bed and a quiet room tone), imported through the library panel.
  mkdirSync(path.join(work, 'sounds'));
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.3:duration=4:sample_rate=48000', path.join(work, 'sounds', 'rain-bed.wav')]);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=color=brown:amplitude=0.01:duration=3:sample_rate=48000', path.join(work, 'sounds', 'room-tone.wav')]);
  mkdirSync('test-results', { recursive: true });
  // The shipped default bundle (the acceptance asks for it; ~4 s for 2 takes at 4 steps on CPU), else the tiny one.
  const bundle = path.resolve(existsSync('models/bundles/default/manifest.json') ? 'models/bundles/default' : 'models/bundles/tiny');
  serve = await startServe(['--data', path.join(work, 'data')], { A2S_BUNDLE: bundle, A2S_LIBRARY_STARTER: '0' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(90_000); // hang guard for actions on a loaded machine (Playwright's default: 30 s)
});

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('editor acceptance (browser mode, real engine)', { sequential: true }, () => {
  it('does the whole job and reopens the saved project identical', async () => {
    await page.goto(serve.url);
    await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 60_000 }).toContain('connected');
    await expect.poll(() => page.textContent('[data-testid=bundle]'), { timeout: 60_000 }).toMatch(/bundle: \S+/);
    await shot('empty');

    // New project from the video.
    await page.getByTestId('menu-new').click();
    await page.getByTestId('new-video').fill(video);
    await page.getByTestId('new-dir').fill(path.join(work, 'projects'));
    await page.getByTestId('new-name').fill('kitchen');
    await page.getByTestId('new-create').click();
    await expect.poll(() => page.evaluate(() => (document.querySelector('video') as HTMLVideoElement).readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await shot('video-open');

    // Span 2.0–5.0 s from in/out.
    await seekTo('2');
    await page.keyboard.press('i');
    await seekTo('5');
    await page.keyboard.press('o');
    await page.getByTestId('make-span').click();
    let d = await doc();
    expect(d.spans).toHaveLength(1);
    expect([d.spans[0]!.start, d.spans[0]!.end]).toEqual([2, 5]);
    await shot('span');

    // Two takes with four sampling steps; progress is visible while it runs.
    await page.getByTestId('steps').fill('4');
    await page.getByTestId('steps').press('Enter');
    await page.getByTestId('generate').click();
    await page.getByTestId('job').first().waitFor({ timeout: 60_000 });
    await shot('generating');
    await expect.poll(async () => (await doc()).spans[0]!.takes.length, { timeout: 120_000 }).toBe(2);
    await expect.poll(() => page.getByTestId('job').first().getAttribute('data-state')).toBe('done');
    await shot('two-takes');

    // Pick take 2.
    await page.getByTestId('pick-take-2').check();
    d = await doc();
    expect(d.spans[0]!.activeTakeId).toBe(d.spans[0]!.takes[1]!.id);

    // Import two sounds into the library, then drag one onto the span: it becomes the condition.
    await page.getByTestId('library-import-path').fill(path.join(work, 'sounds'));
    await page.getByTestId('library-import').click();
    await expect.poll(() => page.getByTestId('library-clip').count(), { timeout: 120_000 }).toBe(2);
    await shot('library');
    const libClip = page.getByTestId('library-clip').first();
    const clipName = await libClip.getAttribute('data-clip-name');
    await libClip.dragTo(page.getByTestId('span').first());
    await expect.poll(async () => (await doc()).spans[0]!.condition.mode).toBe('custom');
    expect(await page.getByTestId('condition-name').textContent()).toContain(clipName!);
    await shot('condition');

    // Regenerate with that condition: two more takes.
    await page.getByTestId('generate').click();
    await expect.poll(async () => (await doc()).spans[0]!.takes.length, { timeout: 120_000 }).toBe(4);
    await shot('regenerated');

    // An ambient bed from the library onto the ambient track.
    await page.getByTestId('library-clip').nth(1).dragTo(page.locator('[data-testid=lane][data-track-id=ambient-1]'), { targetPosition: { x: 40, y: 30 } });
    await expect.poll(async () => (await doc()).clips.filter((c) => c.trackId === 'ambient-1' && c.loop).length).toBe(1);
    // Waveforms from engine peaks: the take and the bed are drawn on their lanes' canvases.
    const inked = (track: string) => page.evaluate((id) => {
      const c = document.querySelector(`[data-testid=lane][data-track-id="${id}"] canvas.lane-waves`) as HTMLCanvasElement | null;
      if (!c) return 0;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    }, track);
    await expect.poll(() => inked('action-1'), { timeout: 60_000 }).toBeGreaterThan(200);
    await expect.poll(() => inked('ambient-1'), { timeout: 60_000 }).toBeGreaterThan(200);
    await shot('ambient');

    // Mute and unmute the action track, then undo both.
    const mute = page.locator('[data-testid=track-header][data-track-id=action-1] [data-testid=mute]');
    await mute.click();
    expect((await doc()).tracks.find((t) => t.id === 'action-1')!.mute).toBe(true);
    await shot('muted');
    await mute.click();
    expect((await doc()).tracks.find((t) => t.id === 'action-1')!.mute).toBe(false);
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('Control+z');
    expect((await doc()).tracks.find((t) => t.id === 'action-1')!.mute).toBe(true);
    await page.keyboard.press('Control+z');
    expect((await doc()).tracks.find((t) => t.id === 'action-1')!.mute).toBe(false);

    // Save, reload, reopen from the recent list: the same document.
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.textContent('[data-testid=project-name]')).not.toContain('•');
    const before = await doc();
    expect(await page.evaluate(() => (window as unknown as { __a2sEditor: { store: { getState(): { dirty: boolean } } } }).__a2sEditor.store.getState().dirty)).toBe(false);
    await shot('saved');
    page.on('dialog', (d) => {
      process.stderr.write(`[page] dialog ${d.type()}\n`);
      void d.accept(); // a beforeunload prompt would otherwise block the reload
    });
    page.on('console', (m) => { if (m.type() === 'error') process.stderr.write(`[page] ${m.text()}\n`); });
    await page.reload();
    await shot('reloaded');
    await expect.poll(() => page.textContent('[data-testid=connection]'), { timeout: 60_000 }).toContain('connected');
    await page.getByTestId('menu-open').click();
    await page.getByTestId('recent-item').first().click();
    await expect.poll(async () => (await doc()).spans.length, { timeout: 60_000 }).toBe(1);
    // Nothing the project refers to is missing (no relink dialog over the editor).
    expect(await page.getByTestId('relink-dialog').count()).toBe(0);
    const after = await doc();
    expect({ ...after, modified: '' }).toEqual({ ...before, modified: '' });
    await page.getByTestId('span').first().click({ position: { x: 12, y: 6 } });
    await shot('reopened');
    expect(await page.getByTestId('take').count()).toBe(4);
  }, 300_000);
});
