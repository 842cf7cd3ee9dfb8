/* global require, process, exports */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS loader run by plain Node before any bundle */
'use strict';
// Runs a CommonJS bundle through V8's code cache (Node 20 has no module.enableCompileCache): the bundle's compiled
// code is kept per user, per bundle version and per Node/V8, so a cold `a2s` or worker thread skips parsing and
// compiling ~1 MB of JavaScript (issue 20). Copied into dist/ by scripts/build.mjs; every entry it serves is a
// two-line stub that calls run(). A2S_CODE_CACHE=off turns it off; A2S_CODE_CACHE=DIR moves it.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const vm = require('node:vm');
const crypto = require('node:crypto');
const Module = require('node:module');

/** The per-user cache folder, or null when off or when it is not ours alone (then nothing is read from it). */
function cacheDir() {
  const env = process.env.A2S_CODE_CACHE;
  if (env === 'off' || env === '0') return null;
  const base = env || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'action2sound', 'v8');
  try {
    fs.mkdirSync(base, { recursive: true, mode: 0o700 });
    const st = fs.statSync(base);
    // Compiled code is run as is: a folder another user can write to is never trusted.
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return null;
    return base;
  } catch {
    return null;
  }
}

/** What the last run() did with the cache: 'hit' | 'written' | 'rejected' | 'off' (tests read it). */
exports.state = 'off';

exports.run = function run(file, parent) {
  const source = fs.readFileSync(file, 'utf8');
  const dir = cacheDir();
  let cacheFile = null;
  let cached;
  if (dir) {
    const st = fs.statSync(file);
    const key = crypto.createHash('sha256').update(JSON.stringify([path.resolve(file), st.size, st.mtimeMs, process.version, process.versions.v8, process.arch])).digest('hex').slice(0, 20);
    cacheFile = path.join(dir, `${path.basename(file)}-${key}.bin`);
    try {
      cached = fs.readFileSync(cacheFile);
    } catch {
      cached = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached });
  const fn = script.runInThisContext({ displayErrors: true });
  const mod = new Module(file, parent);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const req = Module.createRequire(file);
  exports.state = !cacheFile ? 'off' : cached && !script.cachedDataRejected ? 'hit' : cached ? 'rejected' : 'written';
  if (cacheFile && exports.state !== 'hit') {
    // At exit, so every function the run compiled is in the cache too (a worker thread's process is its own).
    process.once('exit', () => {
      try {
        const tmp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        /* a cache that cannot be written costs only speed */
      }
    });
  }
  fn.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
};
