// Static security scan of the Electron side (issue 11), run by `npm run security-scan` and by the test suite
// (tests/shell/security-scan.test.ts). Two passes, zero HIGH findings required:
//  1. @doyensec/electronegativity over main/shell, preload, renderer/index.html (offline: its network lookups for
//     translations and Electron releases are stubbed to fail at once, so results never depend on the network);
//  2. project checks electronegativity cannot know: our webPreferences, both CSPs, guarded openExternal, every
//     ipcMain handler behind the sender check, no raw ipcRenderer exposure, media:// under the CSP.
// Usage: node scripts/security-scan.mjs [--root DIR] [--json FILE]. Exit 1 on any HIGH finding.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { root: { type: 'string' }, json: { type: 'string' } } });
const root = path.resolve(values.root ?? repo);
const findings = [];
const add = (severity, check, file, line, message) => findings.push({ severity, check, file, line, message, source: 'project' });

// ---------- 1. electronegativity ----------
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      endField();
    } else if (!quoted && c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

function electronegativity() {
  const cli = path.join(repo, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  if (!existsSync(cli)) {
    add('HIGH', 'SCANNER_MISSING', 'package.json', 0, '@doyensec/electronegativity is not installed: run npm install');
    return 0;
  }
  const stage = mkdtempSync(path.join(os.tmpdir(), 'a2s-scan-'));
  try {
    for (const rel of ['main/shell', 'preload', 'renderer/index.html', 'package.json']) {
      if (existsSync(path.join(root, rel))) cpSync(path.join(root, rel), path.join(stage, 'src', path.basename(rel)), { recursive: true });
    }
    const shim = path.join(stage, 'offline.cjs');
    writeFileSync(shim, `const Module = require('node:module');
const gotPath = Module.createRequire(${JSON.stringify(cli)}).resolve('got');
const offline = () => Promise.reject(new Error('network disabled for the security scan'));
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) };
// Its CSV writer issues two async writeFile calls (header with truncate, then rows with append) that race: the header
// can land last and wipe the rows. Writing synchronously keeps their order.
const fs = require('node:fs');
fs.writeFile = (file, data, opts, cb) => {
  if (typeof opts === 'function') [cb, opts] = [opts, undefined];
  let err = null;
  try { fs.writeFileSync(file, data, opts); } catch (e) { err = e; }
  if (cb) process.nextTick(cb, err);
};
`);
    const out = path.join(stage, 'report.csv');
    const res = spawnSync(process.execPath, [cli, '-i', path.join(stage, 'src'), '-o', out, '-r', '-x', 'AvailableSecurityFixesGlobalCheck'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: `--require ${shim}` },
      timeout: 120_000,
    });
    if (!existsSync(out)) {
      add('HIGH', 'SCANNER_FAILED', 'electronegativity', 0, `no report (exit ${res.status}): ${(res.stderr || res.stdout).trim().split('\n').pop()}`);
      return 0;
    }
    const [, ...rows] = parseCsv(readFileSync(out, 'utf8')).filter((r) => r.length >= 7);
    for (const [check, severity, confidence, file, location, , description] of rows) {
      findings.push({ severity, check, file, line: Number(location.split(':')[0]), message: `${description} (${confidence})`, source: 'electronegativity' });
    }
    return rows.length;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

// ---------- 2. project checks ----------
function sources(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [dir];
  return readdirSync(abs, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => /\.(ts|tsx|mjs|cjs|js|html)$/.test(f) && !/\.test\.tsx?$/.test(f) && statSync(path.join(root, f)).isFile());
}
const read = (rel) => readFileSync(path.join(root, rel), 'utf8');
const lineOf = (text, index) => text.slice(0, index).split('\n').length;

const DANGEROUS = [
  [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'nodeIntegration enabled'],
  [/contextIsolation\s*:\s*false/, 'contextIsolation disabled'],
  [/sandbox\s*:\s*false/, 'sandbox disabled'],
  [/webSecurity\s*:\s*false/, 'webSecurity disabled'],
  [/allowRunningInsecureContent\s*:\s*true/, 'insecure content allowed'],
  [/experimentalFeatures\s*:\s*true/, 'experimental features enabled'],
  [/enableBlinkFeatures\s*:/, 'Blink features enabled'],
  [/webviewTag\s*:\s*true/, '<webview> enabled'],
  [/--disable-web-security|--ignore-certificate-errors|--no-sandbox/, 'insecure Chromium switch'],
  [/bypassCSP\s*:\s*true/, 'a scheme bypasses the CSP'],
  [/\.loadURL\(\s*['"`]https?:/, 'remote content loaded'],
];

function checkDangerousFlags() {
  for (const file of [...sources('main'), ...sources('preload')]) {
    const text = read(file);
    for (const [re, what] of DANGEROUS) {
      const m = re.exec(text);
      if (m) add('HIGH', 'DANGEROUS_FLAG', file, lineOf(text, m.index), `${what}: ${m[0]}`);
    }
  }
}

function checkWindowOptions() {
  const file = 'main/shell/window.ts';
  if (!existsSync(path.join(root, file))) return add('HIGH', 'WINDOW_OPTIONS', file, 0, 'window options file missing');
  const text = read(file);
  const required = { contextIsolation: 'true', sandbox: 'true', nodeIntegration: 'false', nodeIntegrationInWorker: 'false', webviewTag: 'false', webSecurity: 'true', allowRunningInsecureContent: 'false', experimentalFeatures: 'false' };
  for (const [key, value] of Object.entries(required)) {
    if (!new RegExp(`\\b${key}\\s*:\\s*${value}\\b`).test(text)) add('HIGH', 'WINDOW_OPTIONS', file, 0, `webPreferences.${key} must be ${value}`);
  }
}

function cspDirectives(csp) {
  return Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...srcs]) => [name, srcs]));
}

function checkCsp(label, file, csp, allowLoopbackWs) {
  if (!csp) return add('HIGH', 'CSP_MISSING', file, 0, `${label}: no Content-Security-Policy found`);
  const d = cspDirectives(csp);
  if (!d['default-src'] && !d['script-src']) add('HIGH', 'CSP_WEAK', file, 0, `${label}: no default-src/script-src`);
  for (const [name, srcs] of Object.entries(d)) {
    for (const src of srcs) {
      const remote = /^(https?|wss?|ftp):/.test(src) || src === '*' || src.startsWith('*.') || (src === 'data:' && name.startsWith('script'));
      const loopbackWs = allowLoopbackWs && name === 'connect-src' && src === 'ws://127.0.0.1:*';
      if (remote && !loopbackWs) add('HIGH', 'CSP_REMOTE', file, 0, `${label}: ${name} allows ${src}`);
      if (src === "'unsafe-eval'") add('HIGH', 'CSP_EVAL', file, 0, `${label}: ${name} allows ${src}`);
      if (src === "'unsafe-inline'" && (name === 'script-src' || name === 'default-src')) add('HIGH', 'CSP_INLINE_SCRIPT', file, 0, `${label}: ${name} allows inline scripts`);
    }
  }
  if (!d['object-src']?.includes("'none'") && !d['default-src']?.includes("'none'")) add('MEDIUM', 'CSP_OBJECT', file, 0, `${label}: object-src is not 'none'`);
}

const policies = {};

function checkCsps() {
  const html = 'renderer/index.html';
  if (existsSync(path.join(root, html))) {
    const m = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(read(html));
    policies.meta = m?.[1] ?? null;
    checkCsp('renderer meta CSP', html, m?.[1], true);
  }
  const cspFile = 'main/shell/csp.ts';
  if (!existsSync(path.join(root, cspFile))) return add('HIGH', 'CSP_MISSING', cspFile, 0, 'no shell CSP module');
  const text = read(cspFile);
  // Reassemble the policy from the string literals of shellCsp() (template `${MEDIA_SCHEME}` → media); the test
  // compares this reconstruction with the real shellCsp() so the scan cannot drift from the code.
  const body = /function shellCsp[\s\S]*?\.join\('; '\)/.exec(text)?.[0] ?? '';
  const policy = [...body.matchAll(/"([^"]+)"|`([^`]+)`/g)].map((m) => (m[1] ?? m[2]).replace(/\$\{MEDIA_SCHEME\}/g, 'media')).join('; ');
  policies.shell = policy;
  checkCsp('shell CSP header', cspFile, policy, false);
  if (!/onHeadersReceived/.test(text)) add('HIGH', 'CSP_HEADER', cspFile, 0, 'CSP is not set through session.webRequest.onHeadersReceived');
}

function checkOpenExternal() {
  for (const file of [...sources('main'), ...sources('preload')]) {
    const lines = read(file).split('\n');
    lines.forEach((line, i) => {
      if (!/shell\.openExternal\(/.test(line)) return;
      const context = lines.slice(Math.max(0, i - 2), i + 1).join('\n');
      if (!/isSafeExternalUrl\(/.test(context)) add('HIGH', 'OPEN_EXTERNAL_UNCHECKED', file, i + 1, 'shell.openExternal without isSafeExternalUrl() right before it');
    });
  }
}

function checkIpc() {
  for (const file of [...sources('main'), ...sources('preload')]) {
    const text = read(file);
    for (const m of text.matchAll(/ipcMain\.(handle|handleOnce|on|once)\(/g)) {
      if (file !== path.join('main', 'shell', 'ipc.ts')) add('HIGH', 'IPC_OUTSIDE_GATE', file, lineOf(text, m.index), `ipcMain.${m[1]} outside main/shell/ipc.ts (bypasses the sender check)`);
    }
  }
  const gate = path.join('main', 'shell', 'ipc.ts');
  if (!existsSync(path.join(root, gate))) return add('HIGH', 'IPC_GATE', gate, 0, 'IPC gate missing');
  const text = read(gate);
  for (const m of text.matchAll(/ipcMain\.handle\([^,]+,\s*async\s*\((\w+)[^)]*\)[^{]*\{\s*\n\s*([^\n]+)/g)) {
    if (!new RegExp(`^if \\(!isTrusted\\(${m[1]}\\)\\) return`).test(m[2].trim())) add('HIGH', 'IPC_SENDER_CHECK', gate, lineOf(text, m.index), 'the first statement of an ipcMain handler must be the sender check');
  }
  if (!/ipcMain\.handle\(/.test(text)) add('HIGH', 'IPC_GATE', gate, 0, 'no ipcMain.handle found in the gate');
  const security = path.join('main', 'shell', 'security.ts');
  if (existsSync(path.join(root, security)) && !/frame\.parent === null/.test(read(security))) add('HIGH', 'IPC_SENDER_CHECK', security, 0, 'sender check does not require the main frame');
}

function checkPreload() {
  for (const file of sources('preload')) {
    const text = read(file);
    if (/exposeInMainWorld\([^)]*ipcRenderer\s*\)/.test(text)) add('HIGH', 'PRELOAD_RAW_IPC', file, 0, 'ipcRenderer exposed to the page');
    if (/ipcRenderer\.(sendSync|sendTo|postMessage)\(/.test(text)) add('MEDIUM', 'PRELOAD_RAW_IPC', file, 0, 'raw ipcRenderer messaging in preload');
    if (/ipcRenderer\.invoke\(/.test(text) && !/isChannelName\(/.test(text)) add('HIGH', 'PRELOAD_CHANNELS', file, 0, 'invoke without a channel allow-list');
  }
}

function checkLockdown() {
  const all = [...sources('main/shell')].map(read).join('\n');
  const must = [
    [/setWindowOpenHandler/, 'new windows are not denied (setWindowOpenHandler)'],
    [/'will-navigate'/, 'navigation is not limited (will-navigate)'],
    [/'will-attach-webview'/, '<webview> attachment is not prevented'],
    [/setPermissionRequestHandler/, 'permission requests are not handled'],
    [/requestSingleInstanceLock/, 'no single-instance lock'],
  ];
  for (const [re, what] of must) if (!re.test(all)) add('HIGH', 'LOCKDOWN', 'main/shell', 0, what);
}

const checks = [checkDangerousFlags, checkWindowOptions, checkCsps, checkOpenExternal, checkIpc, checkPreload, checkLockdown];
const scanned = electronegativity();
for (const check of checks) check();

const count = (s) => findings.filter((f) => f.severity === s).length;
for (const f of findings.sort((a, b) => a.severity.localeCompare(b.severity))) {
  console.log(`${f.severity.padEnd(13)} ${f.check.padEnd(28)} ${f.file}:${f.line}  ${f.message}  [${f.source}]`);
}
const summary = { root, high: count('HIGH'), medium: count('MEDIUM'), low: count('LOW'), informational: count('INFORMATIONAL'), electronegativityFindings: scanned, projectChecks: checks.length, policies, findings };
if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
console.log(`security-scan: ${summary.high} high, ${summary.medium} medium, ${summary.low} low (electronegativity + ${checks.length} project checks)`);
process.exit(summary.high === 0 ? 0 : 1);
