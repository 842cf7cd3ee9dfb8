import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { BrowseEntry, BrowseRequestOf, BrowseResponseOf } from '../../../../main/contract/domains/browse';
import { baseName } from '../../api/paths';
import { Modal } from './Modal';
import { choosable, joinPath, pickedPath, PICK_TITLES, shown, startFolder, type PickMode } from './pick';
import './picker.css';

type Listing = BrowseResponseOf<'browse:list'>;
type List = (req: BrowseRequestOf<'browse:list'>) => Promise<Listing>;

const LAST_FOLDER = 'a2s.pickerFolder';
const ICONS: Record<BrowseEntry['kind'], string> = { folder: '▸', project: '◆', video: '▶', audio: '♪', file: '·' };

function sizeText(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  for (; v >= 1024 && i < units.length - 1; i++) v /= 1024;
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Browser mode's file picker: folders listed by the loopback server (`browse:list`: your home folder and the
 * `a2s serve --root` folders only). Opens where the field points (else the last folder used, else home); double-click
 * or Enter goes into a folder or picks; the answer is a path for the field, which the engine checks as if typed.
 */
export function FilePicker({ mode, value, list, onPick, onClose }: { mode: PickMode; value: string; list: List; onPick(path: string): void; onClose(): void }) {
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState(false);
  const [selected, setSelected] = useState<BrowseEntry | null>(null);
  const [name, setName] = useState(() => (mode === 'save-project' ? baseName(value).replace(/\.a2s$/, '') : ''));

  const show = (l: Listing) => {
    setListing(l);
    setSelected(null);
    setError(null);
    localStorage.setItem(LAST_FOLDER, l.path);
  };
  const go = (path: string | undefined, withHidden = hidden) => list({ ...(path ? { path } : {}), hidden: withHidden }).then(show, (err: unknown) => setError(messageOf(err)));
  useEffect(() => {
    const first = startFolder(mode, value) ?? localStorage.getItem(LAST_FOLDER) ?? undefined;
    // A start the server refuses (outside the roots, gone since) falls back to the home folder.
    list({ ...(first ? { path: first } : {}), hidden: false })
      .catch(() => list({ hidden: false }))
      .then(show, (err: unknown) => setError(messageOf(err)));
  }, []); // once, on opening: later moves go through `go`

  const entries = listing ? listing.entries.filter((e) => shown(mode, e)) : [];
  const others = listing ? listing.entries.length - entries.length : 0;
  const answer = listing ? pickedPath(mode, listing.path, selected, name) : null;
  const pick = (p: string | null) => {
    if (p) onPick(p);
  };
  // Folders open (a project folder too, unless a project is what is asked for); a file this field takes is picked.
  const open = (e: BrowseEntry) => {
    if (!listing) return;
    if (e.kind === 'folder' || (e.kind === 'project' && mode !== 'project')) void go(joinPath(listing.path, e.name));
    else if (choosable(mode, e)) pick(pickedPath(mode, listing.path, e, name));
  };

  return createPortal(
    <Modal title={PICK_TITLES[mode]} onClose={onClose} testId="file-picker" wide>
      <div className="picker-roots">
        {listing?.roots.map((r) => (
          <button key={r.path} data-testid="picker-root" title={r.path} onClick={() => void go(r.path)}>{r.label}</button>
        ))}
        <label className="picker-hidden"><input type="checkbox" data-testid="picker-hidden" checked={hidden} onChange={(ev) => {
          setHidden(ev.target.checked);
          void go(listing?.path, ev.target.checked);
        }} /> hidden files</label>
      </div>
      <div className="picker-where">
        <button data-testid="picker-up" disabled={!listing?.parent} title="Up one folder" onClick={() => listing?.parent && void go(listing.parent)}>↑</button>
        <span className="mono" data-testid="picker-path" title={listing?.path}>{listing?.path ?? '…'}</span>
      </div>
      {error && <div className="picker-error" data-testid="picker-error">{error}</div>}
      <div className="picker-list" data-testid="picker-list" tabIndex={0} onKeyDown={(ev) => {
        if (ev.key === 'Enter' && selected) open(selected);
        if (ev.key === 'Backspace' && listing?.parent) void go(listing.parent);
      }}>
        {entries.map((e) => (
          <button
            key={e.name}
            className={`picker-entry${selected?.name === e.name ? ' on' : ''}${choosable(mode, e) ? '' : ' dim'}`}
            data-testid="picker-entry"
            data-name={e.name}
            data-kind={e.kind}
            onClick={() => setSelected(e)}
            onDoubleClick={() => open(e)}
          >
            <span className="picker-icon">{ICONS[e.kind]}</span>
            <span className="picker-name">{e.name}</span>
            <span className="dim">{sizeText(e.size)}</span>
          </button>
        ))}
        {listing && entries.length === 0 && <div className="dim">nothing to pick here</div>}
      </div>
      <div className="dim picker-note">
        {others > 0 ? `${others} other file${others === 1 ? '' : 's'} not shown · ` : ''}
        {listing?.truncated ? 'only the first entries are listed · ' : ''}
        only your home folder and the folders given to a2s serve --root can be browsed
      </div>
      {mode === 'save-project' && (
        <label className="field"><span>Name</span><input data-testid="picker-name" value={name} onChange={(ev) => setName(ev.target.value)} placeholder="kitchen-scene" /></label>
      )}
      <div className="modal-actions">
        <span className="mono dim picker-answer" data-testid="picker-answer">{answer ?? ''}</span>
        <button onClick={onClose}>Cancel</button>
        <button className="accent" data-testid="picker-choose" disabled={!answer} onClick={() => pick(answer)}>{mode === 'folder' && !selected ? 'Choose this folder' : 'Choose'}</button>
      </div>
    </Modal>,
    document.body,
  );
}
