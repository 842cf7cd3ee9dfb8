import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';
import { makeHitsVideo } from '../helpers/media-fixtures';
import { makeBounceVideo } from '../adapt/fixtures';
import { justOpenVideo } from './open-video';

/**
 * Issue 22: "Adapt to this project's footage" in the editor (browser mode, real engine, real trainer): a picture
 * without sound and one too short are refused in words, a cancelled run writes no adapter, a finished one shows
 * the before/after onset F1 of its job result and becomes the bundle in use. The base is a private copy of the
 * default bundle (models/bundles/tiny is from an older network the trainer cannot rebuild; the repository's
 * default may be re-exported while this runs, and an adapter is bound to its base's exact manifest). Few steps:
 * this pins behaviour, not quality. Needs Python 3 + PyTorch.
 */
let editor: EditorPage;
let page: Page;
let work: string;
let data: string;

interface Handle {
  bundle: { get(): { id: string } | null };
}
const ed = <T>(fn: (e: Handle) => T | Promise<T>): Promise<T> => page.evaluate(`(${fn.toString()})(window.__a2sEditor)`) as Promise<T>;

async function openAdapt(): Promise<void> {
  await page.getByTestId('menu-adapt').click();
  await page.getByTestId('adapt-dialog').waitFor();
}

async function closeAdapt(): Promise<void> {
  await page.getByTestId('adapt-dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('adapt-dialog').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'a2s-adapt-e2e-'));
  data = path.join(work, 'data');
  makeBounceVideo(path.join(work, 'mute.mp4'), { seconds: 6, period: 0.5, first: 0.3, silent: true });
  makeHitsVideo(path.join(work, 'short.mp4'), { seconds: 1, hitsAt: [0.2, 0.6] });
  makeBounceVideo(path.join(work, 'shoot.mp4'), { seconds: 6, period: 0.5, first: 0.3 });
  // the base: a copy of the default bundle under its own id, selected as the active bundle
  const base = path.join(data, 'bundles', 'e2e-base');
  mkdirSync(path.dirname(base), { recursive: true });
  cpSync('models/bundles/default', base, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(base, 'manifest.json'), 'utf8')) as { id: string };
  writeFileSync(path.join(base, 'manifest.json'), JSON.stringify({ ...manifest, id: 'e2e-base' }, null, 2));
  writeFileSync(path.join(data, 'inference.json'), JSON.stringify({ active: 'e2e-base' }));
  editor = await openEditorPage(work, undefined, { A2S_BUNDLE: '' }); // no override: the selection decides
  page = editor.page;
}, 180_000);

afterAll(async () => {
  await editor?.close();
});

describe('adapt to this project\'s footage', { sequential: true }, () => {
  it('a picture without sound: the dialog says why, and nothing can start', async () => {
    await justOpenVideo(page, path.join(work, 'mute.mp4'));
    await openAdapt();
    expect(await page.getByTestId('adapt-problem').textContent()).toMatch(/^mute\.mp4 has no sound of its own\. .*production sound/);
    expect(await page.getByTestId('adapt-start').isDisabled()).toBe(true);
    await closeAdapt();
  }, 240_000);

  it('a single 1 s clip: the engine\'s reason, in the dialog', async () => {
    await justOpenVideo(page, path.join(work, 'short.mp4'));
    await openAdapt();
    await page.getByTestId('adapt-start').click();
    await page.getByTestId('adapt-error').waitFor({ timeout: 240_000 });
    expect(await page.getByTestId('adapt-error').textContent()).toMatch(/^This footage cannot be used to adapt: .*short\.mp4: is 1\.\d+ s long, shorter than one model window/);
    expect(existsSync(path.join(data, 'bundles', 'short-adapted'))).toBe(false);
    await closeAdapt();
  }, 300_000);

  it('cancelled while training: says so, and no adapter is written', async () => {
    await justOpenVideo(page, path.join(work, 'shoot.mp4'));
    await openAdapt();
    await expect.poll(() => page.getByTestId('adapt-name').inputValue()).toBe('shoot-adapted');
    expect(await page.getByTestId('adapt-sources').textContent()).toContain('shoot.mp4');
    await page.getByTestId('adapt-steps').fill('1000'); // still training when the test cancels it
    await page.getByTestId('adapt-start').click();
    // the job is in the Jobs panel too, like a generation
    await page.locator('[data-testid=job]', { hasText: 'adapt · shoot-adapted' }).waitFor();
    await expect.poll(() => page.getByTestId('adapt-stage').textContent(), { timeout: 480_000, interval: 500 }).toMatch(/training step \d+/);
    await page.getByTestId('adapt-cancel').click();
    await page.getByTestId('adapt-error').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('adapt-error').textContent()).toMatch(/^Cancelled: no adapter was written\./);
    expect(existsSync(path.join(data, 'bundles', 'shoot-adapted'))).toBe(false);
    expect(await page.locator('[data-testid=job][data-state=cancelled]', { hasText: 'adapt · shoot-adapted' }).count()).toBe(1);
  }, 600_000);

  it('a finished run shows its before/after F1 in words, and its adapter becomes the bundle in use', async () => {
    await page.getByTestId('adapt-steps').fill('30');
    await page.getByTestId('adapt-start').click();
    await page.getByTestId('adapt-result').waitFor({ timeout: 600_000 });
    const target = path.join(data, 'bundles', 'shoot-adapted');
    const { adapter } = JSON.parse(readFileSync(path.join(target, 'manifest.json'), 'utf8')) as { adapter: { before: { f1: number }; after: { f1: number }; training: { steps: number } } };
    expect(adapter.training.steps).toBe(30);
    const headline = (await page.getByTestId('adapt-headline').textContent()) ?? '';
    expect(headline).toContain(`Onset F1 ${adapter.before.f1.toFixed(2)} → ${adapter.after.f1.toFixed(2)}.`);
    expect(await page.getByTestId('adapt-result').textContent()).toMatch(/held back from training \(shoot\.mp4 [\d.]+–6\.0 s\)/);
    await page.screenshot({ path: 'test-results/adapt-result.png' });

    await page.getByTestId('adapt-use').click();
    await page.getByTestId('adapt-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => ed((e) => e.bundle.get()?.id)).toBe('shoot-adapted');
    // the adapter runs: its timing head predicts onsets for a span of the picture
    const video = path.join(work, 'shoot.mp4');
    const onsets = await page.evaluate(`window.__a2sEditor.api.onsets(${JSON.stringify(video)}, 0, 2.048)`);
    expect(Array.isArray(onsets)).toBe(true);
    await openAdapt();
    expect(await page.getByTestId('adapt-use').textContent()).toBe('shoot-adapted is the bundle in use');
  }, 900_000);
});
