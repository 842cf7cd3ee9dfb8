import type { EngineServices, HandlerRegistry } from '../core/registry';

/** Registers the `export:*` handlers. */
export function registerExportHandlers(_registry: HandlerRegistry, _services: EngineServices): void {
  // filled in by the export domain
}
