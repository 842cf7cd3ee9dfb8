/**
 * The only module that imports onnxruntime-node (as transformers.js keeps one `backends/onnx.js`): execution-provider
 * choice, thread settings, the session cache and disposal. Everything else sees `GraphSession` and plain arrays.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Ort from 'onnxruntime-node';
import { EngineError } from '../core/errors';
import { currentThreads } from './threads';

let lib: typeof Ort | null = null;

/**
 * onnxruntime-node, loaded on first use: the engine thread and the CLI's main thread import this module (through
 * the inference index) but never open a session, and loading ORT's JS and native binding cost them ~45 ms of a
 * cold start (issue 20). Worker threads load it when they open their first graph, beside the span's frame decode.
 */
function ortLib(): typeof Ort {
  lib ??= createRequire(__filename)('onnxruntime-node') as typeof Ort;
  return lib;
}

export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'cpu';
const PREFERENCE: readonly ProviderName[] = ['cuda', 'dml', 'coreml', 'cpu'];

export interface BackendOptions {
  /** Force a provider (else env A2S_PROVIDER, else the first that works of cuda → dml → coreml → cpu). */
  provider?: ProviderName;
  /** ORT intra-op threads; default the cores free now (threads.ts; env A2S_THREADS overrides). */
  threads?: number;
  /**
   * Folder for graphs as ORT optimised them (`<dataDir>/cache/ort`), CPU provider only: the first open of a graph
   * version saves ORT's optimised graph there, later opens load it with optimisation off (the denoiser's open went
   * from 1.6 s to 0.5 s on a loaded 2-core machine). Without it every open optimises again.
   */
  optimizedCache?: string;
}

export interface TensorMeta {
  readonly name: string;
  /** Dimensions; strings are symbolic (dynamic), numbers fixed. Undefined when ORT gives no shape. */
  readonly shape?: readonly (number | string)[];
}

