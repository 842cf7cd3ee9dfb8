import type { z } from 'zod';
import { accessChannels, accessEvents } from './domains/access';
import { adaptChannels, adaptEvents } from './domains/adapt';
import { appChannels, appEvents } from './domains/app';
import { exportChannels, exportEvents } from './domains/export';
import { inferenceChannels, inferenceEvents } from './domains/inference';
import { jobChannels, jobEvents } from './domains/jobs';
import { libraryChannels, libraryEvents } from './domains/library';
import { mediaChannels, mediaEvents } from './domains/media';
import { projectChannels, projectEvents } from './domains/project';

export * from './channel';
export * from './errors';

/**
 * Every channel of the product, by domain. Each domain owns its file under `domains/`; this table is what the
 * transports, the engine host and the typed client read.
 */
export const channels = {
  ...appChannels,
  ...jobChannels,
  ...mediaChannels,
  ...inferenceChannels,
  ...libraryChannels,
  ...projectChannels,
  ...exportChannels,
  ...accessChannels,
  ...adaptChannels,
} as const;

export const events = {
  ...appEvents,
  ...jobEvents,
  ...mediaEvents,
  ...inferenceEvents,
  ...libraryEvents,
  ...projectEvents,
  ...exportEvents,
  ...accessEvents,
  ...adaptEvents,
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
