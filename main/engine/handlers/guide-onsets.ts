import type { HandlerRegistry } from '../core/registry';
import { guideOnsets } from '../onsets';

/** `generate:guideOnsets`: the detector on the video's own sound, on the main thread (a span decodes in well under a second of CPU). */
export function registerGuideOnsetHandlers(registry: HandlerRegistry): void {
  registry.register('generate:guideOnsets', (req, ctx) => guideOnsets(req.video, req.start, req.end, req.sensitivity, ctx.signal));
}
