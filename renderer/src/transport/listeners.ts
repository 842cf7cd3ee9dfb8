import type { A2sClient } from './types';

/**
 * Engine-event subscriptions, the same for every transport: `on` registers a listener per event name (and returns
 * its unsubscribe), `emit` delivers an event that arrived over the wire or the preload bridge.
 */
export function eventListeners(): { on: A2sClient['on']; emit(event: string, payload: unknown): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
  };
}
