import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, protocol, screen, session } from 'electron';
import type { AppCommand } from '../contract/domains/access';
import { Engine } from '../engine/host';
import { APP_ORIGIN, enforceCsp } from './csp';
import { dialogHandlers } from './dialogs';
import { forwardEvents, registerIpc, sendEvent } from './ipc';
import { menuTemplate } from './menu';
import { packagedEnv } from './packaged';
import { handleProtocols, registerPrivilegedSchemes } from './protocols';
import { hardenSession, isTrustedSender, lockDownContents } from './security';
import { windowOptions } from './window';
import { loadWindowState, saveWindowState, visibleBounds } from './window-state';

export interface ShellPaths {
  /** Built renderer (dist/renderer), served as app://a2s/. */
  rendererDir: string;
  preloadPath: string;
}

/**
 * The Electron shell: one engine, hardened windows, IPC, protocols, menu. Everything it does is wiring; the work is
 * the engine's. Returns a promise that settles once the first window is loading (tests await it).
 */
export function startShell(paths: ShellPaths): Promise<void> {
  registerPrivilegedSchemes();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve();
  }
  const windows = new Set<number>();
  let main: BrowserWindow | null = null;

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  app.on('second-instance', () => {
    if (!main) return;
    if (main.isMinimized()) main.restore();
    main.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  if (app.isPackaged) Object.assign(process.env, packagedEnv(process.resourcesPath, process.env));
  const ready = app.whenReady().then(async () => {
    const engine = new Engine({ dataDir: path.join(app.getPath('userData'), 'engine') });
    hardenSession(session.defaultSession);
    enforceCsp(session.defaultSession);
    handleProtocols(protocol, engine, paths.rendererDir);
    registerIpc(ipcMain, engine, (event) => isTrustedSender(event, windows), dialogHandlers());
    const send = (command: AppCommand): void => {
      const target = BrowserWindow.getFocusedWindow() ?? main;
      if (target) sendEvent(target.webContents, 'app:command', { command });
    };
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(send, { isMac: process.platform === 'darwin', devTools: !app.isPackaged })));

    const open = async (): Promise<void> => {
      main = createWindow(engine, paths, windows);
      main.once('closed', () => (main = null));
      // A failed load (e.g. aborted by a reload) leaves the window open to retry; it must not quit the app.
      await main.loadURL(`${APP_ORIGIN}/index.html`).catch((err: unknown) => process.stderr.write(`renderer load failed: ${String(err)}\n`));
    };
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void open();
    });
    await open();
  });
  return ready.catch((err: unknown) => {
    process.stderr.write(`Action2Sound Studio failed to start: ${String(err)}\n`);
    app.exit(1);
  });
}

function createWindow(engine: Engine, paths: ShellPaths, windows: Set<number>): BrowserWindow {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(stateFile);
  const bounds = saved ? visibleBounds(saved, screen.getAllDisplays().map((d) => d.workArea)) : null;
  const options = windowOptions(paths.preloadPath);
  // The hardened flags are repeated at the call site on purpose: static scanners (and reviewers) see them here.
  const win = new BrowserWindow({
    ...options,
    ...(bounds ?? {}),
    webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, disableBlinkFeatures: 'Auxclick' },
  });
  const id = win.webContents.id;
  windows.add(id);
  forwardEvents(engine, win.webContents);
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(stateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() }));
  win.once('closed', () => windows.delete(id));
  return win;
}
