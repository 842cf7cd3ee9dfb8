import { useEffect, useRef, type ReactNode } from 'react';

/** Open modals, innermost last: Escape closes only the innermost (a file picker over the dialog that opened it). */
const open: object[] = [];

/** A small modal card; Escape or the backdrop closes it. Keys typed inside never reach the editor's shortcuts. */
export function Modal({ title, onClose, children, testId, wide }: { title: string; onClose(): void; children: ReactNode; testId?: string; wide?: boolean }) {
  const self = useRef({});
  // Escape closes it wherever the focus is (a help overlay opened from the keyboard has no focused field).
  useEffect(() => {
    const me = self.current;
    open.push(me);
    const onKey = (ev: KeyboardEvent) => {
      if (ev.key === 'Escape' && open[open.length - 1] === me) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      open.splice(open.indexOf(me), 1);
    };
  }, [onClose]);
  return (
    <div className="modal-backdrop" onPointerDown={(ev) => ev.target === ev.currentTarget && onClose()}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-label={title} data-testid={testId} onKeyDown={(ev) => {
        if (ev.key !== 'Escape') ev.stopPropagation();
      }}>
        <header className="modal-title">{title}<button className="lib-act" onClick={onClose}>×</button></header>
        {children}
      </div>
    </div>
  );
}

// PathField lives in its own file; dialogs that import it from here keep working.
export { PathField } from './PathField';
