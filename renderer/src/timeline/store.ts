import type { ProjectDoc } from './doc';
import { createDoc } from './doc';
import { History } from './history';

export type Selection = { kind: 'span' | 'clip'; id: string } | null;

export interface EditorState {
  doc: ProjectDoc;
  selection: Selection;
  /** In/out points (I/O keys) in seconds; a span is made from them. */
  range: { in: number | null; out: number | null };
  undoLabel: string | null;
  redoLabel: string | null;
  /** True when the document differs from the last saved or opened one. */
  dirty: boolean;
}

/**
 * The editor's one source of truth: the project document (edited only through `apply`, so every change can be undone),
 * plus UI state that is not part of the document (selection, in/out). Framework-free; React reads it with
 * useSyncExternalStore.
 */
export class EditorStore {
  private state: EditorState;
  private readonly history = new History();
  private readonly listeners = new Set<() => void>();
  private saved: ProjectDoc;

  constructor(doc: ProjectDoc = createDoc('Untitled')) {
    this.saved = doc;
    this.state = { doc, selection: null, range: { in: null, out: null }, undoLabel: null, redoLabel: null, dirty: false };
  }

  getState = (): EditorState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Runs an edit; throws (and changes nothing) when the edit is refused. */
  apply(label: string, fn: (doc: ProjectDoc) => ProjectDoc, opts: { coalesce?: string } = {}): void {
    const before = this.state.doc;
    const after = fn(before);
    if (after === before) return;
    this.history.push({ label, before, after, coalesce: opts.coalesce, at: Date.now() });
    this.set({ doc: after, selection: this.validSelection(after, this.state.selection) });
  }

  undo(): string | null {
    const e = this.history.undo();
    if (e) this.set({ doc: e.before, selection: this.validSelection(e.before, this.state.selection) });
    return e?.label ?? null;
  }

  redo(): string | null {
    const e = this.history.redo();
    if (e) this.set({ doc: e.after, selection: this.validSelection(e.after, this.state.selection) });
    return e?.label ?? null;
  }

  /** Replaces the document (new/open): history starts over and the document counts as saved. */
  load(doc: ProjectDoc): void {
    this.history.clear();
    this.saved = doc;
    this.set({ doc, selection: null, range: { in: null, out: null } });
  }

  markSaved(doc: ProjectDoc = this.state.doc): void {
    this.saved = doc;
    this.set({});
  }

  select(selection: Selection): void {
    this.set({ selection });
  }

  setRange(range: Partial<EditorState['range']>): void {
    this.set({ range: { ...this.state.range, ...range } });
  }

  private validSelection(doc: ProjectDoc, sel: Selection): Selection {
    if (!sel) return null;
    const exists = sel.kind === 'span' ? doc.spans.some((s) => s.id === sel.id) : doc.clips.some((c) => c.id === sel.id);
    return exists ? sel : null;
  }

  private set(patch: Partial<EditorState>): void {
    const next = { ...this.state, ...patch };
    next.undoLabel = this.history.undoLabel;
    next.redoLabel = this.history.redoLabel;
    next.dirty = next.doc !== this.saved;
    this.state = next;
    for (const fn of this.listeners) fn();
  }
}
