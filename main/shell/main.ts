import path from 'node:path';
import { app, BrowserWindow, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import { Engine } from '../engine/host';
import { forwardEvents, registerIpc } from './ipc';
import { windowOptions } from './window';

/** The Electron shell: windows, IPC wiring, navigation lockdown. Everything else is the engine. */
const rendererIndex = path.join(__dirname, 'renderer', 'index.html');
const rendererUrl = new URL(`file://${rendererIndex}`).href;

function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && frame.url.startsWith(rendererUrl.split('#')[0] ?? rendererUrl);
}

async function createWindow(engine: Engine): Promise<void> {
  const win = new BrowserWindow(windowOptions(path.join(__dirname, 'preload.cjs')));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  forwardEvents(engine, win.webContents);
  win.once('ready-to-show', () => win.show());
  await win.loadFile(rendererIndex);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.whenReady().then(async () => {
    const engine = new Engine({ dataDir: path.join(app.getPath('userData'), 'engine') });
    registerIpc(ipcMain, engine, isTrustedSender);
    app.on('web-contents-created', (_e, contents) => {
      contents.on('will-attach-webview', (event) => event.preventDefault());
    });
    await createWindow(engine);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow(engine);
    });
  }, (err: unknown) => {
    process.stderr.write(`Action2Sound Studio failed to start: ${String(err)}\n`);
    app.exit(1);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
