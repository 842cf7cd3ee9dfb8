import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channels, events, type ChannelName, type EventName, type EventPayloadOf } from '../contract';
import { IPC_EVENT_CHANNEL } from '../contract/wire';
import { EngineError, toWireError } from '../engine/core/errors';
import { parseOrThrow } from '../engine/core/validate';
import type { Engine, EngineResult } from '../engine/host';

/** A channel the shell answers itself (native dialogs): gets the parsed request, returns the raw response. */
export type ShellHandler = (request: unknown, event: IpcMainInvokeEvent) => Promise<unknown>;
export type ShellHandlers = Partial<Record<ChannelName, ShellHandler>>;

const UNTRUSTED: EngineResult = { ok: false, error: { code: 'unauthorized', message: 'request from an untrusted frame' } };

/** Channels grouped by domain (`library:search` → `library`), so the wiring reads as one registration per domain. */
export function channelsByDomain(): Map<string, ChannelName[]> {
  const byDomain = new Map<string, ChannelName[]>();
  for (const name of Object.keys(channels) as ChannelName[]) {
    const domain = name.slice(0, name.indexOf(':'));
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), name]);
  }
  return byDomain;
}

/**
 * One `ipcMain.handle` per contract channel, registered domain by domain. Each call first checks the sender frame,
 * then either the engine answers (it validates request and response against the contract) or, for channels only
 * the shell can answer, the shell handler runs between the same two validations. Nothing ever throws to the renderer.
 */
export function registerIpc(ipcMain: IpcMain, engine: Engine, isTrusted: (event: IpcMainInvokeEvent) => boolean, shellHandlers: ShellHandlers = {}): void {
  for (const names of channelsByDomain().values()) {
    for (const name of names) {
      const own = shellHandlers[name];
      ipcMain.handle(name, async (event, payload: unknown): Promise<EngineResult> => {
        if (!isTrusted(event)) return UNTRUSTED;
        if (!own) return engine.handle(name, payload, { transport: 'ipc', clientId: `wc-${event.sender.id}` });
        try {
          const request = parseOrThrow(channels[name].request, payload);
          return { ok: true, result: parseOrThrow(channels[name].response, await own(request, event), 'result') };
        } catch (err) {
          return { ok: false, error: toWireError(err) };
        }
      });
    }
  }
}

/** Sends one contract event to one window (menu commands go to the focused window only). */
export function sendEvent<E extends EventName>(contents: WebContents, name: E, payload: EventPayloadOf<E>): void {
  const checked = events[name].payload.safeParse(payload);
  if (!checked.success) throw new EngineError('internal', `event ${name} has an invalid payload`);
  if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event: name, payload: checked.data });
}

/** Forwards engine events to a window for as long as it lives. */
export function forwardEvents(engine: Engine, contents: WebContents): void {
  const unsubscribe = engine.events.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, payload });
  });
  contents.once('destroyed', unsubscribe);
}
