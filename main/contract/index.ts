import type { z } from 'zod';
import { appChannels, appEvents } from './domains/app';

export * from './channel';
export * from './errors';

/**
 * Every channel of the product, by domain. Each domain adds its own file under `domains/` and one spread here;
 * the transports, the engine host and the typed client all read this single table.
 */
export const channels = {
  ...appChannels,
} as const;

export const events = {
  ...appEvents,
} as const;

export type ChannelName = keyof typeof channels;
export type EventName = keyof typeof events;
export type RequestOf<C extends ChannelName> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<(typeof channels)[C]['response']>;
export type EventPayloadOf<E extends EventName> = z.output<(typeof events)[E]['payload']>;

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(channels, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
