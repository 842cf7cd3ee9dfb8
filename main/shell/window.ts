import type { BrowserWindowConstructorOptions } from 'electron';

/** Hardened webPreferences for every window (docs/DESIGN.md §2; issue 11). Exported so a test can pin them. */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#16181c',
    title: 'Action2Sound Studio',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      // A file dropped outside a drop zone must not navigate the window to file://.
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click must not open links in new windows (checklist: limit navigation).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  };
}
