import { useEffect, useMemo } from 'react';
import type { A2sClient } from '../transport/types';
import { useObservable } from '../state/observable';
import { AdaptDialog } from '../views/chrome/AdaptDialog';
import { HelpOverlay } from '../views/chrome/HelpOverlay';
import { JobsPanel } from '../views/chrome/JobsPanel';
import { ProjectDialogs } from '../views/chrome/ProjectDialogs';
import { StatusBar } from '../views/chrome/StatusBar';
import { Toasts } from '../views/chrome/Toasts';
import { TopBar } from '../views/chrome/TopBar';
import { Inspector } from '../views/inspector/Inspector';
import { LibraryPanel } from '../views/library/LibraryPanel';
import { Timeline } from '../views/timeline/Timeline';
import { VideoViewer } from '../views/video/VideoViewer';
import { refreshRecent, startAutosave } from './actions/project';
import { Editor, EditorContext, useEditor } from './editor';
import { handleKey } from './shortcuts';
import { useAppCommands } from './useAppCommands';

/**
 * The editor window: picture and playback bar top left, the arrangement below, inspector and library on the right,
 * jobs under the arrangement, status at the bottom (REAPER's layout with a BaseHead-like library).
 */
export function App({ client }: { client: A2sClient }) {
  const editor = useMemo(() => new Editor(client), [client]);
  useEffect(() => () => editor.dispose(), [editor]);
  useEffect(() => {
    (window as unknown as { __a2sEditor: Editor }).__a2sEditor = editor; // for end-to-end tests and the console
    editor.fetchBundle().catch((err: unknown) => editor.toasts.error(err, 'model bundle'));
    // Asking for the library's size opens it, which starts the first-run starter import: list the engine's jobs after.
    const adoptJobs = () => editor.api.typed('job:list', {}).then((r) => editor.jobs.adopt(r.jobs), () => undefined);
    editor.api.librarySize().then((n) => editor.librarySize.set(n), () => editor.librarySize.set(null)).finally(() => void adoptJobs());
    void refreshRecent(editor);
    const stopAutosave = startAutosave(editor);
    const onKey = (ev: KeyboardEvent) => {
      if (handleKey(editor, ev)) ev.preventDefault();
    };
    const onUnload = (ev: BeforeUnloadEvent) => {
      if (editor.store.getState().dirty && editor.project.get().path) ev.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      stopAutosave();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, [editor]);
  return (
    <EditorContext.Provider value={editor}>
      <Shell />
    </EditorContext.Provider>
  );
}

function Shell() {
  useAppCommands();
  return (
    <div className="app" data-testid="app-shell">
      <TopBar />
      <div className="main">
        <div className="left">
          <VideoViewer />
          <Timeline />
          {/* Under the timeline, not the whole width: the inspector and library keep the column's full height. */}
          <JobsPanel />
        </div>
        <div className="right">
          <Inspector />
          <LibraryPanel />
        </div>
      </div>
      <StatusBar />
      <Toasts />
      <ProjectDialogs />
      <AdaptDialog />
      <Help />
    </div>
  );
}

function Help() {
  const e = useEditor();
  const { dialog } = useObservable(e.view);
  return dialog === 'help' ? <HelpOverlay onClose={() => e.view.update((v) => ({ ...v, dialog: null }))} /> : null;
}

