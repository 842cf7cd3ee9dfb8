/**
 * A loaded bundle plus the backend that runs its graphs. One per (bundle dir, provider, threads) per process (the
 * worker keeps it warm between jobs); `closeRuntimes()` releases every session. Only the generation graphs (with
 * the motion timing graph where the bundle has one) open at load; AV-Sim and ablation graphs open on first use (a `low` or `none` generation never pays for them).
 */
import path from 'node:path';
import { Backend, type BackendOptions, type Feed, type ProviderName } from './backend';
import { loadBundleReport, openGraph, type Bundle, type LoadReport } from './bundle/load';
import { activeBundleInfo } from './bundle/registry';
import { REQUIRED_GRAPHS, type GraphKey } from './bundle/manifest';
import { currentThreads, type ThreadChoice } from './threads';

export interface RuntimeOptions extends BackendOptions {
  /** Verified-hash cache folder (`<dataDir>/cache`, bundle/hash-cache.ts). */
  readonly cacheDir?: string;
  /**
   * Called when THIS call opens the runtime, once the bundle is verified and before its graphs open (ORT opens
   * them synchronously, ~0.5 s cold): a request starts work there that runs beside them (video-stage.ts). Not
   * called for a runtime already open or being opened by another call.
   */
  readonly onVerified?: (bundle: Bundle, threading: ThreadChoice) => void;
}

export interface Runtime {
  readonly bundle: Bundle;
  readonly backend: Backend;
  /** Provider the denoiser session actually runs on. */
  readonly provider: ProviderName;
  /** Intra-op threads and rows per run, and why (threads.ts). */
  readonly threading: ThreadChoice;
  /** What opening this runtime cost (bundle verify, sessions). */
  readonly startup: LoadReport;
  run(key: GraphKey, feeds: Record<string, Feed>): Promise<Record<string, Feed>>;
}

/** Opened (and I/O-checked) at load: what every generation runs; motionTiming only where the bundle has it. */
const GENERATION_GRAPHS: readonly GraphKey[] = [...REQUIRED_GRAPHS, 'motionTiming'];

/** `<cacheDir>/ort`: graphs as ORT optimised them for this machine (backend.ts `optimizedCache`; env A2S_ORT_CACHE=off: none). */
export const OPTIMIZED_GRAPHS_DIR = 'ort';

const runtimes = new Map<string, Promise<Runtime>>();
const reported = new WeakSet<Runtime>();

export async function openRuntime(dir: string, options: RuntimeOptions = {}): Promise<Runtime> {
  const threading = currentThreads(options.threads);
  const key = `${path.resolve(dir)}|${options.provider ?? ''}|${threading.intraOp}`;
  let rt = runtimes.get(key);
  if (!rt) {
    const optimizedCache = options.cacheDir && process.env.A2S_ORT_CACHE !== 'off' ? path.join(options.cacheDir, OPTIMIZED_GRAPHS_DIR) : undefined;
    const backend = new Backend({ provider: options.provider, threads: threading.intraOp, optimizedCache });
    rt = (async (): Promise<Runtime> => {
      const onVerified = options.onVerified ? (b: Bundle): void => options.onVerified!(b, threading) : undefined;
      const { bundle, report } = await loadBundleReport(dir, backend, { cacheDir: options.cacheDir, open: GENERATION_GRAPHS, onVerified });
      const provider = (await backend.open(bundle.graphPath('denoiser'))).provider;
      return {
        bundle,
        backend,
        provider,
        threading,
        startup: report,
        run: async (graph, feeds) => (await openGraph(bundle, backend, graph)).run(feeds),
      };
    })();
    runtimes.set(key, rt);
    rt.catch(() => {
      runtimes.delete(key); // a broken bundle is re-checked next time (the user may fix it)
      void backend.dispose();
    });
  }
  return rt;
}

/** The runtime's start-up report the first time it is asked for, then null (a warm runtime cost nothing). */
export function takeStartup(rt: Runtime): LoadReport | null {
  if (reported.has(rt)) return null;
  reported.add(rt);
  return rt.startup;
}

export async function closeRuntimes(): Promise<void> {
  const all = [...runtimes.values()];
  runtimes.clear();
  for (const rt of all) {
    try {
      await (await rt).backend.dispose();
    } catch {
      /* never opened */
    }
  }
}

/** The active bundle (env A2S_BUNDLE → saved selection → `default` → first valid), fully verified and warm. */
export async function activeBundle(services: { readonly dataDir: string }): Promise<Bundle> {
  return (await openRuntime(activeBundleInfo(services.dataDir).dir, { cacheDir: path.join(services.dataDir, 'cache') })).bundle;
}
