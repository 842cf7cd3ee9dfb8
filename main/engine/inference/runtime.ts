/**
 * A loaded bundle plus the backend that runs its graphs. One per (bundle dir, provider, threads) per process (the
 * worker keeps it warm between jobs); `closeRuntimes()` releases every session.
 */
import path from 'node:path';
import { Backend, defaultThreads, type BackendOptions, type Feed, type ProviderName } from './backend';
import { loadBundle, type Bundle } from './bundle/load';
import { activeBundleInfo } from './bundle/registry';
import type { GraphKey } from './bundle/manifest';

export interface Runtime {
  readonly bundle: Bundle;
  readonly backend: Backend;
  /** Provider the denoiser session actually runs on. */
  readonly provider: ProviderName;
  run(key: GraphKey, feeds: Record<string, Feed>): Promise<Record<string, Feed>>;
}

const runtimes = new Map<string, Promise<Runtime>>();

export async function openRuntime(dir: string, options: BackendOptions = {}): Promise<Runtime> {
  const key = `${path.resolve(dir)}|${options.provider ?? ''}|${options.threads ?? defaultThreads()}`;
  let rt = runtimes.get(key);
  if (!rt) {
    const backend = new Backend(options);
    rt = (async (): Promise<Runtime> => {
      const bundle = await loadBundle(dir, backend);
      const provider = (await backend.open(bundle.graphPath('denoiser'))).provider;
      return {
        bundle,
        backend,
        provider,
        run: async (graph, feeds) => (await backend.open(bundle.graphPath(graph))).run(feeds),
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
  return (await openRuntime(activeBundleInfo(services.dataDir).dir)).bundle;
}
