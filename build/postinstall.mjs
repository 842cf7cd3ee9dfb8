/* eslint-disable no-console -- an install script reports on stdout */
// `npm install` postinstall: rebuild native modules (onnxruntime-node, better-sqlite3) for Electron's ABI with
// `electron-builder install-app-deps`, but only where an Electron binary was downloaded. Elsewhere (CI, servers,
// this project's machines) print one line and succeed: the engine runs on plain Node there.
// A2S_SKIP_APP_DEPS=1 skips it too (e.g. to keep Node-ABI modules for running the test suite on a desktop).
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const txt = path.join(dir, 'path.txt');
  if (!existsSync(txt)) return null;
  const bin = path.join(dir, 'dist', readFileSync(txt, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

if (process.env.A2S_SKIP_APP_DEPS === '1') {
  console.log('postinstall: A2S_SKIP_APP_DEPS=1, skipping electron-builder install-app-deps');
  process.exit(0);
}
if (!electronBinary()) {
  console.log('postinstall: no Electron binary here, skipping electron-builder install-app-deps (engine runs on Node)');
  process.exit(0);
}
const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
const res = spawnSync(process.execPath, [cli, 'install-app-deps'], { cwd: root, stdio: 'inherit' });
process.exit(res.status ?? 1);
