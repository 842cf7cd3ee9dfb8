import type { EventName, EventPayloadOf } from '../../contract';

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fan-out of engine events to every transport (IPC window, WebSocket clients, CLI). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayloadOf<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
