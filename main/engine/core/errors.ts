import type { ErrorCode, WireError } from '../../contract/errors';

/** The one error type the engine throws on purpose; anything else becomes `internal` at the transport. */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export function toWireError(err: unknown): WireError {
  if (err instanceof EngineError) {
    return { code: err.code, message: err.message, field: err.field, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
