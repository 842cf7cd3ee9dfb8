import type { Session } from 'electron';

/** The renderer's origin inside Electron: a privileged custom scheme, never file:// (whose origin is every file). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'a2s';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const MEDIA_SCHEME = 'media';

/**
 * The desktop CSP: only our own origin, media from `media://` (the allow-list), no remote origins at all (IPC needs
 * no socket), no eval. renderer/index.html carries the same policy in a meta tag; both apply, so the stricter wins.
 * 'unsafe-inline' for styles only: React sets style attributes, which cannot run code.
 */
export function shellCsp(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `media-src 'self' ${MEDIA_SCHEME}: blob:`,
    `connect-src 'self' ${MEDIA_SCHEME}: blob:`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Sets the CSP header on every response the session receives, whatever served it, so a page that slipped past
 * the protocol handler still runs under the policy (Electron security checklist item 7).
 */
export function enforceCsp(session: Session): void {
  const csp = shellCsp();
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
