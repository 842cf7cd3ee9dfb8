// `npm test`: build, then every suite (vitest: unit, integration and Chromium end-to-end; pytest: models/),
// and a one-line summary "N passed, N failed" that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.join(root, 'test-results');
mkdirSync(out, { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = false;

function run(label, cmd, args, opts = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (res.status !== 0) console.log(`=== ${label} exited with ${res.status ?? res.signal}`);
  return res.status === 0;
}

if (!run('build', process.execPath, ['scripts/build.mjs'])) broken = true;

const vitestJson = path.join(out, 'vitest.json');
rmSync(vitestJson, { force: true });
const vitestOk = run('vitest', process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
try {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  // A file that fails to load has no failed test of its own: count it once; otherwise count the tests.
  failed += r.numFailedTests > 0 ? r.numFailedTests : (r.numFailedTestSuites ?? 0);
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  if (!vitestOk && r.numFailedTests === 0 && !r.numFailedTestSuites) broken = true;
} catch {
  broken = true;
}

const pyJunit = path.join(out, 'pytest.xml');
rmSync(pyJunit, { force: true });
run('pytest', '/usr/bin/python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${pyJunit}`], { cwd: path.join(root, 'models') });
try {
  const xml = readFileSync(pyJunit, 'utf8');
  const m = /<testsuite [^>]*errors="(\d+)" failures="(\d+)" skipped="(\d+)" tests="(\d+)"/.exec(xml);
  if (m) {
    const [errors, failures, skips, tests] = m.slice(1).map(Number);
    failed += errors + failures;
    skipped += skips;
    passed += tests - errors - failures - skips;
  } else broken = true;
} catch {
  broken = true;
}

if (broken) failed += 1;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
