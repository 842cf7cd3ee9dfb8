import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Cold start (issue 20): the CLI and worker bundles run through V8's code cache (scripts/code-cache-loader.cjs,
// stubs written by scripts/build.mjs). Here the loader runs a small bundle the way a stub does.
const root = mkdtempSync(path.join(os.tmpdir(), 'a2s-codecache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const loader = path.join(root, 'dist', 'code-cache-loader.cjs');
const bundle = path.join(root, 'dist', 'app.code.cjs');
const stub = path.join(root, 'dist', 'app.cjs');

mkdirSync(path.join(root, 'dist'));
copyFileSync(path.resolve('scripts/code-cache-loader.cjs'), loader);
// What a bundle relies on: its own __dirname/__filename, require relative to it, module.exports.
writeFileSync(path.join(root, 'dist', 'helper.cjs'), 'module.exports = 41;\n');
writeFileSync(bundle, `module.exports.answer = require('./helper.cjs') + 1;\nprocess.on('exit', () => console.log(JSON.stringify({ state: require('./code-cache-loader.cjs').state, dir: __dirname, file: __filename, answer: module.exports.answer })));\n`);
writeFileSync(stub, `'use strict';\nrequire('./code-cache-loader.cjs').run(require('node:path').join(__dirname, 'app.code.cjs'), module);\n`);

function run(cache: string): { state: string; dir: string; file: string; answer: number } {
  return JSON.parse(execFileSync(process.execPath, [stub], { encoding: 'utf8', env: { ...process.env, A2S_CODE_CACHE: cache } })) as never;
}

describe('V8 code cache loader', () => {
  it('writes the cache on the first run, uses it on the next, and runs the bundle as Node would', () => {
    const cache = path.join(root, 'cache-a');
    const first = run(cache);
    expect(first).toEqual({ state: 'written', dir: path.join(root, 'dist'), file: bundle, answer: 42 });
    expect(readdirSync(cache).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(readdirSync(cache).some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(run(cache).state).toBe('hit');
  });

  it('a changed bundle gets a new entry; a damaged entry is rejected, not run', () => {
    const cache = path.join(root, 'cache-b');
    run(cache);
    const st = statSync(bundle);
    utimesSync(bundle, st.atime, new Date(st.mtimeMs + 5000));
    expect(run(cache).state).toBe('written');
    expect(readdirSync(cache).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    for (const f of readdirSync(cache)) writeFileSync(path.join(cache, f), 'not V8 code');
    const r = run(cache);
    expect(r.state).toBe('rejected');
    expect(r.answer).toBe(42);
    expect(run(cache).state).toBe('hit'); // rewritten after the rejection
  });

  it('off, or a folder others can write to: no cache is read', () => {
    expect(run('off').state).toBe('off');
    const shared = path.join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(run(shared).state).toBe('off');
    expect(readdirSync(shared)).toEqual([]);
  });
});
