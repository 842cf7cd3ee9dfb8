/**
 * Test harness, not part of the app bundle (nothing imports it): the Chromium end-to-end test
 * (tests/export/dialog.e2e.test.ts) bundles this file and injects it into the served app, so the dialog runs in a
 * real browser against the real engine over the WebSocket transport, whether or not the editor has mounted it yet.
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { A2sClient } from '../transport/types';
import { ExportDialog } from './ExportDialog';

interface HarnessWindow {
  __a2sClient?: A2sClient;
  __exportDialogClosed?: boolean;
  __mountExportDialog?: (projectPath: string) => void;
}

const w = window as unknown as HarnessWindow;
w.__mountExportDialog = (projectPath) => {
  const el = document.createElement('div');
  document.body.appendChild(el);
  const root = createRoot(el);
  w.__exportDialogClosed = false;
  const onClose = (): void => {
    root.unmount();
    el.remove();
    w.__exportDialogClosed = true;
  };
  root.render(createElement(ExportDialog, { client: w.__a2sClient!, projectPath, onClose }));
};
