import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * "Just open the video" from the New dialog (Ctrl+N): `file` becomes a new unsaved document. Resolves once the
 * dialog has closed — the open landed; the previous video's readyState says nothing about this one — and the
 * picture has its first frame.
 */
export async function justOpenVideo(page: Page, file: string): Promise<void> {
  // Ctrl+N goes to the editor, not a field that has the focus (the timecode after a seek).
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+n');
  await page.getByTestId('new-video').fill(file);
  await page.getByRole('button', { name: 'Just open the video' }).click();
  await page.getByTestId('new-dialog').waitFor({ state: 'detached' });
  await expect.poll(() => page.evaluate(() => document.querySelector('video')?.readyState ?? 0), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
}
