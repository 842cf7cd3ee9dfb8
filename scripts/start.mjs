// `npm start`: the desktop app where an Electron binary exists; otherwise the same editor in browser mode.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

// The electron package writes path.txt only after its binary was downloaded; requiring it without one would try to
// download it again (and fail offline), so look before requiring.
function electronBinary() {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'path.txt'))) return null;
  try {
    const bin = require('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
const child = bin
  ? spawn(bin, [root], { stdio: 'inherit' })
  : (console.log('No Electron binary on this machine: starting browser mode (a2s serve) instead.'),
    spawn(process.execPath, [path.join(root, 'dist', 'cli.cjs'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
