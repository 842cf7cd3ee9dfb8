import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type EngineResult } from '../../main/engine/host';
import { tempDir } from '../shell/media-fixtures';
import { brokenBundles, brokenMedia, junk } from './malformed-fixtures';

/**
 * 50+ malformed inputs across media, bundles, projects and library files, each through the real engine (real
 * ffprobe/ffmpeg, real SQLite, real ONNX manifests): every one must end in a typed error that is not `internal`,
 * whose message names the file, or (where marked) in a valid answer. Nothing may throw or crash.
 */
interface Outcome {
  category: string;
  label: string;
  pass: boolean;
  detail: string;
}
const outcomes: Outcome[] = [];
const ctx = { transport: 'in-process' as const, clientId: 'faults' };
const root = tempDir('a2s-malformed-');
const saved = process.env.A2S_LIBRARY_STARTER;

beforeAll(() => {
  process.env.A2S_LIBRARY_STARTER = '0'; // an empty database must not start importing the starter set
});
afterAll(() => {
  if (saved === undefined) delete process.env.A2S_LIBRARY_STARTER;
  else process.env.A2S_LIBRARY_STARTER = saved;
  mkdirSync('test-results', { recursive: true });
  const byCategory: Record<string, number> = {};
  for (const o of outcomes) byCategory[o.category] = (byCategory[o.category] ?? 0) + 1;
  writeFileSync('test-results/faults-malformed.json', JSON.stringify({ total: outcomes.length, byCategory, outcomes }, null, 2));
});

/** `names`: text the message must contain (the file), `okAllowed`: a valid answer is fine too. */
function judge(category: string, label: string, res: EngineResult, opts: { names?: string; okAllowed?: boolean } = {}): void {
  let pass: boolean;
  let detail: string;
  if (res.ok) {
    pass = opts.okAllowed === true;
    detail = 'answered ok';
  } else {
    const { code, message } = res.error;
    pass = code !== 'internal' && message.length > 0 && (!opts.names || message.includes(opts.names));
    detail = `${code}: ${message.slice(0, 240)}`;
  }
  outcomes.push({ category, label, pass, detail });
}

const failures = (category: string): string[] => outcomes.filter((o) => o.category === category && !o.pass).map((o) => `${o.label} → ${o.detail}`);

