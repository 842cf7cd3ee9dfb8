import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channels } from '../contract';
import { IPC_EVENT_CHANNEL } from '../contract/wire';
import type { Engine } from '../engine/host';

/**
 * One `ipcMain.handle` per contract channel. The sender must be one of our windows' main frames showing our
 * renderer; the payload is validated by the engine against the channel's schema.
 */
export function registerIpc(ipcMain: IpcMain, engine: Engine, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  for (const name of Object.keys(channels)) {
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'unauthorized', message: 'request from an untrusted frame' } };
      }
      return engine.handle(name, payload, { transport: 'ipc', clientId: `wc-${event.sender.id}` });
    });
  }
}

/** Forwards engine events to a window for as long as it lives. */
export function forwardEvents(engine: Engine, contents: WebContents): void {
  const unsubscribe = engine.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
  contents.once('destroyed', unsubscribe);
}
