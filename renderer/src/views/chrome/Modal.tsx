import type { ReactNode } from 'react';

/** A small modal card; Escape or the backdrop closes it. Keys typed inside never reach the editor's shortcuts. */
export function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId?: string }) {
  return (
    <div className="modal-backdrop" onPointerDown={(ev) => ev.target === ev.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label={title} data-testid={testId} onKeyDown={(ev) => {
        ev.stopPropagation();
        if (ev.key === 'Escape') onClose();
      }}>
        <header className="modal-title">{title}<button className="lib-act" onClick={onClose}>×</button></header>
        {children}
      </div>
    </div>
  );
}

/** A labelled path input with an optional native "Browse…" (desktop app only). */
export function PathField({ label, value, onChange, browse, testId, placeholder }: { label: string; value: string; onChange(v: string): void; browse?: () => Promise<string | null | 'unavailable'>; testId?: string; placeholder?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input data-testid={testId} value={value} placeholder={placeholder} onChange={(ev) => onChange(ev.target.value)} spellCheck={false} />
      {browse && (
        <button type="button" onClick={async () => {
          const p = await browse();
          if (p && p !== 'unavailable') onChange(p);
        }}>…</button>
      )}
    </label>
  );
}
