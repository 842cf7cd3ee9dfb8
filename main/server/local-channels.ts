import { browseChannels, type BrowseChannelName } from '../contract/domains/browse';
import type { EngineResult } from '../engine/host';
import { toWireError } from '../engine/core/errors';
import { parseOrThrow } from '../engine/core/validate';
import { listFolder, type BrowseRoot } from './browse';

/** Channels the loopback server answers itself (browser mode's file picker), before the engine sees a request. */
export function isLocalChannel(name: string): name is BrowseChannelName {
  return Object.prototype.hasOwnProperty.call(browseChannels, name);
}

/** Validate → handler → validate, as the engine host does for its own channels; never throws. */
export async function handleLocal(name: BrowseChannelName, payload: unknown, roots: readonly BrowseRoot[]): Promise<EngineResult> {
  try {
    const def = browseChannels[name];
    const request = parseOrThrow(def.request, payload);
    const result = await listFolder(request, roots);
    return { ok: true, result: parseOrThrow(def.response, result, 'result') };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}
