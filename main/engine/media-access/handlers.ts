import { EngineError } from '../core/errors';
import type { EngineServices, HandlerRegistry } from '../core/registry';
import { mediaAllowList, mediaUrl } from './index';

const DIALOG_CHANNELS = ['dialog:openVideo', 'dialog:openProject', 'dialog:saveProject', 'dialog:chooseFolder'] as const;

/**
 * `media:open` registers a file in the allow-list; `dialog:*` are native dialogs that only the Electron shell can
 * show (it answers them before the engine does), so here they say `unavailable` and the UI falls back to a path input.
 */
export function registerAccessHandlers(registry: HandlerRegistry, services: EngineServices): void {
  const list = mediaAllowList(services);
  registry.register('media:open', async (req, ctx) => {
    const { entry, bytes } = await list.register(req.path);
    return { id: entry.id, url: mediaUrl(entry.id, ctx.transport), mime: entry.mime, bytes };
  });
  for (const name of DIALOG_CHANNELS) {
    registry.register(name, () => {
      throw new EngineError('unavailable', `${name}: native file dialogs exist only in the desktop app; type or paste a path instead`);
    });
  }
}
