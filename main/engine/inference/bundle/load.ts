/**
 * Loading a bundle: manifest (zod + format), sha256 of every graph, then each graph's real input/output names and
 * ranks (from ORT session metadata) against the manifest and against the numbers the pipeline will feed.
 * Every failure names the file and the mismatch.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../../core/errors';
import { sha256File } from '../../core/file-hash';
import { NotRegularFile, assertRegularSync } from '../../core/regular-file';
import type { Backend, GraphSession, TensorMeta } from '../backend';
import { checkConditions } from '../pool';
import { HashCache } from './hash-cache';
import { isOverlay, mergeOverlay } from './overlay';
import { BUNDLE_FORMAT, Manifest, OPTIONAL_GRAPHS, REQUIRED_GRAPHS, ioName, parseShape, type GraphKey } from './manifest';

export interface GraphIo {
  readonly inputs: ReadonlySet<string>;
  readonly outputs: ReadonlySet<string>;
}

export interface Bundle {
  /** Where the bundle's files resolve from; for an adapter (`overlayDir` set) the base bundle's folder. */
  readonly dir: string;
  /** An adapter's own folder, holding the graphs it changed (issue 22, overlay.ts). */
  readonly overlayDir?: string;
  readonly id: string;
  readonly manifest: Manifest;
  /** Samples per window at the model rate. */
  readonly clipSamples: number;
  /** Latent values per item (product of latent.shape). */
  readonly latentSize: number;
  /** Real input/output names per graph, known once verified (`verifyGraphs`). */
  readonly io: Partial<Record<GraphKey, GraphIo>>;
  graphPath(key: GraphKey): string;
  has(key: GraphKey): boolean;
}

function bad(file: string, message: string, details?: Record<string, unknown>): EngineError {
  return new EngineError('bad-input', `${file}: ${message}`, { file, ...details });
}

/** Reads and validates manifest.json (no graph is opened). Throws EngineError naming the file. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) throw new EngineError('not-found', `${file}: no manifest.json in this bundle folder`, { file });
  let raw: unknown;
  try {
    assertRegularSync(file); // a FIFO here would block this thread for good
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof NotRegularFile) throw bad(file, `is ${err.kind}, not a regular file`);
    throw bad(file, `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format !== 'string' || !format.startsWith('a2s-bundle/')) {
    throw bad(file, `"format" must be "${BUNDLE_FORMAT}", got ${JSON.stringify(format)}`);
  }
  if (format !== BUNDLE_FORMAT) {
    throw bad(file, `bundle format "${format}" is newer than this build reads ("${BUNDLE_FORMAT}"): update Action2Sound Studio or re-export the bundle`, { format });
  }
  const parsed = Manifest.safeParse(isOverlay(raw) ? mergeOverlay(path.resolve(dir), raw, readManifest) : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(file, `invalid manifest at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export function makeBundle(dir: string, manifest: Manifest, io: Partial<Record<GraphKey, GraphIo>> = {}): Bundle {
  const a = manifest.audio;
  // set by readManifest's merge only (the on-disk baseBundle has no `graphs`)
  const base = manifest.baseBundle?.graphs ? manifest.baseBundle.dir : undefined;
  const own = new Set(manifest.baseBundle?.graphs ?? []);
  return {
    dir: base ?? dir,
    overlayDir: base ? dir : undefined,
    id: manifest.id,
    manifest,
    clipSamples: a.clipSamples ?? Math.round(a.clipSeconds * a.sampleRate),
    latentSize: manifest.latent.shape.reduce((x, y) => x * y, 1),
    io,
    graphPath: (key) => {
      const g = manifest.graphs[key];
      if (!g) throw new EngineError('unavailable', `bundle ${manifest.id} has no ${key} graph`, { bundle: dir });
      return path.join(base && !own.has(key) ? base : dir, g.file);
    },
    has: (key) => key in manifest.graphs,
  };
}

// The engine's one file hash lives in core/file-hash.ts; re-exported here for the tests that hash bundle graphs.
export { sha256File };

/** Files every graph names must exist and hash to the manifest's sha256 (hashes cached per file version). */
async function checkHashes(bundle: Bundle, cache: HashCache): Promise<void> {
  const manifest = bundle.manifest;
  for (const key of usedGraphs(manifest)) {
    const name = manifest.graphs[key].file;
    const file = bundle.graphPath(key);
    if (!existsSync(file)) throw new EngineError('not-found', `${file}: graph ${key} is missing from the bundle`, { file, graph: key });
    const want = manifest.sha256[name];
    if (!want) throw bad(path.join(bundle.overlayDir ?? bundle.dir, 'manifest.json'), `no sha256 for ${name} (graph ${key})`);
    const got = await cache.sha256(file).catch((err: unknown) => {
      throw err instanceof NotRegularFile ? bad(file, `graph ${key} is ${err.kind}, not a regular file`, { graph: key }) : err;
    });
    if (got !== want) throw bad(file, `sha256 mismatch (corrupt or replaced): manifest says ${want.slice(0, 12)}…, file is ${got.slice(0, 12)}…`, { graph: key });
  }
}

