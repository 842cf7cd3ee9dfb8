import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openEditorPage, type EditorPage } from '../helpers/editor-page';

/**
 * Issue 18 defect 7: a sound file dropped from disk onto a span said "Import the file into the library first". Now,
 * in browser mode (where a dropped file has no path), its bytes are uploaded to the real `a2s serve`, imported into
 * the library and made the span's condition in one undo step. The drop is a real DataTransfer with a File in
 * Chromium, dispatched on the span.
 */
let ed: EditorPage;
let page: Page;
let work: string;

type Cond = { mode: string; source: { kind: string; clipId?: number; path?: string; name?: string } | null };
const condition = () => page.evaluate(() => (window as unknown as { __a2sEditor: { store: { getState(): { doc: { spans: { condition: unknown }[] } } } } }).__a2sEditor.store.getState().doc.spans[0]!.condition as Cond);
const undoLabel = () => page.evaluate(() => (window as unknown as { __a2sEditor: { store: { getState(): { undoLabel: string | null } } } }).__a2sEditor.store.getState().undoLabel);

/** Drops a file (these bytes, this name) from "disk" on the element, as Chromium does: dragenter, dragover, drop. */
async function dropFile(selector: string, name: string, bytes: Buffer): Promise<void> {
  const dt = await page.evaluateHandle(({ name, b64 }) => {
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const t = new DataTransfer();
    t.items.add(new File([raw], name, { type: 'audio/wav' }));
    return t;
  }, { name, b64: bytes.toString('base64') });
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent(selector, type, { dataTransfer: dt });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'a2s-drop-'));
  mkdirSync(path.join(work, 'projects'));
  const ff = (...args: string[]) => execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
  ff('-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=25:duration=4', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-preset', 'ultrafast', path.join(work, 'shot.mp4'));
  ff('-f', 'lavfi', '-i', 'anoisesrc=color=brown:amplitude=0.05:duration=2:sample_rate=48000', path.join(work, 'cellar-tone.wav'));
  writeFileSync(path.join(work, 'fake.wav'), 'a text file with a sound file\'s name');
  mkdirSync('test-results', { recursive: true });
  ed = await openEditorPage(work, { width: 1280, height: 720 });
  page = ed.page;
}, 240_000);

afterAll(async () => {
  await ed?.close();
});

describe('a sound file dropped from disk on a span (browser mode, real engine)', { sequential: true, timeout: 240_000 }, () => {
  it('opens a project with a span', async () => {
    await page.getByTestId('menu-new').click();
    await page.getByTestId('new-video').fill(path.join(work, 'shot.mp4'));
    await page.getByTestId('new-dir').fill(path.join(work, 'projects'));
    await page.getByTestId('new-name').fill('drop');
    await page.getByTestId('new-create').click();
    await expect.poll(() => page.textContent('[data-testid=project-name]'), { timeout: 60_000 }).toContain('drop.a2s');
    for (const [t, key] of [['1', 'i'], ['3', 'o']] as const) {
      await page.getByTestId('timecode').fill(t);
      await page.getByTestId('timecode').press('Enter');
      await page.keyboard.press(key);
    }
    await page.getByTestId('make-span').click();
    await page.getByTestId('span').first().waitFor();
    // The timing head's prediction is its own undo step: let it land first, so "one undo step" below is the drop's.
    await expect.poll(undoLabel, { timeout: 240_000 }).toBe('predicted onsets');
  });

  it('is uploaded, imported into the library and becomes the span\'s condition in one undo step', async () => {
    const before = await condition();
    expect(before.source).toBeNull();
    const bytes = readFileSync(path.join(work, 'cellar-tone.wav'));
    await dropFile('[data-testid=span]', 'cellar-tone.wav', bytes);
    await expect.poll(async () => (await condition()).source?.kind ?? null, { timeout: 120_000 }).toBe('library');
    const after = await condition();
    const stored = path.join(work, 'data', 'imports', 'cellar-tone.wav');
    expect(after).toMatchObject({ mode: 'custom', source: { kind: 'library', clipId: expect.any(Number), path: stored, name: 'cellar-tone' } });
    expect(readFileSync(stored).equals(bytes)).toBe(true);
    await expect.poll(() => page.getByTestId('library-size').textContent(), { timeout: 60_000 }).toBe('library: 1 clips');
    await expect.poll(() => page.getByTestId('condition-name').textContent()).toContain('cellar-tone');
    await page.screenshot({ path: 'test-results/drop-file.png' });

    // One step: undo gives the condition back as it was, redo brings the dropped clip again.
    expect(await undoLabel()).toBe('condition: cellar-tone');
    await page.getByTestId('undo').click();
    expect(await condition()).toEqual(before);
    await page.getByTestId('redo').click();
    expect(await condition()).toEqual(after);
  });

  it('the same file dropped again (on the condition slot) is the same clip, not a copy', async () => {
    await page.getByTestId('undo').click();
    await dropFile('[data-testid=condition-slot]', 'cellar-tone.wav', readFileSync(path.join(work, 'cellar-tone.wav')));
    await expect.poll(async () => (await condition()).source?.kind ?? null, { timeout: 120_000 }).toBe('library');
    expect(existsSync(path.join(work, 'data', 'imports', 'cellar-tone-2.wav'))).toBe(false);
    expect(await page.getByTestId('library-size').textContent()).toBe('library: 1 clips');
  });

  it('a file that is not the sound it claims is refused with the reason, and the condition stays', async () => {
    const before = await condition();
    await dropFile('[data-testid=span]', 'fake.wav', readFileSync(path.join(work, 'fake.wav')));
    const toast = page.getByTestId('toast-error').filter({ hasText: 'fake.wav' });
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.textContent()).toContain('its content is not WAV');
    expect(await condition()).toEqual(before);
  });
});
