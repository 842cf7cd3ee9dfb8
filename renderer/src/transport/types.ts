import type { ChannelName, EventName, EventPayloadOf, RequestOf, ResponseOf, WireError } from '../../../main/contract';
import type { BrowseRequestOf, BrowseResponseOf } from '../../../main/contract/domains/browse';
import type { UploadResult } from '../../../main/contract/domains/upload';

/** The typed API the renderer uses, whatever carries it (Electron IPC via preload, or the loopback WebSocket). */
export interface A2sClient {
  readonly transport: 'ipc' | 'websocket';
  invoke<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
  /** Browser mode only: one folder listed by the loopback server for the file picker (the desktop app has native dialogs). */
  listFolder?(payload: BrowseRequestOf<'browse:list'>): Promise<BrowseResponseOf<'browse:list'>>;
  /** Browser mode only: a dropped file (which has no path there) uploaded into the engine's imports folder. */
  upload?(file: File): Promise<UploadResult>;
}

/** A failed request, carrying the engine's typed error. */
export class RequestError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'RequestError';
  }
}

/** What preload exposes on `window.a2s` (untyped at the bridge; the client below narrows it). */
export interface PreloadBridge {
  invoke(channel: string, payload: unknown): Promise<{ ok: boolean; result?: unknown; error?: WireError }>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}
