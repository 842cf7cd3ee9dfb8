import type { EngineServices, HandlerRegistry } from '../core/registry';

/** Registers the `project:*` handlers. */
export function registerProjectHandlers(_registry: HandlerRegistry, _services: EngineServices): void {
  // filled in by the project domain
}
