import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagedEnv } from '../../main/shell/packaged';
import { tempDir } from './media-fixtures';

type Config = Record<string, unknown> & {
  files: Array<string | { filter: string[] }>;
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  linux: { target: string[] };
  mac: { target: Array<{ target: string }>; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  win: { target: Array<{ target: string }> };
};

// electron-builder's own loader and JSON-schema validator: the same checks `electron-builder` runs before a build.
const req = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = req('app-builder-lib/out/util/config/config') as {
  getConfig(dir: string, file: string, extra: null): Promise<Config>;
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = req('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const root = process.cwd();
const load = (): Promise<Config> => getConfig(root, 'electron-builder.yml', null);

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation (and the validator does reject a broken config)', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, mac: { hardenedRuntime: 'yes' } }, new DebugLogger(false))).rejects.toThrow(/hardenedRuntime/);
  });

  it('targets AppImage + deb, a hardened-runtime dmg with entitlements, and nsis', async () => {
    const config = await load();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    const plist = readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    // No exceptions the app does not need.
    expect(plist).not.toMatch(/disable-library-validation|device\.(camera|audio-input)|network\.server|allow-dyld-environment/);
  });

  it('unpacks the native modules and ffmpeg from the asar', async () => {
    const { asarUnpack } = await load();
    for (const pkg of ['onnxruntime-node', 'better-sqlite3', '@ffmpeg-installer', '@ffprobe-installer']) {
      expect(asarUnpack.some((p) => p.startsWith(`node_modules/${pkg}/`)), pkg).toBe(true);
    }
  });

  it('ships the starter library and credits as extra resources, from paths that exist', async () => {
    const { extraResources } = await load();
    const froms = extraResources.map((r) => r.from);
    expect(froms).toEqual(expect.arrayContaining(['models/bundles/default', 'assets/library', 'assets/CREDITS.md']));
    for (const r of extraResources.filter((x) => x.from !== 'models/bundles/default')) expect(existsSync(path.join(root, r.from)), r.from).toBe(true);
    // Resources keep their repository layout so the engine's walk-up lookup finds them next to app.asar.
    for (const r of extraResources) expect(r.to).toBe(r.from);
  });

  it.skipIf(!existsSync(path.join(root, 'models/bundles/default/manifest.json')))('ships the default model bundle', () => {
    expect(existsSync(path.join(root, 'models/bundles/default/manifest.json'))).toBe(true);
  });

  it('packs only dist and runtime modules: the entry point is included, maps and the bench are not', async () => {
    // The loader normalises `files` to [{ filter: [...] }].
    const files = (await load()).files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };
    expect(pkg.main).toBe('dist/shell.cjs');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*', '!dist/**/*.map', '!dist/bench.cjs']));
    expect(files.filter((f) => !f.startsWith('!') && !f.startsWith('dist/') && f !== 'package.json')).toEqual([]);
    expect(pkg.scripts.postinstall).toBe('node build/postinstall.mjs');
  });
});

describe('postinstall (electron-builder install-app-deps)', () => {
  it('prints one clean line and succeeds where no Electron binary exists', () => {
    const res = spawnSync(process.execPath, ['build/postinstall.mjs'], { cwd: root, encoding: 'utf8', env: { ...process.env, A2S_SKIP_APP_DEPS: '' } });
    expect(res.status).toBe(0);
    expect(res.stderr).toBe('');
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    expect(res.stdout).toMatch(/no Electron binary here, skipping/);
  });

  it('runs install-app-deps where an Electron binary exists', () => {
    // A scratch project with a fake Electron binary and a fake electron-builder that records its arguments.
    const dir = tempDir('a2s-postinstall-');
    mkdirSync(path.join(dir, 'build'));
    copyFileSync(path.join(root, 'build/postinstall.mjs'), path.join(dir, 'build/postinstall.mjs'));
    mkdirSync(path.join(dir, 'node_modules/electron/dist'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/electron/path.txt'), 'electron');
    writeFileSync(path.join(dir, 'node_modules/electron/dist/electron'), '');
    chmodSync(path.join(dir, 'node_modules/electron/dist/electron'), 0o755);
    mkdirSync(path.join(dir, 'node_modules/electron-builder'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/electron-builder/cli.js'), "require('fs').writeFileSync(__dirname + '/args.json', JSON.stringify(process.argv.slice(2)));");
    const res = spawnSync(process.execPath, ['build/postinstall.mjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, A2S_SKIP_APP_DEPS: '' } });
    expect(res.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'node_modules/electron-builder/args.json'), 'utf8'))).toEqual(['install-app-deps']);
  });
});

describe('packaged environment', () => {
  it('points ffmpeg, ffprobe and the VAD model at app.asar.unpacked, without overriding the user', () => {
    const env = packagedEnv('/opt/a2s/resources', { A2S_FFPROBE: '/usr/bin/ffprobe' }, () => true);
    expect(env.A2S_FFMPEG).toMatch(/^\/opt\/a2s\/resources\/app\.asar\.unpacked\/node_modules\/@ffmpeg-installer\/.+\/ffmpeg/);
    expect(env.A2S_FFPROBE).toBeUndefined();
    expect(env.A2S_VAD_MODEL).toContain('app.asar.unpacked');
    expect(packagedEnv('/opt/a2s/resources', {}, () => false)).toEqual({});
  });
});
