import { useEffect, useState } from 'react';
import type { LibraryClip } from '../../api/engine';
import { fetchSuggestions, suggestions } from '../../app/actions/generate';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { useObservable } from '../../state/observable';
import { usePeaks } from '../timeline/peaks';
import { Waveform } from '../timeline/Waveform';
import { FilePicker } from '../chrome/FilePicker';
import { LibraryRow } from './LibraryRow';

type Filter = 'all' | 'low' | 'high';

/**
 * The clip library (BaseHead-like): full-text search with an ambience filter, a waveform preview of the chosen clip,
 * and "suggested for this span" with retrieval scores when a span is selected. Every row is a drag source.
 */
export function LibraryPanel() {
  const e = useEditor();
  const { selection } = useEditorState();
  const sugg = useObservable(suggestions);
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [results, setResults] = useState<LibraryClip[]>([]);
  const [status, setStatus] = useState('');
  const [active, setActive] = useState<LibraryClip | null>(null);
  const [generation, setGeneration] = useState(0);
  const [importPath, setImportPath] = useState('');
  const [picking, setPicking] = useState(false);
  // The library changes under us (imports, the starter set, relinks): search again and update the size.
  useEffect(() => e.client.on('library:changed', (c) => {
    e.librarySize.set(c.clips);
    setGeneration((g) => g + 1);
  }), [e]);
  const importNow = () => {
    const paths = importPath.split(/\n|;/).map((p) => p.trim()).filter(Boolean);
    if (!paths.length) return;
    e.api.typed('library:import', { paths }).then((r) => {
      setImportPath('');
      return e.jobs.track(r.jobId, `${paths.length} path${paths.length > 1 ? 's' : ''}`, 'import');
    }).catch((err: unknown) => e.toasts.error(err, 'import'));
  };
  const peaks = usePeaks(e, active?.path ?? null);
  const spanId = selection?.kind === 'span' ? selection.id : null;
  const suggested = spanId ? (sugg.get(spanId) ?? null) : null;

  useEffect(() => {
    let live = true;
    const id = setTimeout(() => {
      e.api.search(query, { ...(filter !== 'all' ? { ambient: filter } : {}), k: 200 }).then(
        (r) => live && (setResults(r), setStatus(`${r.length} clip${r.length === 1 ? '' : 's'}`)),
        (err: unknown) => live && setStatus(err instanceof Error ? err.message : String(err)),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [e, query, filter, generation]);

  return (
    <section className="library" data-testid="library">
      <header className="panel-title">Library<span className="lib-status" data-testid="library-status" title={status}>{status}</span></header>
      <div className="lib-search">
        <input data-testid="library-search" placeholder="Search names and tags…" value={query} onChange={(ev) => setQuery(ev.target.value)} onKeyDown={(ev) => ev.stopPropagation()} />
        <div className="chips">
          {(['all', 'low', 'high'] as const).map((f) => (
            <button key={f} className={filter === f ? 'on' : ''} onClick={() => setFilter(f)}>{f === 'all' ? 'All' : f === 'low' ? 'Low ambience' : 'Ambience'}</button>
          ))}
        </div>
        <div className="lib-import">
          <input data-testid="library-import-path" placeholder="Import a file or folder: /path/to/sounds" value={importPath} onChange={(ev) => setImportPath(ev.target.value)} onKeyDown={(ev) => {
            ev.stopPropagation();
            if (ev.key === 'Enter') importNow();
          }} />
          {e.client.listFolder && <button data-testid="library-import-browse" title="Browse…" onClick={() => setPicking(true)}>…</button>}
          <button data-testid="library-import" disabled={!importPath.trim()} onClick={importNow}>Import</button>
        </div>
      </div>
      {picking && e.client.listFolder && <FilePicker mode="audio-or-folder" value={importPath} list={e.client.listFolder} onClose={() => setPicking(false)} onPick={(p) => {
        setPicking(false);
        setImportPath(p);
      }} />}
      {spanId && (
        <div className="lib-suggest">
          <div className="sub-title">
            Suggested for this span
            <button onClick={() => fetchSuggestions(e, spanId, 'joint').catch((err: unknown) => e.toasts.error(err, 'suggest'))}>suggest</button>
            <button onClick={() => fetchSuggestions(e, spanId, 'clean').catch((err: unknown) => e.toasts.error(err, 'clean'))}>clean</button>
          </div>
          {suggested?.map((c) => <LibraryRow key={`s${c.id}`} clip={c} active={active?.id === c.id} onActivate={() => setActive(c)} showScore />)}
          {suggested && suggested.length === 0 && <div className="dim">nothing relevant in the library</div>}
          {!suggested && <div className="dim hint">suggest ranks the library for this shot (AV-Sim); clean picks a relevant clip with a low bed and no strong events</div>}
        </div>
      )}
      {spanId && <div className="sub-title lib-sub">All clips</div>}
      <div className="lib-list" data-testid="library-list">
        {results.map((c) => <LibraryRow key={c.id} clip={c} active={active?.id === c.id} onActivate={() => setActive(c)} showScore={false} />)}
      </div>
      {/* Only while a clip is chosen: at 1280×720 its 44 px are the clip list's second row (the count is in the title). */}
      {active && (
        <footer className="lib-preview" data-testid="library-preview">
          <Waveform peaks={peaks} t0={0} pps={peaks ? 300 / Math.max(0.1, peaks.min.length / peaks.perSecond) : 100} width={300} height={36} clipStart={0} offset={0} loopHop={null} color="#5ac8b8" />
        </footer>
      )}
    </section>
  );
}
