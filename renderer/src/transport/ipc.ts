import { RequestError, type A2sClient, type PreloadBridge } from './types';

/** Electron mode: preload's `window.a2s` bridge, which forwards to ipcRenderer.invoke. */
export function ipcClient(bridge: PreloadBridge): A2sClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  bridge.on((event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  });
  return {
    transport: 'ipc',
    async invoke(channel, payload) {
      const res = await bridge.invoke(channel, payload);
      if (!res.ok) throw new RequestError(res.error ?? { code: 'internal', message: 'no error detail' });
      return res.result as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
