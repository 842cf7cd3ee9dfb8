import type { EngineServices, HandlerRegistry } from '../core/registry';

/** Registers the `library:*` handlers. */
export function registerLibraryHandlers(_registry: HandlerRegistry, _services: EngineServices): void {
  // filled in by the library domain
}
