import type { HandlerRegistry } from '../core/registry';
import type { JobManager } from '../jobs/jobs';

export function registerJobHandlers(registry: HandlerRegistry, jobs: JobManager): void {
  registry.register('job:cancel', (req) => ({ cancelled: jobs.cancel(req.jobId) }));
  registry.register('job:list', () => ({ jobs: jobs.list() }));
}
