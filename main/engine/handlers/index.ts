import type { EngineServices, HandlerRegistry } from '../core/registry';
import { registerAccessHandlers } from '../media-access/handlers';
import { registerAdaptHandlers } from './adapt';
import { registerAppHandlers } from './app';
import { registerExportHandlers } from './export';
import { registerGuideOnsetHandlers } from './guide-onsets';
import { registerInferenceHandlers } from './inference';
import { registerJobHandlers } from './jobs';
import { registerLibraryHandlers } from './library';
import { registerMediaHandlers } from './media';
import { registerProjectHandlers } from './project';

/** One line per domain: the map of what the engine answers. */
export function registerAllHandlers(registry: HandlerRegistry, services: EngineServices): void {
  registerAppHandlers(registry, services.version);
  registerJobHandlers(registry, services.jobs);
  registerMediaHandlers(registry, services);
  registerInferenceHandlers(registry, services);
  registerGuideOnsetHandlers(registry);
  registerLibraryHandlers(registry, services);
  registerProjectHandlers(registry, services);
  registerExportHandlers(registry, services);
  registerAccessHandlers(registry, services);
  registerAdaptHandlers(registry, services);
}
