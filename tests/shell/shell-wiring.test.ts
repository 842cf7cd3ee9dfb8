import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../main/contract';
import { IPC_EVENT_CHANNEL } from '../../main/contract/wire';
import { fake, FakeBrowserWindow, type FakeWebContents } from './fake-electron';
import { makeMp4, tempDir } from './media-fixtures';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron);

const { startShell } = await import('../../main/shell/app');

const rendererDir = tempDir('a2s-shell-renderer-');
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>a2s</title>');
symlinkSync('/etc/passwd', path.join(rendererDir, 'escape.js'));

async function boot(): Promise<FakeBrowserWindow> {
  await startShell({ rendererDir, preloadPath: '/app/dist/preload.cjs' });
  return FakeBrowserWindow.all[0]!;
}

/** An IPC event as Electron builds it; by default from our window's main frame. */
function ipcEvent(win: FakeBrowserWindow, frame: Partial<{ url: string; parent: unknown }> | null = {}): unknown {
  return { sender: win.webContents, senderFrame: frame === null ? null : { url: 'app://a2s/index.html', parent: null, ...frame } };
}

async function invoke(win: FakeBrowserWindow, channel: string, payload: unknown, frame?: Partial<{ url: string; parent: unknown }> | null): Promise<Record<string, unknown>> {
  const handler = fake.state.ipcHandlers.get(channel);
  if (!handler) throw new Error(`no ipc handler for ${channel}`);
  return (await handler(ipcEvent(win, frame), payload)) as Record<string, unknown>;
}

beforeEach(() => {
  fake.reset();
  fake.state.app.userData = tempDir('a2s-shell-userdata-');
});

