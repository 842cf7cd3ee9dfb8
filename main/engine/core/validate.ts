import type { z } from 'zod';
import { EngineError } from './errors';

/** Parse `value` with `schema`; on failure throw a `validation` error naming the first offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root = 'payload'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [root, ...(issue?.path ?? []).map(String)].join('.');
  const message = `${field}: ${issue?.message ?? 'invalid value'}`;
  throw new EngineError('validation', message, { issues: result.error.issues.slice(0, 5) }, field);
}
