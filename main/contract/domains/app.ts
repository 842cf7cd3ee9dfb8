import { z } from 'zod';
import { channel, event } from '../channel';

/** `app:*` — what the engine is and whether the transport works. */
export const appChannels = {
  'app:info': channel(
    z.object({}).strict(),
    z.object({
      name: z.string(),
      version: z.string(),
      transport: z.enum(['ipc', 'websocket', 'in-process']),
      platform: z.string(),
      node: z.string(),
    }),
  ),
  /** Round-trip used by the transport tests and the UI's connection check. */
  'app:echo': channel(
    z.object({ text: z.string().max(10_000), repeat: z.number().int().min(1).max(100).default(1) }).strict(),
    z.object({ text: z.string() }),
  ),
} as const;

export const appEvents = {
  'app:log': event(z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string() })),
} as const;
