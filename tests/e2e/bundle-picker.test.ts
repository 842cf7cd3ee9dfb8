import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';

/**
 * The status bar's bundle picker (issue 16): a designer working on real footage chooses the foleyworld-v4-motion
 * overlay (timing from picture motion) in the editor; the choice is the engine's (bundle:select) and survives a
 * reload. Real `a2s serve` with the repository's builtin bundles (no A2S_BUNDLE pin), Chromium.
 */
let ed: EditorPage;
let page: Page;

beforeAll(async () => {
  const work = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'a2s-bundle-picker-')));
  mkdirSync('test-results', { recursive: true });
  ed = await openEditorPage(work, { width: 1280, height: 720 }, { A2S_BUNDLE: '' });
  page = ed.page;
}, 180_000);

afterAll(async () => {
  await ed?.close();
});

const picker = () => page.getByTestId('bundle-select');

describe('the bundle picker in the status bar (real a2s serve, Chromium)', { sequential: true, timeout: 240_000 }, () => {
  it('offers the builtin bundles with the default active', async () => {
    await expect.poll(() => picker().inputValue()).toBe('default-foleyworld-v3.1');
    const ids = await picker().locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids).toEqual(expect.arrayContaining(['default-foleyworld-v3.1', 'foleyworld-v4-motion', 'tiny-foleyworld-v1']));
  });

  it('chooses the motion overlay; the engine uses it and the choice survives a reload', async () => {
    await picker().selectOption('foleyworld-v4-motion');
    await expect.poll(() => picker().inputValue()).toBe('foleyworld-v4-motion');
    expect(await page.getByTestId('bundle').textContent()).not.toContain('no timing head');
    await page.reload();
    await page.getByText('connected ·').waitFor({ timeout: 60_000 });
    await expect.poll(() => picker().inputValue()).toBe('foleyworld-v4-motion');
    await picker().selectOption('default-foleyworld-v3.1');
    await expect.poll(() => picker().inputValue()).toBe('default-foleyworld-v3.1');
  });
});