/** A float32 tensor: every graph output, and most inputs. */
export interface Feed {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** An int64 input (Silero VAD's sample rate `sr`); the graphs' outputs are float32 only. */
export interface Int64Feed {
  readonly data: BigInt64Array;
  readonly dims: readonly number[];
}

export type InputFeed = Feed | Int64Feed;

export interface GraphSession {
  readonly file: string;
  readonly provider: ProviderName;
  readonly inputs: readonly TensorMeta[];
  readonly outputs: readonly TensorMeta[];
  /** `optimized`: loaded from the optimised-graph cache; `graph`: the graph file, optimised while opening. */
  readonly loadedFrom: 'graph' | 'optimized';
  run(feeds: Record<string, InputFeed>): Promise<Record<string, Feed>>;
  dispose(): Promise<void>;
}

export function isProviderName(v: string): v is ProviderName {
  return (PREFERENCE as readonly string[]).includes(v);
}

/**
 * Whether a listed provider can actually load here: bundled ones can; CUDA ships separately
 * (ONNXRUNTIME_NODE_INSTALL=cuda12), so it counts only when its provider library sits next to the binding —
 * trying it otherwise costs a failed dlopen and an ORT error line per session.
 */
function usable(b: { name: string; bundled: boolean }): boolean {
  if (b.bundled) return true;
  try {
    const dir = path.join(path.dirname(require.resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch);
    return readdirSync(dir).some((f) => f.includes(`providers_${b.name}`));
  } catch {
    return false;
  }
}

/** Providers this onnxruntime-node install can try, in preference order (cpu always last). */
export function candidateProviders(forced?: ProviderName): ProviderName[] {
  if (forced) return [forced];
  const env = process.env.A2S_PROVIDER;
  if (env && isProviderName(env)) return [env];
  const usableNames = new Set<string>(ortLib().listSupportedBackends().filter(usable).map((b) => b.name));
  return PREFERENCE.filter((p) => p === 'cpu' || usableNames.has(p));
}

/** Intra-op threads when none are requested: the rule of threads.ts (A2S_THREADS, else the cores free now). */
export function defaultThreads(): number {
  return currentThreads().intraOp;
}

function metaOf(list: readonly Ort.InferenceSession.ValueMetadata[] | undefined, names: readonly string[]): TensorMeta[] {
  return names.map((name) => {
    const m = list?.find((x) => x.name === name);
    return m && m.isTensor ? { name, shape: m.shape } : { name };
  });
}

/** Out-of-memory in ORT surfaces as a plain error string; name it and say what to change. */
export function wrapRunError(err: unknown, file: string, batch: number): EngineError {
  const msg = err instanceof Error ? err.message : String(err);
  if (/alloc|out of memory|bad_alloc|oom/i.test(msg) || err instanceof RangeError) {
    return new EngineError('unavailable', `out of memory running ${file} with batch ${batch}: try fewer takes (--takes) or fewer threads (A2S_THREADS)`, { file, batch, cause: msg });
  }
  return new EngineError('internal', `${file}: inference failed: ${msg}`, { file, cause: msg });
}

class OrtGraphSession implements GraphSession {
  constructor(
    readonly file: string,
    readonly provider: ProviderName,
    private readonly session: Ort.InferenceSession,
    readonly loadedFrom: 'graph' | 'optimized',
  ) {}

  get inputs(): TensorMeta[] {
    return metaOf(this.session.inputMetadata, this.session.inputNames);
  }

  get outputs(): TensorMeta[] {
    return metaOf(this.session.outputMetadata, this.session.outputNames);
  }

  async run(feeds: Record<string, InputFeed>): Promise<Record<string, Feed>> {
    const tensors: Record<string, Ort.Tensor> = {};
    let batch = 0;
    for (const [name, f] of Object.entries(feeds)) {
      tensors[name] = f.data instanceof BigInt64Array ? new (ortLib().Tensor)('int64', f.data, [...f.dims]) : new (ortLib().Tensor)('float32', f.data, [...f.dims]);
      batch = f.dims[0] ?? batch;
    }
    let out: Ort.InferenceSession.ReturnType;
    try {
      out = await this.session.run(tensors);
    } catch (err) {
      throw wrapRunError(err, this.file, batch);
    }
    const result: Record<string, Feed> = {};
    for (const [name, t] of Object.entries(out)) {
      if (t.type !== 'float32') throw new EngineError('bad-input', `${this.file}: output "${name}" is ${t.type}, expected float32`, { file: this.file });
      result[name] = { data: t.data as Float32Array, dims: t.dims.map(Number) };
    }
    return result;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** Sessions created on this thread, per graph file, never reset: what a test or the bench reads to see where ONNX ran. */
const created = new Map<string, number>();

/** A copy of this thread's tally of created sessions (graph file → count). */
export function sessionsCreated(): Map<string, number> {
  return new Map(created);
}

/**
 * Opens sessions with the first provider that works and caches them per (file, threads, provider).
 * One Backend per owner (a worker, an embedder); `dispose()` releases every session it opened.
 */
export class Backend {
  private readonly cache = new Map<string, Promise<GraphSession>>();
  readonly threads: number;

  constructor(private readonly options: BackendOptions = {}) {
    this.threads = options.threads ?? defaultThreads();
  }

  /** Graph files this backend has sessions for (or is opening): what a request made it open. */
  openedFiles(): string[] {
    return [...this.cache.keys()].map((k) => k.split('|')[0]);
  }

  async open(file: string): Promise<GraphSession> {
    const key = `${file}|${this.threads}|${this.options.provider ?? ''}`;
    let s = this.cache.get(key);
    if (!s) {
      s = this.create(file);
      this.cache.set(key, s);
      s.catch(() => this.cache.delete(key)); // a failed open is retried next time (the file may be fixed)
    }
    return s;
  }

  private async create(file: string): Promise<GraphSession> {
    const errors: string[] = [];
    const spin = process.env.A2S_ORT_SPIN === '1' ? '1' : '0';
    for (const provider of candidateProviders(this.options.provider)) {
      const options: Ort.InferenceSession.SessionOptions = {
        executionProviders: [provider],
        intraOpNumThreads: this.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        // No busy-wait between ops unless A2S_ORT_SPIN=1: with other busy processes on few cores a spinning pool
        // loses its time slices (measured here: 2 threads 2.5× slower than 1 with spinning, on par without).
        extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
      };
      const cached = provider === 'cpu' && this.options.optimizedCache ? optimizedPath(this.options.optimizedCache, file) : null;
      try {
        const fromCache = cached ? await openOptimized(cached, options) : null;
        if (fromCache) {
          created.set(file, (created.get(file) ?? 0) + 1);
          return new OrtGraphSession(file, provider, fromCache, 'optimized');
        }
        const session = cached ? await createSaving(file, cached, options) : await ortLib().InferenceSession.create(file, options);
        created.set(file, (created.get(file) ?? 0) + 1);
        return new OrtGraphSession(file, provider, session, 'graph');
      } catch (err) {
        errors.push(`${provider}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    throw new EngineError('bad-input', `cannot open ONNX graph ${file}: ${errors.join('; ')}`, { file });
  }

  async dispose(): Promise<void> {
    const all = [...this.cache.values()];
    this.cache.clear();
    for (const s of all) {
      try {
        await (await s).dispose();
      } catch {
        /* failed opens have nothing to release */
      }
    }
  }
}

/**
 * Where the optimised form of `file` lives: keyed by the graph's version (path, size, mtime in ns, inode, device)
 * and by what shapes ORT's optimisation (ORT version, platform, CPU model: the saved graph may hold CPU-specific
 * layouts), so a changed graph, ORT or machine never loads a stale one.
 */
export function optimizedPath(dir: string, file: string): string | null {
  let st;
  try {
    st = statSync(file, { bigint: true });
  } catch {
    return null; // the open reports the missing file
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  const key = JSON.stringify([String(st.size), String(st.mtimeNs), String(st.ino), String(st.dev), ortLib().env.versions.node ?? ortLib().env.versions.common, process.platform, process.arch, cpu]);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 24);
  return path.join(dir, `${graphPrefix(file)}${hash}.onnx`);
}

/** `<name>-<hash of its path>-`: every optimised version of one graph file starts with it. */
function graphPrefix(file: string): string {
  return `${path.basename(file, '.onnx')}-${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 12)}-`;
}

/** Removes the other versions of `cached`'s graph (a replaced or updated graph's): the cache holds one per graph file. */
function removeOlderVersions(cached: string): void {
  const dir = path.dirname(cached);
  const name = path.basename(cached);
  const prefix = name.slice(0, name.length - '.onnx'.length - 24);
  try {
    for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f !== name && f.endsWith('.onnx')) removeQuietly(path.join(dir, f));
  } catch {
    /* nothing to tidy */
  }
}

/** Removes a file if it is there; a folder that cannot hold it (ENOTDIR, EACCES) has nothing to remove. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    /* nothing there to remove */
  }
}

/** The cached optimised graph, opened with optimisation off; null when there is none or it does not open (removed). */
async function openOptimized(cached: string, options: Ort.InferenceSession.SessionOptions): Promise<Ort.InferenceSession | null> {
  try {
    statSync(cached);
  } catch {
    return null;
  }
  try {
    return await ortLib().InferenceSession.create(cached, { ...options, graphOptimizationLevel: 'disabled' });
  } catch {
    removeQuietly(cached); // damaged or from another build: optimise from the graph again
    return null;
  }
}

/**
 * Opens the graph as usual and has ORT save what it optimised to a temporary name, renamed into place once the
 * session opened (a concurrent or killed open never leaves a half-written graph under the cached name). ORT warns
 * that the saved graph is CPU-specific; the key says so already, so that warning is not printed.
 */
async function createSaving(file: string, cached: string, options: Ort.InferenceSession.SessionOptions): Promise<Ort.InferenceSession> {
  const tmp = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  let session: Ort.InferenceSession;
  try {
    mkdirSync(path.dirname(cached), { recursive: true });
    session = await ortLib().InferenceSession.create(file, { ...options, optimizedModelFilePath: tmp, logSeverityLevel: 3 });
  } catch {
    removeQuietly(tmp);
    // An unwritable cache folder must not stop the graph opening: the ordinary way (its error, if any, is the graph's).
    return ortLib().InferenceSession.create(file, options);
  }
  try {
    renameSync(tmp, cached);
    removeOlderVersions(cached);
  } catch {
    removeQuietly(tmp);
  }
  return session;
}
