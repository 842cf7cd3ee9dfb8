// Builds the Node side with esbuild (one CommonJS file per entry) and the renderer with Vite.
// Native modules and electron stay external: they are loaded from node_modules at run time.
import { build } from 'esbuild';
import { readFileSync, mkdirSync, chmodSync, writeFileSync, copyFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const only = process.argv.includes('--node-only') ? 'node' : process.argv.includes('--web-only') ? 'web' : 'all';

const entries = {
  cli: 'main/cli/index.ts',
  shell: 'main/shell/main.ts',
  preload: 'preload/index.ts',
  bench: 'main/bench/index.ts',
};
const extraEntries = path.join(root, 'scripts', 'entries.json'); // domains add worker entries here
/** Started cold and often: the CLI and the worker threads (the Electron main process and the bench are not). */
const CODE_CACHED = ['cli', 'inference-worker', 'library-worker'];

mkdirSync(path.join(root, 'dist'), { recursive: true });
if (only !== 'web') {
  let more = {};
  try {
    more = JSON.parse(readFileSync(extraEntries, 'utf8'));
  } catch {
    /* optional */
  }
  for (const [name, entry] of Object.entries({ ...entries, ...more })) {
    // Entries started cold (a CLI run, a worker thread) run through V8's code cache: dist/NAME.cjs is a stub that
    // hands dist/NAME.code.cjs to scripts/code-cache-loader.cjs (issue 20: no parse + compile of ~1 MB per start).
    const cached = CODE_CACHED.includes(name);
    await build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, 'dist', cached ? `${name}.code.cjs` : `${name}.cjs`),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      // playwright-core: the bench drives Chromium (editor case); it resolves its own files at run time.
      external: ['electron', 'onnxruntime-node', 'better-sqlite3', 'ws', 'bufferutil', 'utf-8-validate', 'playwright-core'],
      define: { __A2S_VERSION__: JSON.stringify(pkg.version) },
      banner: name === 'cli' && !cached ? { js: '#!/usr/bin/env node' } : undefined,
      logLevel: 'warning',
    });
    if (cached) {
      const stub = `${name === 'cli' ? '#!/usr/bin/env node\n' : ''}'use strict';\n// ${name}: its bundle through V8's code cache (scripts/code-cache-loader.cjs)\nrequire('./code-cache-loader.cjs').run(require('node:path').join(__dirname, '${name}.code.cjs'), module);\n`;
      writeFileSync(path.join(root, 'dist', `${name}.cjs`), stub);
    }
  }
  copyFileSync(path.join(root, 'scripts', 'code-cache-loader.cjs'), path.join(root, 'dist', 'code-cache-loader.cjs'));
  chmodSync(path.join(root, 'dist', 'cli.cjs'), 0o755);
}
if (only !== 'node') {
  execFileSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
