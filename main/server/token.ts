import { randomBytes, timingSafeEqual } from 'node:crypto';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The token cookie's name for the server on `port`. Cookies ignore ports, so one fixed name let a second
 * `a2s serve` overwrite the first one's cookie (its tab then got 401 on media and static files).
 */
export function cookieName(port: number): string {
  return `a2s_token_${port}`;
}

/** `Set-Cookie` for the token: never readable by scripts, never sent by another site, for every path. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** Reads cookie `name` from a Cookie header. */
export function cookieToken(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