describe('Electron shell wiring (stubbed electron module)', () => {
  it('registers both schemes as privileged before the app is ready, media with stream and no CSP bypass', async () => {
    await boot();
    expect(fake.state.calls[0]).toBe('registerSchemesAsPrivileged');
    const media = fake.state.privilegedSchemes.find((s) => s.scheme === 'media');
    expect(media?.privileges).toMatchObject({ stream: true, supportFetchAPI: true, bypassCSP: false });
    expect(fake.state.privilegedSchemes.find((s) => s.scheme === 'app')?.privileges).toMatchObject({ standard: true, secure: true });
  });

  it('quits at once when another instance holds the single-instance lock', async () => {
    fake.state.app.lock = false;
    await startShell({ rendererDir, preloadPath: '/p.cjs' });
    expect(fake.state.app.quitCalls).toBe(1);
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('opens a hardened window on app://a2s with the preload', async () => {
    const win = await boot();
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false,
      nodeIntegrationInWorker: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false,
    });
    expect(win.loadedUrl).toBe('app://a2s/index.html');
  });

  it('handles every contract channel over IPC, for every domain', async () => {
    await boot();
    expect([...fake.state.ipcHandlers.keys()].sort()).toEqual(Object.keys(channels).sort());
    const domains = new Set([...fake.state.ipcHandlers.keys()].map((c) => c.split(':')[0]));
    expect(domains).toEqual(new Set(Object.keys(channels).map((c) => c.split(':')[0])));
  });

  it('answers our main frame, refuses iframes, other origins, foreign windows and dead frames', async () => {
    const win = await boot();
    expect(await invoke(win, 'app:info', {})).toMatchObject({ ok: true, result: { transport: 'ipc' } });
    const refused = { ok: false, error: { code: 'unauthorized' } };
    expect(await invoke(win, 'app:info', {}, { parent: {} })).toMatchObject(refused);
    expect(await invoke(win, 'app:info', {}, { url: 'https://evil.example/' })).toMatchObject(refused);
    expect(await invoke(win, 'app:info', {}, { url: 'file:///tmp/x.html' })).toMatchObject(refused);
    expect(await invoke(win, 'app:info', {}, null)).toMatchObject(refused);
    const stranger = { sender: { id: 9999 }, senderFrame: { url: 'app://a2s/index.html', parent: null } };
    expect(await fake.state.ipcHandlers.get('app:info')!(stranger, {})).toMatchObject(refused);
    expect(await invoke(win, 'app:echo', { text: 1 })).toMatchObject({ ok: false, error: { code: 'validation', field: 'payload.text' } });
  });

  it('answers native dialogs in the shell, validated like any channel', async () => {
    const win = await boot();
    expect(await invoke(win, 'dialog:openVideo', {})).toEqual({ ok: true, result: { path: '/videos/take.mp4' } });
    fake.state.openDialogResult = { canceled: true, filePaths: [] };
    expect(await invoke(win, 'dialog:openVideo', {})).toEqual({ ok: true, result: { path: null } });
    expect(await invoke(win, 'dialog:saveProject', { defaultName: 'Kitchen.a2s' })).toEqual({ ok: true, result: { path: '/projects/New.a2s' } });
    expect(await invoke(win, 'dialog:chooseFolder', { title: 7 })).toMatchObject({ ok: false, error: { code: 'validation', field: 'payload.title' } });
  });

  it('serves media:// from the allow-list with ranges, and nothing else', async () => {
    const win = await boot();
    const mp4 = makeMp4(tempDir('a2s-shell-media-'), 'clip.mp4', 1);
    const opened = await invoke(win, 'media:open', { path: mp4 });
    const url = (opened.result as { url: string }).url;
    expect(url).toMatch(/^media:\/\/[0-9a-f]{32}$/);
    const media = fake.state.protocolHandlers.get('media')!;
    const res = await media(new Request(url, { headers: { Range: 'bytes=0-99' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('access-control-allow-origin')).toBe('app://a2s');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(readFileSync(mp4).subarray(0, 100));
    expect((await media(new Request(url, { headers: { Range: 'bytes=999999999-' } }))).status).toBe(416);
    expect((await media(new Request(`media://${'a'.repeat(32)}`))).status).toBe(404);
    expect((await media(new Request(`${url}/../../etc/passwd`))).status).toBe(404);
  });

  it('serves the renderer on app://a2s with the CSP, refusing traversal and symlink escapes', async () => {
    await boot();
    const app = fake.state.protocolHandlers.get('app')!;
    const index = await app(new Request('app://a2s/'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'none'");
    for (const p of ['app://a2s/../../etc/passwd', 'app://a2s/%2e%2e/%2e%2e/etc/passwd', 'app://a2s/..%2f..%2fetc%2fpasswd', 'app://a2s/escape.js', 'app://other/index.html']) {
      expect((await app(new Request(p))).status, p).toBe(404);
    }
    expect((await app(new Request('app://a2s/%E0%A4%A'))).status).toBe(400);
  });

  it('sets a strict CSP header on every response and denies every permission', async () => {
    await boot();
    let headers: Record<string, string[]> = {};
    fake.state.session.headersListener!({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (res) => {
      headers = (res as { responseHeaders: Record<string, string[]> }).responseHeaders;
    });
    expect(Object.keys(headers)).toEqual(['Content-Security-Policy']);
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).not.toMatch(/unsafe-eval|https?:|ws:|\*/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const granted = await new Promise<boolean>((resolve) => fake.state.session.permissionRequest!({}, permission, resolve, {}));
      expect(granted, permission).toBe(false);
      expect(fake.state.session.permissionCheck!({}, permission)).toBe(false);
    }
  });

  it('denies navigation, new windows and webviews; only allow-listed https links leave for the browser', async () => {
    const win = await boot();
    const contents: FakeWebContents = win.webContents;
    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      contents.emit(event, { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'http://127.0.0.1:80/')).toBe(true);
    expect(navigate('will-navigate', 'app://a2s/index.html')).toBe(false);
    expect(navigate('will-attach-webview', 'app://a2s/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://creativecommons.org/licenses/by/3.0/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://creativecommons.org/' })).toEqual({ action: 'deny' });
    expect(fake.state.openExternal).toEqual(['https://creativecommons.org/licenses/by/3.0/']);
  });

  it('menu items send app:command to the focused window; single-key shortcuts are not grabbed', async () => {
    const win = await boot();
    FakeBrowserWindow.focused = win;
    type Item = { label?: string; accelerator?: string; registerAccelerator?: boolean; click?: () => void; submenu?: Item[] };
    const items = (fake.state.menuTemplate as Item[]).flatMap((m) => m.submenu ?? []);
    items.find((i) => i.label === 'Open Video…')!.click!();
    expect(win.webContents.sent).toContainEqual({ channel: IPC_EVENT_CHANNEL, message: { event: 'app:command', payload: { command: 'file.openVideo' } } });
    for (const key of ['Space', 'I', 'O', 'Delete']) {
      expect(items.find((i) => i.accelerator === key)?.registerAccelerator, key).toBe(false);
    }
    expect(items.find((i) => i.label === 'Save Project')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: true });
  });

  it('remembers the window bounds across runs, atomically, and ignores off-screen or corrupt state', async () => {
    const first = await boot();
    first.bounds = { x: 100, y: 50, width: 1300, height: 850 };
    first.emit('close');
    const stateFile = path.join(fake.state.app.userData, 'window-state.json');
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({ x: 100, y: 50, width: 1300, height: 850, maximized: false });

    const userData = fake.state.app.userData;
    fake.reset();
    fake.state.app.userData = userData;
    expect((await boot()).options).toMatchObject({ x: 100, y: 50, width: 1300, height: 850 });

    for (const content of [JSON.stringify({ x: 5000, y: 5000, width: 800, height: 600, maximized: false }), '{"x": "garbage"', '']) {
      writeFileSync(stateFile, content);
      fake.reset();
      fake.state.app.userData = userData;
      expect((await boot()).options).toMatchObject({ width: 1440, height: 900 });
    }
  });
});

describe('preload bridge (stubbed electron module)', () => {
  it('exposes only invoke/on/pathForFile, refusing unknown channels before IPC', async () => {
    fake.reset();
    await import('../../preload/index');
    const bridge = fake.state.exposed.get('a2s') as { invoke(c: string, p: unknown): Promise<unknown>; pathForFile(f: unknown): string };
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(await bridge.invoke('fs:readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(fake.state.invoked).toEqual([]);
    await bridge.invoke('app:info', {});
    expect(fake.state.invoked).toEqual([{ channel: 'app:info', payload: {} }]);
    expect(bridge.pathForFile({ name: 'not-a-file' })).toBe('');
    expect(bridge.pathForFile(new File(['x'], 'take.wav'))).toBe('/dropped/take.wav');
    mkdirSync(tempDir('a2s-preload-'), { recursive: true });
  });
});
