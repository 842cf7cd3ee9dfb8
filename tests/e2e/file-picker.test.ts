import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';

/**
 * Issue 18 defect 4: browser mode had no way to pick files (the "…" buttons did nothing, paths had to be typed).
 * Now "…" opens a picker over folders the loopback server lists (home and `a2s serve --root`): here a video and a
 * folder are picked through it to make a project, and a sound folder for the library, in Chromium against a real
 * `a2s serve`.
 */
let ed: EditorPage;
let page: Page;
let work: string;

beforeAll(async () => {
  work = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'a2s-picker-')));
  for (const d of ['shoot/day 1', 'shoot/.cache', 'projects', 'sounds']) mkdirSync(path.join(work, d), { recursive: true });
  const ff = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
  ff('-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=25:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', path.join(work, 'shoot', 'day 1', 'kitchen.mp4'));
  ff('-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.2:duration=2:sample_rate=48000', path.join(work, 'sounds', 'rain.wav'));
  writeFileSync(path.join(work, 'shoot', 'day 1', 'notes.txt'), 'not a video');
  writeFileSync(path.join(work, 'shoot', '.cache', 'hidden.mp4'), 'x');
  mkdirSync('test-results', { recursive: true });
  ed = await openEditorPage(work, { width: 1280, height: 720 }, {}, ['--root', work]);
  page = ed.page;
}, 180_000);

afterAll(async () => {
  await ed?.close();
});

const picker = () => page.getByTestId('file-picker');
const entry = (name: string) => picker().locator(`[data-testid=picker-entry][data-name="${name}"]`);

describe('the browser-mode file picker (real a2s serve --root, Chromium)', { sequential: true, timeout: 240_000 }, () => {
  it('the first screen says how to open a video in browser mode (no File menu here)', async () => {
    const text = (await page.locator('.picture-empty').textContent()) ?? '';
    expect(text).not.toContain('File →');
    expect(text).toContain('"…" next to a path browses your files');
  });

  it('picks a video and a folder through the picker and makes a project from them', async () => {
    await page.getByTestId('menu-new').click();
    await page.getByTestId('new-video-browse').click();
    await picker().waitFor();
    // Start at the root given to a2s serve, go into the shoot and its day folder.
    await picker().getByTestId('picker-root').filter({ hasText: work }).click();
    await expect.poll(() => picker().getByTestId('picker-path').textContent()).toBe(work);
    await entry('shoot').dblclick();
    await expect.poll(() => picker().getByTestId('picker-path').textContent()).toBe(path.join(work, 'shoot'));
    expect(await entry('.cache').count()).toBe(0); // no dotfiles unless asked
    await entry('day 1').dblclick();
    await entry('kitchen.mp4').waitFor();
    expect(await entry('notes.txt').count()).toBe(0); // a video field lists videos (and folders) only
    expect(await picker().textContent()).toContain('1 other file not shown');
    await entry('kitchen.mp4').click();
    await page.screenshot({ path: 'test-results/file-picker-video.png' });
    await picker().getByTestId('picker-choose').click();
    await expect.poll(() => picker().count()).toBe(0);
    expect(await page.getByTestId('new-video').inputValue()).toBe(path.join(work, 'shoot', 'day 1', 'kitchen.mp4'));

    // The folder field: the picker opens at the last folder; up twice, into projects, choose this folder.
    await page.getByTestId('new-dir-browse').click();
    await expect.poll(() => picker().getByTestId('picker-path').textContent()).toBe(path.join(work, 'shoot', 'day 1'));
    await picker().getByTestId('picker-up').click();
    await expect.poll(() => picker().getByTestId('picker-path').textContent()).toBe(path.join(work, 'shoot'));
    // Hidden files only when asked.
    await picker().getByTestId('picker-hidden').check();
    await entry('.cache').waitFor();
    await picker().getByTestId('picker-up').click();
    await entry('projects').dblclick();
    await expect.poll(() => picker().getByTestId('picker-path').textContent()).toBe(path.join(work, 'projects'));
    await picker().getByRole('button', { name: 'Choose this folder' }).click();
    expect(await page.getByTestId('new-dir').inputValue()).toBe(path.join(work, 'projects'));

    // Escape closes the picker only, not the dialog under it.
    await page.getByTestId('new-dir-browse').click();
    await picker().waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => picker().count()).toBe(0);
    expect(await page.getByTestId('new-dialog').count()).toBe(1);

    await page.getByTestId('new-name').fill('picked');
    await page.getByTestId('new-create').click();
    await expect.poll(() => page.textContent('[data-testid=project-name]'), { timeout: 60_000 }).toContain('picked.a2s');
    expect(existsSync(path.join(work, 'projects', 'picked.a2s', 'project.json'))).toBe(true);
    await expect.poll(() => page.evaluate(() => document.querySelector('video')!.readyState), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
  });

  it('picks a folder of sounds for the library import, and the project for Open', async () => {
    await page.getByTestId('library-import-browse').click();
    await picker().getByTestId('picker-root').filter({ hasText: work }).click();
    await entry('sounds').click();
    await picker().getByTestId('picker-choose').click();
    expect(await page.getByTestId('library-import-path').inputValue()).toBe(path.join(work, 'sounds'));
    await page.getByTestId('library-import').click();
    await expect.poll(() => page.getByTestId('library-clip').count(), { timeout: 120_000 }).toBe(1);

    await page.getByTestId('menu-open').click();
    await page.getByTestId('open-path-browse').click();
    await picker().getByTestId('picker-root').filter({ hasText: work }).click();
    await entry('projects').dblclick();
    // A project folder is picked, not entered.
    await entry('picked.a2s').dblclick();
    await expect.poll(() => picker().count()).toBe(0);
    expect(await page.getByTestId('open-path').inputValue()).toBe(path.join(work, 'projects', 'picked.a2s'));
    await page.keyboard.press('Escape');
  });
});
