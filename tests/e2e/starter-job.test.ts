import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';

/**
 * Issue 18 defect 5: the first-run starter library import ran for minutes with no job shown ("library: 0 clips").
 * The engine starts it on its own when the editor first asks about the library; the editor now lists the engine's
 * jobs then, so the import shows under its own name while the editor stays usable.
 */
describe('the starter library import is a visible job (browser mode, real engine)', () => {
  let ed: EditorPage | undefined;
  afterAll(async () => ed?.close());

  it('shows "starter library" in the jobs list and the clip count when it is done', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'a2s-starter-job-'));
    // A three-clip copy of the shipped starter set (the same first-run path, in seconds).
    const starter = path.join(work, 'starter');
    mkdirSync(starter);
    const index = JSON.parse(readFileSync('assets/library/index.json', 'utf8')) as { clips: { file: string; class: string }[] };
    const pick = ['fire', 'water', 'wind'].map((c) => index.clips.find((x) => x.class === c)!);
    for (const c of pick) cpSync(path.join('assets/library', c.file), path.join(starter, c.file));
    writeFileSync(path.join(starter, 'index.json'), JSON.stringify({ ...index, clips: pick }));
    ed = await openEditorPage(work, { width: 1280, height: 720 }, { A2S_LIBRARY_STARTER: '1', A2S_STARTER_DIR: starter });
    const { page } = ed;
    const row = page.getByTestId('job').filter({ hasText: 'starter library' });
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    // The editor works meanwhile: the new-project dialog opens and closes.
    await page.getByTestId('menu-new').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 180_000 }).toBe('done');
    await expect.poll(() => page.getByTestId('library-size').textContent(), { timeout: 60_000 }).toBe('library: 3 clips');
  }, 420_000);
});