describe('malformed inputs end in clear, typed errors', () => {
  it('media: empty, junk, renamed, truncated, folder, symlink loop, missing (probe, open, peaks, thumbnails)', async () => {
    const engine = new Engine({ dataDir: path.join(root, 'media-data') });
    const files = brokenMedia(path.join(root, 'media'));
    const truncatedButSniffable = new Set(['head-only.mp4', 'half.mp4', 'riff-junk.wav', 'header-only.wav']);
    for (const [name, file] of Object.entries(files)) {
      // A WAV header with zero samples is a valid, empty file.
      judge('media', `media:probe ${name}`, await engine.handle('media:probe', { path: file }, ctx), { names: name, okAllowed: name === 'header-only.wav' });
      // media:open only registers a file for the player: a container whose header is right may be accepted.
      judge('media', `media:open ${name}`, await engine.handle('media:open', { path: file }, ctx), { names: name, okAllowed: truncatedButSniffable.has(name) });
      if (name.endsWith('.wav') || name.startsWith('zero') || name.startsWith('junk')) {
        judge('media', `media:peaks ${name}`, await engine.handle('media:peaks', { path: file, samplesPerBucket: 256 }, ctx), { names: name, okAllowed: name === 'header-only.wav' });
      }
      if (['junk.mp4', 'half.mp4', 'zero.mp4'].includes(name)) {
        judge('media', `media:thumbnails ${name}`, await engine.handle('media:thumbnails', { path: file, count: 2, height: 16 }, ctx), { names: name });
      }
    }
    expect(failures('media')).toEqual([]);
  }, 120_000);

  it('bundles: broken manifests and graphs are listed as invalid and refused on select', async () => {
    const dataDir = path.join(root, 'bundle-data');
    const names = brokenBundles(path.join(dataDir, 'bundles'), path.join(process.cwd(), 'models', 'bundles', 'tiny'));
    const engine = new Engine({ dataDir });
    const listed = await engine.handle('bundle:list', {}, ctx);
    judge('bundles', 'bundle:list with 9 broken bundles', listed, { okAllowed: true });
    const bundles = listed.ok ? (listed.result as { bundles: Array<{ id: string; dir: string; valid: boolean; error?: string }> }).bundles : [];
    for (const name of names) {
      const entry = bundles.find((b) => b.dir.endsWith(`${path.sep}${name}`));
      const graphsBroken = name === 'b-missing-files' || name === 'b-junk-onnx';
      // A manifest problem shows in the list; broken graphs are found when the bundle is loaded (hashes, sessions).
      outcomes.push({ category: 'bundles', label: `listed ${name}`, pass: !!entry && (graphsBroken || (!entry.valid && /manifest/.test(entry.error ?? ''))), detail: JSON.stringify(entry ?? null).slice(0, 240) });
      const select = await engine.handle('bundle:select', { id: entry?.id ?? name }, ctx);
      judge('bundles', `bundle:select ${name}`, select, { names: graphsBroken ? undefined : name });
    }
    expect(failures('bundles')).toEqual([]);
  }, 120_000);

  it('projects: invalid JSON, wrong schema, junk, truncated, folder mix-ups; a good backup is used with a warning', async () => {
    const engine = new Engine({ dataDir: path.join(root, 'project-data') });
    const created = await engine.handle('project:new', { dir: path.join(root, 'projects'), name: 'Good' }, ctx);
    expect(created.ok).toBe(true);
    const goodJson = readFileSync(path.join((created as { result: { path: string } }).result.path, 'project.json'), 'utf8');
    const contents: Record<string, string | Buffer> = {
      empty: '',
      'not-json': '{"name": "x", ',
      null: 'null',
      array: '[]',
      number: '42',
      'wrong-schema': JSON.stringify({ name: 5, tracks: 'none' }),
      'future-version': JSON.stringify({ ...JSON.parse(goodJson), version: 999 }),
      junk: junk(3000),
      truncated: goodJson.slice(0, Math.floor(goodJson.length / 2)),
      'deep-nesting': '['.repeat(100_000),
      'proto-pollution': JSON.stringify(JSON.parse(goodJson)).replace('{', '{"__proto__":{"polluted":true},'),
    };
    for (const [label, content] of Object.entries(contents)) {
      const dir = path.join(root, 'projects', `${label}.a2s`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'project.json'), content);
      judge('projects', `project:open ${label}`, await engine.handle('project:open', { path: dir }, ctx), { names: `${label}.a2s`, okAllowed: label === 'proto-pollution' || label === 'future-version' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const noFile = path.join(root, 'projects', 'no-file.a2s');
    mkdirSync(noFile);
    judge('projects', 'project:open folder without project.json', await engine.handle('project:open', { path: noFile }, ctx), { names: 'no-file.a2s' });
    const dirAsFile = path.join(root, 'projects', 'dir-json.a2s');
    mkdirSync(path.join(dirAsFile, 'project.json'), { recursive: true });
    judge('projects', 'project:open project.json is a folder', await engine.handle('project:open', { path: dirAsFile }, ctx), { names: 'dir-json.a2s' });
    judge('projects', 'project:open missing folder', await engine.handle('project:open', { path: path.join(root, 'nope.a2s') }, ctx), { names: 'nope.a2s' });
    const withBak = path.join(root, 'projects', 'bak.a2s');
    mkdirSync(withBak);
    writeFileSync(path.join(withBak, 'project.json'), junk(500));
    writeFileSync(path.join(withBak, 'project.json.bak'), goodJson);
    const recovered = await engine.handle('project:open', { path: withBak }, ctx);
    const warned = recovered.ok && (recovered.result as { warnings: string[] }).warnings.some((w) => /backup|\.bak/.test(w));
    outcomes.push({ category: 'projects', label: 'project:open damaged project.json with a good backup', pass: warned, detail: JSON.stringify(recovered).slice(0, 240) });
    judge('projects', 'project:save invalid doc', await engine.handle('project:save', { path: withBak, doc: { name: 1 } }, ctx));
    expect(failures('projects')).toEqual([]);
  }, 120_000);

  it('library files: junk, text, truncated, foreign and future databases', async () => {
    const make = (label: string, write: (file: string) => void): Engine => {
      const dataDir = path.join(root, `lib-${label}`);
      mkdirSync(dataDir, { recursive: true });
      write(path.join(dataDir, 'library.sqlite'));
      return new Engine({ dataDir });
    };
    // A real library database to damage: let the engine create one.
    const fresh = make('fresh', () => undefined);
    expect((await fresh.handle('library:stats', {}, ctx)).ok).toBe(true);
    // Fold the WAL into the main file so the copy below is the whole database.
    const freshDb = new Database(path.join(root, 'lib-fresh', 'library.sqlite'));
    freshDb.pragma('wal_checkpoint(TRUNCATE)');
    freshDb.close();
    const real = readFileSync(path.join(root, 'lib-fresh', 'library.sqlite'));
    const cases: Record<string, (file: string) => void> = {
      junk: (f) => writeFileSync(f, junk(8192)),
      text: (f) => writeFileSync(f, 'not a database\n'.repeat(200)),
      'sqlite-header-junk': (f) => writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), junk(8000, 5)])),
      truncated: (f) => writeFileSync(f, real.subarray(0, Math.floor(real.length / 2))),
      folder: (f) => mkdirSync(f),
      foreign: (f) => {
        const db = new Database(f);
        db.exec('CREATE TABLE clips (id TEXT, something BLOB); INSERT INTO clips VALUES (1, x\'00\')');
        db.close();
      },
      future: (f) => {
        writeFileSync(f, real);
        const db = new Database(f);
        db.pragma('user_version = 999');
        db.close();
      },
    };
    for (const [label, write] of Object.entries(cases)) {
      const engine = make(label, write);
      judge('library', `library:stats ${label}`, await engine.handle('library:stats', {}, ctx), { names: 'library.sqlite' });
      judge('library', `library:search ${label}`, await engine.handle('library:search', { text: 'rain' }, ctx), { names: 'library.sqlite' });
    }
    expect(failures('library')).toEqual([]);
  }, 120_000);

  it('counts at least 50 malformed inputs in all', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(50);
  });
});
