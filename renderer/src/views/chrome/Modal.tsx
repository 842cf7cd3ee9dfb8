import { useContext, useEffect, type ReactNode } from 'react';
import { EditorContext } from '../../app/editor';

/** A small modal card; Escape or the backdrop closes it. Keys typed inside never reach the editor's shortcuts. */
export function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId?: string }) {
  // Escape closes it wherever the focus is (a help overlay opened from the keyboard has no focused field).
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onPointerDown={(ev) => ev.target === ev.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-label={title} data-testid={testId} onKeyDown={(ev) => {
        if (ev.key !== 'Escape') ev.stopPropagation();
      }}>
        <header className="modal-title">{title}<button className="lib-act" onClick={onClose}>×</button></header>
        {children}
      </div>
    </div>
  );
}

/** A path input; "…" opens the native dialog where there is one (the desktop app), browser mode has none to offer. */
export function PathField({ label, value, onChange, browse, testId, placeholder }: { label: string; value: string; onChange(v: string): void; browse?: () => Promise<string | null | 'unavailable'>; testId?: string; placeholder?: string }) {
  // Optional context: the export dialog also mounts on its own (its tests, browser mode), where no native dialog exists.
  const native = useContext(EditorContext)?.client.transport === 'ipc';
  return (
    <label className="field">
      <span>{label}</span>
      <input data-testid={testId} value={value} placeholder={placeholder} onChange={(ev) => onChange(ev.target.value)} spellCheck={false} />
      {browse && native && (
        <button type="button" onClick={async () => {
          const p = await browse();
          if (p && p !== 'unavailable') onChange(p);
        }}>…</button>
      )}
    </label>
  );
}
