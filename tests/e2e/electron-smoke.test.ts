import { describe, expect, it } from 'vitest';
import { _electron as electron } from 'playwright-core';
import { electronBinaryPath } from '../helpers/electron';

const bin = electronBinaryPath();
if (!bin) {
  // eslint-disable-next-line no-console -- the skip reason must be visible in CI logs
  console.warn('skipped: no Electron binary (node_modules/electron has no downloaded binary on this machine)');
}

describe.skipIf(!bin)('Electron smoke (runs only where an Electron binary exists)', () => {
  it('opens the window and connects over IPC', async () => {
    const app = await electron.launch({ executablePath: bin!, args: ['.'] });
    const win = await app.firstWindow();
    await expect.poll(() => win.textContent('[data-testid=connection]'), { timeout: 60_000 }).toContain('connected · ipc');
    await app.close();
  });
});
