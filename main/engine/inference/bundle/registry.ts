/**
 * Which bundles are installed and which one is active. Listing reads manifests only (cheap, main thread); the
 * full check (hashes, sessions) happens when the inference worker loads the bundle.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../../core/errors';
import { readManifest } from './load';

export interface BundleInfo {
  readonly id: string;
  readonly dir: string;
  readonly description: string;
  readonly source: 'builtin' | 'user';
  readonly valid: boolean;
  readonly error?: string;
}

/** The repository's (or the packaged app's) `models/bundles`, found by walking up from this file. */
function builtinRoots(): string[] {
  const roots: string[] = [];
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const cand = path.join(dir, 'models', 'bundles');
    if (existsSync(cand)) {
      roots.push(cand);
      break;
    }
    dir = path.dirname(dir);
  }
  return roots;
}

export function bundleRoots(dataDir?: string): { dir: string; source: 'builtin' | 'user' }[] {
  const extra = (process.env.A2S_BUNDLES_DIR ?? '').split(path.delimiter).filter(Boolean);
  const user = [dataDir ? path.join(dataDir, 'bundles') : '', path.join(os.homedir(), '.action2sound', 'bundles'), ...extra];
  const seen = new Set<string>();
  const out: { dir: string; source: 'builtin' | 'user' }[] = [];
  for (const [dirs, source] of [[builtinRoots(), 'builtin'], [user, 'user']] as const) {
    for (const d of dirs) {
      if (!d || seen.has(path.resolve(d))) continue;
      seen.add(path.resolve(d));
      out.push({ dir: path.resolve(d), source });
    }
  }
  return out;
}

export function describeBundle(dir: string, source: 'builtin' | 'user'): BundleInfo {
  try {
    const m = readManifest(dir);
    return { id: m.id, dir, description: m.description ?? '', source, valid: true };
  } catch (err) {
    return { id: path.basename(dir), dir, description: '', source, valid: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Every folder with a manifest.json under the bundle roots; an id seen twice keeps the first (builtin wins). */
export function listBundles(dataDir?: string): BundleInfo[] {
  const out: BundleInfo[] = [];
  const ids = new Set<string>();
  for (const root of bundleRoots(dataDir)) {
    if (!existsSync(root.dir)) continue;
    for (const name of readdirSync(root.dir).sort()) {
      const dir = path.join(root.dir, name);
      if (!existsSync(path.join(dir, 'manifest.json'))) continue;
      const info = describeBundle(dir, root.source);
      if (ids.has(info.id)) continue;
      ids.add(info.id);
      out.push(info);
    }
  }
  return out;
}

function selectionFile(dataDir: string): string {
  return path.join(dataDir, 'inference.json');
}

function readSelection(dataDir: string): string | undefined {
  try {
    const v = JSON.parse(readFileSync(selectionFile(dataDir), 'utf8')) as { active?: unknown };
    return typeof v.active === 'string' ? v.active : undefined;
  } catch {
    return undefined;
  }
}

/** Persists the chosen bundle id (atomic: temp + rename). */
export function selectBundle(dataDir: string, id: string): BundleInfo {
  const info = listBundles(dataDir).find((b) => b.id === id);
  if (!info) throw new EngineError('not-found', `no installed bundle with id "${id}" (see bundle:list)`, { id });
  if (!info.valid) throw new EngineError('bad-input', `bundle "${id}" is not usable: ${info.error}`, { id });
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${selectionFile(dataDir)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ active: id }, null, 2));
  renameSync(tmp, selectionFile(dataDir));
  return info;
}

/** A bundle given as a folder path or an installed id. */
export function resolveBundle(ref: string, dataDir?: string): BundleInfo {
  if (ref.includes('/') || ref.includes(path.sep) || existsSync(path.join(ref, 'manifest.json'))) {
    const dir = path.resolve(ref);
    const info = describeBundle(dir, 'user');
    if (!info.valid) throw new EngineError(existsSync(dir) ? 'bad-input' : 'not-found', info.error ?? `${dir}: not a bundle`, { bundle: dir });
    return info;
  }
  const info = listBundles(dataDir).find((b) => b.id === ref || path.basename(b.dir) === ref);
  if (!info) throw new EngineError('not-found', `no installed bundle "${ref}" (see bundle:list)`, { bundle: ref });
  if (!info.valid) throw new EngineError('bad-input', info.error ?? `bundle ${ref} is not valid`, { bundle: ref });
  return info;
}

/** env A2S_BUNDLE (folder or id) → saved selection → the folder named `default` → the first valid bundle. */
export function activeBundleInfo(dataDir: string): BundleInfo {
  const env = process.env.A2S_BUNDLE;
  if (env) return resolveBundle(env, dataDir);
  const all = listBundles(dataDir);
  const chosen = readSelection(dataDir);
  const pick =
    all.find((b) => b.valid && b.id === chosen) ?? all.find((b) => b.valid && path.basename(b.dir) === 'default') ?? all.find((b) => b.valid);
  if (!pick) throw new EngineError('unavailable', `no valid model bundle installed (looked in ${bundleRoots(dataDir).map((r) => r.dir).join(', ')})`);
  return pick;
}
