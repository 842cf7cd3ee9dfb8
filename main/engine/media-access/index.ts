import type { EngineServices } from '../core/registry';
import { MediaAllowList } from './allowlist';

export { MediaAllowList, type MediaEntry, type OpenedMedia } from './allowlist';
export { mediaReply, type MediaReply } from './serve';
export { planRange, type RangePlan } from './range';
export { MEDIA_EXTENSIONS } from './types';

// One allow-list per engine, keyed by its services object so EngineServices needs no new field and the list dies
// with the engine. The loopback server and the Electron protocol look it up the same way.
const lists = new WeakMap<EngineServices, MediaAllowList>();

export function mediaAllowList(services: EngineServices): MediaAllowList {
  let list = lists.get(services);
  if (!list) {
    list = new MediaAllowList();
    lists.set(services, list);
  }
  return list;
}

/** The URL a renderer uses for media `id`: a custom scheme inside Electron, a token-cookie path in browser mode. */
export function mediaUrl(id: string, transport: 'ipc' | 'websocket' | 'in-process'): string {
  return transport === 'ipc' ? `media://${id}` : `/media/${id}`;
}
