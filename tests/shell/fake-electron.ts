/**
 * A recording stand-in for the `electron` module (no Electron binary runs here). It keeps what the shell registers —
 * IPC handlers, protocol handlers, session hooks, windows, menus — so tests can drive and inspect the wiring.
 */
type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener): this {
    return this.on(name, fn);
  }
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((fn) => fn(...args));
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextContentsId++;
  readonly sent: Array<{ channel: string; message: unknown }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  readonly webContents = new FakeWebContents();
  loadedUrl = '';
  maximized = false;
  bounds = { x: 10, y: 20, width: 1200, height: 800 };
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
    fake.state.app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all;
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused;
  }
  static fromWebContents(contents: FakeWebContents): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((w) => w.webContents === contents) ?? null;
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return this.bounds;
  }
}

type HeadersListener = (details: unknown, cb: (res: unknown) => void) => void;
type PermissionRequest = (wc: unknown, permission: string, cb: (ok: boolean) => void, details: unknown) => void;

class FakeSession extends Emitter {
  headersListener: HeadersListener | null = null;
  permissionRequest: PermissionRequest | null = null;
  permissionCheck: ((wc: unknown, permission: string) => boolean) | null = null;
  readonly webRequest = { onHeadersReceived: (fn: HeadersListener): void => void (this.headersListener = fn) };
  setPermissionRequestHandler(fn: PermissionRequest): void {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: (wc: unknown, permission: string) => boolean): void {
    this.permissionCheck = fn;
  }
}

function freshState() {
  const app = Object.assign(new Emitter(), {
    lock: true,
    userData: '/tmp',
    quitCalls: 0,
    isPackaged: false,
    requestSingleInstanceLock: () => app.lock,
    whenReady: () => Promise.resolve(),
    getPath: (_name: string) => app.userData,
    quit: () => void app.quitCalls++,
    exit: (_code: number) => undefined,
  });
  const session = new FakeSession();
  return {
    app,
    session,
    calls: [] as string[],
    ipcHandlers: new Map<string, Listener>(),
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    privilegedSchemes: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
    menuTemplate: null as unknown,
    openExternal: [] as string[],
    openDialogResult: { canceled: false, filePaths: ['/videos/take.mp4'] } as { canceled: boolean; filePaths: string[] },
    exposed: new Map<string, unknown>(),
    invoked: [] as Array<{ channel: string; payload: unknown }>,
  };
}

export const fake = {
  state: freshState(),
  reset(): void {
    fake.state = freshState();
    FakeBrowserWindow.all = [];
    FakeBrowserWindow.focused = null;
  },
};

/** The module object handed to `vi.mock('electron', ...)`: every member reads the current state lazily. */
export const fakeElectron = {
  get app() {
    return fake.state.app;
  },
  BrowserWindow: FakeBrowserWindow,
  ipcMain: { handle: (name: string, fn: Listener) => void fake.state.ipcHandlers.set(name, fn) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) => {
      fake.state.calls.push('registerSchemesAsPrivileged');
      fake.state.privilegedSchemes.push(...schemes);
    },
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => {
      fake.state.calls.push(`handle:${scheme}`);
      fake.state.protocolHandlers.set(scheme, fn);
    },
  },
  session: {
    get defaultSession() {
      return fake.state.session;
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: { template: unknown }) => void (fake.state.menuTemplate = menu.template),
  },
  dialog: {
    showOpenDialog: async () => fake.state.openDialogResult,
    showSaveDialog: async () => ({ canceled: false, filePath: '/projects/New.a2s' }),
  },
  shell: { openExternal: async (url: string) => void fake.state.openExternal.push(url) },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void fake.state.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, payload: unknown) => {
      fake.state.invoked.push({ channel, payload });
      return { ok: true, result: null };
    },
    on: () => undefined,
    removeListener: () => undefined,
  },
};
