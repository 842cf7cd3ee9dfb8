import type { EngineServices, HandlerRegistry } from '../core/registry';
import { prepareAdapt, runAdapt } from '../adapt';

/** `adapt:start`: the base, the name and the target are checked before the job starts (a refusal is the answer, not a failed job). */
export function registerAdaptHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.register('adapt:start', (req) => {
    const pre = prepareAdapt(req, services.dataDir);
    const { jobId } = services.jobs.start('adapt', `adapt ${req.name}`, (ctx) => runAdapt(req, pre, ctx));
    return { jobId };
  });
}
