import type { EngineServices, HandlerRegistry } from '../core/registry';

/** Registers the `inference:*` handlers. */
export function registerInferenceHandlers(_registry: HandlerRegistry, _services: EngineServices): void {
  // filled in by the inference domain
}
