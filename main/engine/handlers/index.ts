import type { EngineServices, HandlerRegistry } from '../core/registry';
import { registerAppHandlers } from './app';

/** One line per domain: the map of what the engine answers. */
export function registerAllHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registerAppHandlers(registry, services.version);
}
