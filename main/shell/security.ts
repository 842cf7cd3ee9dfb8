import { shell, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './csp';

/** Permissions the editor needs: none (playing media needs no permission; camera/mic/geolocation never). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

/** Hosts a link in the app may open in the user's browser (licence and credit pages); everything else is dropped. */
const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['creativecommons.org', 'www.apache.org', 'github.com']);

export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '' && EXTERNAL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

/** Is this URL our renderer (the app:// origin), as opposed to anything a navigation or injection could load? */
export function isAppUrl(raw: string): boolean {
  try {
    // Node's URL gives non-special schemes an opaque origin ("null"), so compare scheme and host instead.
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * IPC sender check (checklist item 17): only the main frame of one of our windows, showing our renderer, may call
 * the engine; an iframe, a navigated-away page or a destroyed frame may not.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, windows: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && windows.has(event.sender.id) && isAppUrl(frame.url);
}

/** Session-wide: deny permission requests and checks, no downloads started by page content. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(ALLOWED_PERMISSIONS.has(permission)));
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Every web contents the app creates: no navigation away from the renderer, no new windows (an allowed https link
 * goes to the system browser instead), no <webview>.
 */
export function lockDownContents(contents: WebContents): void {
  const stay = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
