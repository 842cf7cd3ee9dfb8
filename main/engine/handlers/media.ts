import type { EngineServices, HandlerRegistry } from '../core/registry';

/** Registers the `media:*` handlers. */
export function registerMediaHandlers(_registry: HandlerRegistry, _services: EngineServices): void {
  // filled in by the media domain
}
