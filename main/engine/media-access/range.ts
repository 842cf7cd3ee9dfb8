/**
 * HTTP Range for one file (RFC 9110 §14): what a `<video>` asks for when it seeks. Pure, so the loopback server
 * and Electron's `media://` protocol answer exactly alike.
 */
export type RangePlan =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number } // inclusive, as in Content-Range
  | { kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

export function planRange(header: string | undefined | null, size: number): RangePlan {
  if (header === undefined || header === null || header === '') return { kind: 'full' };
  const eq = header.indexOf('=');
  // Another unit than bytes: a server may ignore the header (§14.2), so answer the whole file.
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'full' };
  const specs = header.slice(eq + 1).split(',').map((s) => s.trim());
  // Several ranges would need multipart/byteranges, which no media element asks for: ignore them (§14.2 allows it).
  if (specs.length !== 1) return { kind: 'full' };
  const m = SPEC.exec(specs[0]!);
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'unsatisfiable' };
  if (m[1] === '') {
    // Suffix range `bytes=-N`: the last N bytes.
    const n = Number(m[2]);
    if (!Number.isSafeInteger(n) || n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
