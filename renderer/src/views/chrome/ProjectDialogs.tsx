import { useState } from 'react';
import { newProject, openProject, openVideo, relink, saveAs } from '../../app/actions/project';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { ExportDialog } from '../../export/ExportDialog';
import { Modal } from './Modal';
import { PathField } from './PathField';

/** New / open / save-as / relink, as path forms; "…" fills them (native dialogs in the desktop app, the file picker in browser mode). */
export function ProjectDialogs() {
  const e = useEditor();
  const { dialog } = useObservable(e.view);
  // Close only the dialog that asked: an action may have opened another one meanwhile (open → relink).
  const close = () => e.view.update((v) => (v.dialog === dialog ? { ...v, dialog: null } : v));
  if (dialog === 'new') return <NewDialog close={close} />;
  if (dialog === 'open') return <OpenDialog close={close} />;
  if (dialog === 'saveAs') return <SaveAsDialog close={close} />;
  if (dialog === 'relink') return <RelinkDialog close={close} />;
  if (dialog === 'export' && e.project.get().path) return <ExportDialog client={e.client} projectPath={e.project.get().path!} onClose={close} />;
  return null;
}

function useRun(close: () => void): [boolean, (fn: () => Promise<unknown>, what: string) => void] {
  const e = useEditor();
  const [busy, setBusy] = useState(false);
  return [busy, (fn, what) => {
    setBusy(true);
    fn().then(close, (err: unknown) => e.toasts.error(err, what)).finally(() => setBusy(false));
  }];
}

function NewDialog({ close }: { close(): void }) {
  const e = useEditor();
  const [dir, setDir] = useState(localStorage.getItem('a2s.lastDir') ?? '');
  const [name, setName] = useState('');
  const [video, setVideo] = useState('');
  const [busy, run] = useRun(close);
  const ok = dir.trim() && name.trim();
  return (
    <Modal title="New project" onClose={close} testId="new-dialog">
      <PathField label="Video" value={video} onChange={setVideo} testId="new-video" placeholder="/path/to/shot.mp4" pick="video" />
      <PathField label="Folder" value={dir} onChange={setDir} testId="new-dir" placeholder="/path/to/projects" pick="folder" />
      <PathField label="Name" value={name} onChange={setName} testId="new-name" placeholder="kitchen-scene" />
      <div className="modal-actions">
        <button onClick={close}>Cancel</button>
        <button className="accent" data-testid="new-create" disabled={!ok || busy} onClick={() => run(async () => {
          localStorage.setItem('a2s.lastDir', dir.trim());
          await newProject(e, { dir: dir.trim(), name: name.trim(), ...(video.trim() ? { video: video.trim() } : {}) });
        }, 'new project')}>{busy ? 'Creating…' : 'Create'}</button>
      </div>
      <div className="modal-actions left">
        <button disabled={!video.trim() || busy} title="Open the video without a project folder yet (save later)" onClick={() => run(() => openVideo(e, video.trim()), 'open video')}>Just open the video</button>
      </div>
    </Modal>
  );
}

function OpenDialog({ close }: { close(): void }) {
  const e = useEditor();
  const { recent } = useObservable(e.project);
  const [path, setPath] = useState('');
  const [busy, run] = useRun(close);
  return (
    <Modal title="Open project" onClose={close} testId="open-dialog">
      <PathField label="Project" value={path} onChange={setPath} testId="open-path" placeholder="/path/to/NAME.a2s" pick="project" />
      {recent.length > 0 && <div className="sub-title">Recent</div>}
      <div className="recent">
        {recent.map((r) => (
          <button key={r.path} className="recent-item" data-testid="recent-item" onClick={() => run(() => openProject(e, r.path), 'open project')}>
            <b>{r.name}</b> <span className="dim">{r.path}</span>
          </button>
        ))}
      </div>
      <div className="modal-actions">
        <button onClick={close}>Cancel</button>
        <button className="accent" data-testid="open-go" disabled={!path.trim() || busy} onClick={() => run(() => openProject(e, path.trim()), 'open project')}>Open</button>
      </div>
    </Modal>
  );
}

function SaveAsDialog({ close }: { close(): void }) {
  const e = useEditor();
  const [target, setTarget] = useState(e.project.get().path ?? `${localStorage.getItem('a2s.lastDir') ?? ''}/${e.store.getState().doc.name}.a2s`);
  const [busy, run] = useRun(close);
  return (
    <Modal title="Save project as" onClose={close} testId="saveas-dialog">
      <PathField label="Save as" value={target} onChange={setTarget} testId="saveas-path" placeholder="/path/to/NAME.a2s" pick="save-project" />
      <div className="modal-actions">
        <button onClick={close}>Cancel</button>
        <button className="accent" data-testid="saveas-go" disabled={!target.trim() || busy} onClick={() => run(() => saveAs(e, target.trim()), 'save as')}>Save</button>
      </div>
    </Modal>
  );
}

function RelinkDialog({ close }: { close(): void }) {
  const e = useEditor();
  const { missing } = useObservable(e.project);
  const [folder, setFolder] = useState('');
  const [busy, run] = useRun(close);
  return (
    <Modal title="Missing media" onClose={close} testId="relink-dialog">
      <p className="dim">These files are not where the project says. Point to a folder to search (by content hash, else by name).</p>
      <ul className="missing">
        {missing.map((m) => <li key={m.path}><span className="tag">{m.kind}</span> <span className="mono">{m.path}</span> <span className="dim">{m.where.length} use{m.where.length > 1 ? 's' : ''}</span></li>)}
      </ul>
      <PathField label="Search in" value={folder} onChange={setFolder} testId="relink-folder" pick="folder" />
      <div className="modal-actions">
        <button onClick={close}>Later</button>
        <button className="accent" disabled={!folder.trim() || busy} onClick={() => run(async () => {
          const n = await relink(e, folder.trim());
          e.toasts.info(`relinked ${n} file${n === 1 ? '' : 's'}`);
        }, 'relink')}>Relink</button>
      </div>
    </Modal>
  );
}
