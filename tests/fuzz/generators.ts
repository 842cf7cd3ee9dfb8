import { channels } from '../../main/contract';

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed and index. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const VALID = Object.keys(channels);
/** Keys the schemas use, so junk objects sometimes get past `strict()` and hit the field validators. */
const FIELD_KEYS = ['text', 'repeat', 'path', 'jobId', 'title', 'defaultName', 'id', 'query', 'limit', 'start', 'end', 'seed', 'paths', 'bundle', 'mode'];
const EVIL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', ''];
const NUMBERS = [0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 1e308, -1e308, 2 ** 31, 4294967296];
const STRINGS = [
  '', ' ', '\u0000', '../../../../etc/passwd', '/etc/passwd', '/dev/zero', '/proc/self/environ', 'C:\\Windows\\win.ini',
  '%2e%2e%2f', 'file:///etc/passwd', 'http://evil.example/', '<script>alert(1)</script>', '${process.exit()}', "'; DROP TABLE clips; --",
  '\ud800', '🎬🔊', 'a'.repeat(5000), '-1', 'NaN', 'true', '{}', '[]', 'null',
];

export function randomString(r: Rand): string {
  const roll = r();
  if (roll < 0.4) return pick(r, STRINGS);
  if (roll < 0.998) return Array.from({ length: int(r, 0, 40) }, () => String.fromCharCode(int(r, 0, 0xffff))).join('');
  return 'x'.repeat(int(r, 50_000, 300_000)); // huge (limits in the contract are 10k or less)
}

export function randomValue(r: Rand, depth = 0): unknown {
  const roll = r();
  if (depth > 5 || roll < 0.3) {
    return pick(r, [() => null, () => undefined, () => r() < 0.5, () => pick(r, NUMBERS), () => r() * 1e6 - 5e5, () => int(r, -5, 200), () => randomString(r)])();
  }
  if (roll < 0.55) return Array.from({ length: int(r, 0, 6) }, () => randomValue(r, depth + 1));
  const obj: Record<string, unknown> = {};
  // At the top level at least one key: an empty object is a *valid* request for argument-less channels, and
  // those (bundle:active, library:stats...) do real work; `randomPayload` sends `{}` on purpose, rarely.
  for (let i = int(r, depth === 0 ? 1 : 0, 5); i > 0; i--) {
    const key = pick(r, [() => pick(r, FIELD_KEYS), () => pick(r, EVIL_KEYS), () => randomString(r).slice(0, 30)])();
    // defineProperty, not `obj[key] =`, so `__proto__` becomes an own key exactly as JSON.parse makes it.
    Object.defineProperty(obj, key, { value: randomValue(r, depth + 1), enumerable: true, configurable: true, writable: true });
  }
  return obj;
}

/** Deeply nested arrays/objects (as a value and as JSON text), to look for stack overflows in the validators. */
export function deepValue(depth: number): unknown {
  let v: unknown = { text: 'deep' };
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { text: v };
  return v;
}

export function randomChannel(r: Rand): string {
  const roll = r();
  if (roll < 0.45) return pick(r, VALID);
  if (roll < 0.6) {
    const name = pick(r, VALID);
    return pick(r, [name.toUpperCase(), `${name} `, `${name}:x`, name.replace(':', '/'), name.slice(0, -1), `../${name}`]);
  }
  if (roll < 0.7) return pick(r, EVIL_KEYS);
  return randomString(r);
}

/** A payload for `channel`: mostly junk, sometimes empty objects or a valid-looking one with one wrong type. */
export function randomPayload(r: Rand): unknown {
  const roll = r();
  if (roll < 0.03) return deepValue(int(r, 50, 2000));
  if (roll < 0.05) return {};
  if (roll < 0.2) return { [pick(r, FIELD_KEYS)]: randomValue(r, 4) };
  if (roll < 0.35) return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
  return randomValue(r);
}