function usedGraphs(manifest: Manifest): GraphKey[] {
  return [...REQUIRED_GRAPHS, ...OPTIONAL_GRAPHS.filter((k) => k in manifest.graphs)];
}

/** Shapes the pipeline feeds and reads, from the manifest's numbers (B = dynamic batch). */
function expectedShapes(m: Manifest, clipSamples: number): Partial<Record<GraphKey, Record<string, (number | string)[]>>> {
  const v = m.video;
  const frames = ['B', v.frames, 3, v.height, v.width];
  const lat = ['B', ...m.latent.shape];
  const ctx = m.context;
  const mo = m.motion;
  const envelope = m.onsets?.frames ?? m.latent.shape[m.latent.shape.length - 1];
  return {
    videoEncoder: { frames, tokens: ['B', ctx.video, ctx.dim] },
    audioCondition: { wave: ['B', clipSamples], tokens: ['B', ctx.audio, ctx.dim] },
    denoiser: { latent: lat, t: ['B'], context: ['B', ctx.video + ctx.audio, ctx.dim], eps: lat },
    decoder: { latent: lat },
    vocoder: { wave: ['B', clipSamples] },
    avsimVideo: { frames },
    avsimAudio: { wave: ['B', clipSamples] },
    ...(mo ? { motionTiming: { frames: ['B', mo.frames, mo.height, mo.width], onsets: ['B', envelope] } } : {}),
  };
}

function compareShape(file: string, what: string, want: (number | string)[], meta: TensorMeta): void {
  if (!meta.shape) return; // ORT gave no shape: the names check is all we can do
  if (meta.shape.length !== want.length) {
    throw bad(file, `${what} has rank ${meta.shape.length} [${meta.shape.join(',')}], the manifest expects rank ${want.length} [${want.join(',')}]`);
  }
  want.forEach((w, i) => {
    const got = meta.shape![i];
    if (typeof w === 'number' && typeof got === 'number' && got !== w) {
      throw bad(file, `${what} dimension ${i} is ${got}, the manifest expects ${w} ([${meta.shape!.join(',')}] vs [${want.join(',')}])`);
    }
  });
}

function checkGraph(key: GraphKey, session: GraphSession, m: Manifest, clipSamples: number): GraphIo {
  const spec = m.graphs[key];
  const file = session.file;
  const real = { inputs: new Map(session.inputs.map((t) => [t.name, t])), outputs: new Map(session.outputs.map((t) => [t.name, t])) };
  const expected = expectedShapes(m, clipSamples)[key] ?? {};
  for (const side of ['inputs', 'outputs'] as const) {
    const declared = new Set<string>();
    for (const [k, shapeSpec] of Object.entries(spec[side])) {
      const { name, optional } = ioName(k);
      declared.add(name);
      const meta = real[side].get(name);
      if (!meta) {
        if (optional) continue;
        throw bad(file, `graph ${key} has no ${side.slice(0, -1)} "${name}" (the manifest declares it); its ${side} are: ${[...real[side].keys()].join(', ')}`);
      }
      const declaredShape = parseShape(shapeSpec);
      if (declaredShape) compareShape(file, `${side.slice(0, -1)} "${name}"`, declaredShape, meta);
      const want = expected[name];
      if (want) compareShape(file, `${side.slice(0, -1)} "${name}"`, want, meta);
    }
    if (side === 'inputs') {
      const extra = [...real.inputs.keys()].filter((n) => !declared.has(n));
      if (extra.length) throw bad(file, `graph ${key} takes input(s) ${extra.join(', ')} that the manifest does not declare`);
    }
  }
  return { inputs: new Set(real.inputs.keys()), outputs: new Set(real.outputs.keys()) };
}

