import type { ProjectDoc } from './doc';

/**
 * Undo/redo as a stack of applied commands. Each entry keeps the document before and after (documents are immutable
 * and share structure, so a snapshot costs only the changed path). Continuous gestures (a fader drag, a trim) pass a
 * `coalesce` key and become one entry.
 */
export interface HistoryEntry {
  label: string;
  before: ProjectDoc;
  after: ProjectDoc;
  coalesce?: string;
  at: number;
}

export class History {
  private past: HistoryEntry[] = [];
  private future: HistoryEntry[] = [];

  constructor(private readonly limit = 500) {}

  push(entry: HistoryEntry): void {
    const last = this.past.at(-1);
    if (entry.coalesce && last?.coalesce === entry.coalesce && entry.at - last.at < 1500) {
      this.past[this.past.length - 1] = { ...last, after: entry.after, at: entry.at };
    } else {
      this.past.push(entry);
      if (this.past.length > this.limit) this.past.shift();
    }
    this.future = [];
  }

  /** The document to return to, or null when there is nothing to undo. */
  undo(): HistoryEntry | null {
    const e = this.past.pop();
    if (!e) return null;
    this.future.push(e);
    return e;
  }

  redo(): HistoryEntry | null {
    const e = this.future.pop();
    if (!e) return null;
    this.past.push(e);
    return e;
  }

  clear(): void {
    this.past = [];
    this.future = [];
  }

  get undoLabel(): string | null {
    return this.past.at(-1)?.label ?? null;
  }

  get redoLabel(): string | null {
    return this.future.at(-1)?.label ?? null;
  }
}
