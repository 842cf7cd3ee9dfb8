import type { HandlerRegistry } from '../core/registry';
import { APP_NAME } from '../version';

export function registerAppHandlers(registry: HandlerRegistry, version: string): void {
  registry.register('app:info', (_req, ctx) => ({
    name: APP_NAME,
    version,
    transport: ctx.transport,
    platform: process.platform,
    node: process.versions.node,
  }));
  registry.register('app:echo', (req) => ({ text: req.text.repeat(req.repeat) }));
}