export interface LoadOptions {
  /** Folder of the verified-hash cache (`<dataDir>/cache`); without it every graph is hashed. */
  readonly cacheDir?: string;
  /** Graphs whose sessions are opened and checked now; the rest open on first use (`openGraph`). Default: all. */
  readonly open?: readonly GraphKey[];
  /** Called once the manifest and hashes are verified, before any session opens (work that can run beside them). */
  readonly onVerified?: (bundle: Bundle) => void;
}

/** What a load cost, stage by stage (the `--json` start-up timings). */
export interface LoadReport {
  readonly verifySec: number;
  /** Graph files read in full to hash them; the rest came from the cache. */
  readonly hashed: number;
  readonly openSec: number;
  readonly opened: readonly GraphKey[];
}

const since = (t0: number): number => (performance.now() - t0) / 1000;

/**
 * Full load: manifest, hashes of every graph (a broken bundle fails here, whatever the request), then the sessions
 * of `o.open` (cached in `backend`, so the first run reuses them) and their I/O check.
 */
export async function loadBundleReport(dir: string, backend: Backend, o: LoadOptions = {}): Promise<{ bundle: Bundle; report: LoadReport }> {
  const abs = path.resolve(dir);
  const manifest = readManifest(abs);
  const io: Partial<Record<GraphKey, GraphIo>> = {};
  const bundle = makeBundle(abs, manifest, io);
  const tv = performance.now();
  const cache = new HashCache(o.cacheDir ?? null);
  await checkHashes(bundle, cache);
  await cache.save();
  const verifySec = since(tv);
  checkConditions(bundle);
  o.onVerified?.(bundle);
  const to = performance.now();
  const opened = usedGraphs(manifest).filter((k) => !o.open || o.open.includes(k));
  for (const key of opened) await openGraph(bundle, backend, key);
  return { bundle, report: { verifySec, hashed: cache.stats.hashed, openSec: since(to), opened } };
}

export async function loadBundle(dir: string, backend: Backend, o: LoadOptions = {}): Promise<Bundle> {
  return (await loadBundleReport(dir, backend, o)).bundle;
}

/** A graph's session, its I/O checked against the manifest the first time (recorded in `bundle.io`). */
export async function openGraph(bundle: Bundle, backend: Backend, key: GraphKey): Promise<GraphSession> {
  const session = await backend.open(bundle.graphPath(key));
  if (!bundle.io[key]) bundle.io[key] = checkGraph(key, session, bundle.manifest, bundle.clipSamples);
  return session;
}

/**
 * The bundle's timing head: the motion timing graph where the bundle has one (it replaces the video encoder's
 * onsets, inference/timing.ts), else the encoder's `onsets` output; and a denoiser that takes `onsetEnvelope`.
 */
export function hasTimingHead(b: Bundle): boolean {
  const head = hasMotionTiming(b) || !!b.io.videoEncoder?.outputs.has('onsets');
  return head && !!b.io.denoiser?.inputs.has('onsetEnvelope');
}

/** The motion timing graph (issue 16) is the timing head: present in the manifest (its I/O is checked when opened). */
export function hasMotionTiming(b: Bundle): boolean {
  return b.has('motionTiming') && !!b.manifest.motion;
}

export function denoiserTakesEnvelope(b: Bundle): boolean {
  return !!b.io.denoiser?.inputs.has('onsetEnvelope');
}
