/**
 * What one WebSocket message may be (docs/SECURITY.md, "Limits"). The largest real request is `project:save` with the
 * whole document: a two-hour film with 400 spans of 4 takes each, 200 clips and 100 markers is 0.93 MB of JSON
 * (`tests/fuzz/big-project.ts`), so 4 MiB leaves room for bigger projects while any one message stays cheap to read.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Real requests nest 8 levels at most (doc → spans → span → takes → take → condition → source); 64 is generous. */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest `[`/`{` nesting of a JSON text, counted without parsing and stopping as soon as it passes `limit`,
 * so a message of nothing but `[` costs one linear scan instead of a parse that builds millions of arrays.
 * Brackets inside strings do not count; the text need not be valid JSON (JSON.parse decides that afterwards).
 */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character (a `\"` does not end the string)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
