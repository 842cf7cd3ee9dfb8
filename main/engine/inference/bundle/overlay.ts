/**
 * Adapter bundles (issue 22): a folder whose manifest names its `baseBundle` (id + sha256 of the base's
 * manifest.json) and holds only the graphs it changed. Reading one merges the base's manifest with the adapter's
 * graphs and hashes; every other file (graphs it did not change, conditions) resolves from the base's folder.
 * The base is found where it was when the adapter was made, else beside the adapter, and must hash the same:
 * an adapter never runs on a different base than the one it was trained from. A base whose graphs stayed the same
 * while its manifest changed (its CARD, its sampling recipe) lists its earlier manifests' hashes in `supersedes`,
 * so adapters pinned to those still find it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../../core/errors';
import { sha256Bytes } from '../../core/file-hash';
import type { Manifest } from './manifest';

export const BaseRef = z.looseObject({
  id: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'baseBundle.sha256 must be 64 lowercase hex digits'),
  /** Absolute folder of the base when the adapter was made (a hint: the hash decides). */
  dir: z.string().optional(),
});

export const MANIFEST = 'manifest.json';

const Sha = z.string().regex(/^[0-9a-f]{64}$/);
/** A base's earlier manifest.json hashes whose graphs are the ones it holds now (manifest.ts `supersedes`). */
const Supersedes = z.looseObject({ supersedes: z.array(Sha).optional() });

/** sha256 of a bundle's manifest.json (it lists every graph's hash, so it pins the whole bundle). */
export function manifestHash(dir: string): string | undefined {
  const file = path.join(dir, MANIFEST);
  try {
    if (!statSync(file).isFile()) return undefined; // a FIFO or folder would block or fail the read
    return sha256Bytes(readFileSync(file)); // sync: a manifest is small, and findBase runs inside readManifest
  } catch {
    return undefined;
  }
}

/** The `supersedes` list of a bundle's manifest.json: earlier manifests of the same graphs (empty if none or unreadable). */
export function supersededHashes(dir: string): string[] {
  try {
    const raw: unknown = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'));
    const parsed = Supersedes.safeParse(raw);
    return parsed.success ? (parsed.data.supersedes ?? []) : [];
  } catch {
    return [];
  }
}

/** Whether the bundle in `dir` is the one an adapter pinned by `sha256`: that manifest, or one it supersedes. */
export function isPinnedBase(dir: string, sha256: string): boolean {
  return manifestHash(dir) === sha256 || supersededHashes(dir).includes(sha256);
}

export function isOverlay(raw: unknown): raw is Record<string, unknown> & { baseBundle: unknown } {
  return typeof raw === 'object' && raw !== null && 'baseBundle' in raw;
}

function candidates(adapterDir: string, hint: string | undefined): string[] {
  const out = hint ? [path.resolve(hint)] : [];
  const parent = path.dirname(adapterDir);
  try {
    for (const name of readdirSync(parent).sort()) out.push(path.join(parent, name));
  } catch {
    /* the adapter's parent is unreadable: only the hint */
  }
  return out.filter((d) => d !== adapterDir && existsSync(path.join(d, MANIFEST)));
}

/** The base's folder: the first candidate whose manifest hashes to `sha256` or supersedes one that did. */
export function findBase(adapterDir: string, ref: z.infer<typeof BaseRef>): string {
  for (const dir of candidates(adapterDir, ref.dir)) if (isPinnedBase(dir, ref.sha256)) return dir;
  const file = path.join(adapterDir, MANIFEST);
  throw new EngineError(
    'not-found',
    `${file}: its base bundle "${ref.id}" (manifest sha256 ${ref.sha256.slice(0, 12)}…) is not installed${ref.dir ? ` at ${ref.dir}` : ''} or beside the adapter — reinstall that bundle or adapt again from an installed one`,
    { file, base: ref.id },
  );
}

const Obj = z.record(z.string(), z.unknown()).catch({});

/**
 * The merged manifest object (validated next by the caller): the base's, with the adapter's id, description, graphs
 * and hashes, and `baseBundle` completed with the base's folder and the graph keys the adapter holds.
 */
export function mergeOverlay(adapterDir: string, raw: Record<string, unknown>, readBase: (dir: string) => Manifest): Record<string, unknown> {
  const file = path.join(adapterDir, MANIFEST);
  const ref = BaseRef.safeParse(raw.baseBundle);
  if (!ref.success) throw new EngineError('bad-input', `${file}: invalid baseBundle: ${ref.error.issues[0]?.message}`, { file });
  const baseDir = findBase(adapterDir, ref.data);
  const base = readBase(baseDir);
  if (base.baseBundle) throw new EngineError('bad-input', `${file}: base bundle ${baseDir} is itself an adapter: adapt from a full bundle`, { file });
  const graphs = Obj.parse(raw.graphs);
  return {
    ...base,
    ...raw,
    graphs: { ...base.graphs, ...graphs },
    sha256: { ...base.sha256, ...Obj.parse(raw.sha256) },
    conditions: base.conditions,
    baseBundle: { ...ref.data, dir: baseDir, graphs: Object.keys(graphs) },
  };
}
