import { RequestError } from '../transport/types';
import { Observable } from './observable';

export interface Toast {
  id: number;
  level: 'error' | 'info';
  message: string;
  details?: string;
}

/** Non-blocking notices: errors stay until dismissed (their details can be opened), info fades after a few seconds. */
export class Toasts extends Observable<Toast[]> {
  private next = 1;

  constructor() {
    super([]);
  }

  info(message: string): void {
    const id = this.next++;
    this.update((xs) => [...xs.slice(-4), { id, level: 'info', message }]);
    setTimeout(() => this.dismiss(id), 4000);
  }

  error(err: unknown, context?: string): void {
    // A job the user cancelled is not an error: a short notice is enough.
    const code = err instanceof RequestError ? err.wire.code : (err as { code?: unknown } | null)?.code;
    if (code === 'cancelled') {
      this.info(context ? `${context}: cancelled` : 'cancelled');
      return;
    }
    const id = this.next++;
    const { message, details } = describe(err);
    this.update((xs) => [...xs.slice(-4), { id, level: 'error', message: context ? `${context}: ${message}` : message, details }]);
  }

  dismiss(id: number): void {
    this.update((xs) => xs.filter((t) => t.id !== id));
  }
}

function describe(err: unknown): { message: string; details?: string } {
  if (err instanceof RequestError) {
    const d = [`code: ${err.wire.code}`, err.wire.field ? `field: ${err.wire.field}` : '', err.wire.details ? JSON.stringify(err.wire.details, null, 1) : ''];
    return { message: err.message, details: d.filter(Boolean).join('\n') };
  }
  if (err instanceof Error) return { message: err.message, details: err.stack };
  return { message: String(err) };
}
