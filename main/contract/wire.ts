import { z } from 'zod';
import { WireError } from './errors';

/** Messages on the WebSocket transport (IPC carries the same request/response bodies natively). */
export const WireRequest = z.object({ id: z.number().int().nonnegative(), channel: z.string(), payload: z.unknown() });
export type WireRequest = z.infer<typeof WireRequest>;

export const WireResponse = z.union([
  z.object({ id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().nullable(), ok: z.literal(false), error: WireError }),
]);
export type WireResponse = z.infer<typeof WireResponse>;

export const WireEvent = z.object({ event: z.string(), payload: z.unknown() });
export type WireEvent = z.infer<typeof WireEvent>;

/** The IPC channel names Electron uses: requests go through `invoke`, events come back on one channel. */
export const IPC_EVENT_CHANNEL = 'a2s:event';
