import { z } from 'zod';

/** Every failure that crosses a transport has this shape, so the UI can show it and tests can match on `code`. */
export const ErrorCode = z.enum([
  'validation', // the payload did not match the channel's schema
  'unknown-channel',
  'unauthorized',
  'not-found',
  'bad-input', // a file or argument the user gave cannot be used
  'cancelled',
  'unavailable', // a component (ffmpeg, model, Electron) is missing here
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const WireError = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Dotted path of the offending field for validation errors, e.g. `payload.start`. */
  field: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type WireError = z.infer<typeof WireError>;
