import { openExport, save } from '../../app/actions/project';
import { useEditor, type ViewState } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { useObservable } from '../../state/observable';

/** File actions, the project's name and state, undo/redo with what they will do, help. */
export function TopBar() {
  const e = useEditor();
  const { doc, dirty, undoLabel, redoLabel } = useEditorState();
  const { path } = useObservable(e.project);
  const open = (dialog: ViewState['dialog']) => e.view.update((v) => ({ ...v, dialog }));
  return (
    <header className="topbar">
      <span className="brand">A2S</span>
      <nav className="menu">
        <button data-testid="menu-new" title="New project (Ctrl+N)" onClick={() => open('new')}>New</button>
        <button data-testid="menu-open" title="Open project (Ctrl+O)" onClick={() => open('open')}>Open</button>
        <button data-testid="menu-save" title="Save (Ctrl+S)" onClick={() => save(e).catch((err: unknown) => e.toasts.error(err, 'save'))}>Save</button>
        <button data-testid="menu-saveas" title="Save as (Ctrl+Shift+S)" onClick={() => open('saveAs')}>Save as</button>
        <button data-testid="menu-adapt" title="Adapt to this project's footage: teach the timing head this shoot's hits from its production sound" onClick={() => open('adapt')}>Adapt…</button>
        <button data-testid="menu-export" title="Export stems, mix, video, REAPER/OTIO (Ctrl+E)" onClick={() => openExport(e).catch((err: unknown) => e.toasts.error(err, 'export'))}>Export</button>
      </nav>
      <span className="project-name" data-testid="project-name" title={path ?? 'not saved yet'}>
        {doc.name}{dirty ? ' •' : ''}<span className="dim"> {path ?? '(unsaved)'}</span>
      </span>
      <span className="grow" />
      <button className="undo-label" data-testid="undo" disabled={!undoLabel} title={`Undo ${undoLabel ?? ''} (Ctrl+Z)`} onClick={() => e.store.undo()}>↶ {undoLabel ?? 'undo'}</button>
      <button data-testid="redo" disabled={!redoLabel} title={`Redo ${redoLabel ?? ''} (Ctrl+Shift+Z)`} onClick={() => e.store.redo()}>↷</button>
      <button title="Shortcuts (?)" onClick={() => open('help')}>?</button>
    </header>
  );
}
