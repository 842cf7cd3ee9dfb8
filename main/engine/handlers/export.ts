import type { EngineServices, HandlerRegistry } from '../core/registry';
import { assertNoOverwrite, prepareExport, runExport } from '../export';

/** Registers the `export:*` handlers. */
export function registerExportHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registry.register('export:check', async (req) => {
    const pre = await prepareExport(req);
    return { outputs: pre.outputs, existing: pre.existing };
  });
  registry.register('export:start', async (req) => {
    // Load and check for overwrites before starting, so "would overwrite" is the answer, not a failed job.
    const pre = await prepareExport(req);
    assertNoOverwrite(req, pre);
    const { jobId } = services.jobs.start('export', `export ${pre.doc.name}`, (ctx) => runExport(req, pre, ctx));
    return { jobId };
  });
}
