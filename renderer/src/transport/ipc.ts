import { eventListeners } from './listeners';
import { RequestError, type A2sClient, type PreloadBridge } from './types';

/** Electron mode: preload's `window.a2s` bridge, which forwards to ipcRenderer.invoke. */
export function ipcClient(bridge: PreloadBridge): A2sClient {
  const events = eventListeners();
  bridge.on((event, payload) => events.emit(event, payload));
  return {
    transport: 'ipc',
    async invoke(channel, payload) {
      const res = await bridge.invoke(channel, payload);
      if (!res.ok) throw new RequestError(res.error ?? { code: 'internal', message: 'no error detail' });
      return res.result as never;
    },
    on: events.on,
  };
}
