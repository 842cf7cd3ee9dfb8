import { useState } from 'react';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';

/** Non-blocking notices in a corner; an error keeps its details one click away. */
export function Toasts() {
  const e = useEditor();
  const toasts = useObservable(e.toasts);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.level}`} data-testid={`toast-${t.level}`}>
          <div className="toast-row">
            <span className="toast-msg">{t.message}</span>
            {t.details && <button className="lib-act" onClick={() => setOpen(open === t.id ? null : t.id)}>details</button>}
            <button className="lib-act" onClick={() => e.toasts.dismiss(t.id)}>×</button>
          </div>
          {open === t.id && <pre className="toast-details">{t.details}</pre>}
        </div>
      ))}
    </div>
  );
}
