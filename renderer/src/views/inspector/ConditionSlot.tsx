import { useEffect, useState } from 'react';
import type { Span } from '../../../../main/contract/domains/project-doc';
import { conditionClipName } from '../../../../main/contract/condition-words';
import { dropOnSpan } from '../../app/actions/drop-file';
import { retrieveCondition } from '../../app/actions/generate';
import { LIBRARY_MIME } from '../../app/actions/library';
import { useEditor } from '../../app/editor';
import { setCondition } from '../../timeline/spans';

/**
 * The span's conditioning clip: a drop target for library clips and sound files from disk (imported first), filled by
 * "suggest" (retrieval, joint mode) or "clean" (lowest ambience); empty lets the engine choose at generation.
 */
export function ConditionSlot({ span }: { span: Span }) {
  const e = useEditor();
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const c = span.condition;
  const libraryId = c.source?.kind === 'library' ? c.source.clipId : undefined;
  const file = c.source && c.source.kind !== 'bundle' ? c.source.path : undefined;
  // The clip's measured bed and loudest moment: what decides how much background (and what hits) it carries.
  const [levels, setLevels] = useState<{ bed: number; peak: number | null } | null>(null);
  useEffect(() => {
    setLevels(null);
    if (libraryId === undefined) return;
    let live = true;
    e.api.typed('library:clip', { id: libraryId }).then((clip) => live && setLevels({ bed: clip.ambientDb, peak: clip.peakDb ?? null }), () => undefined);
    return () => {
      live = false;
    };
  }, [e, libraryId]);
  const run = (mode: 'joint' | 'clean') => {
    setBusy(true);
    retrieveCondition(e, span.id, mode).catch((err: unknown) => e.toasts.error(err, mode === 'clean' ? 'clean' : 'suggest')).finally(() => setBusy(false));
  };
  return (
    <div
      className={`cond-slot${over ? ' over' : ''}${c.source ? ' filled' : ''}`}
      data-testid="condition-slot"
      onDragOver={(ev) => {
        if (ev.dataTransfer.types.includes(LIBRARY_MIME) || ev.dataTransfer.types.includes('Files')) {
          ev.preventDefault();
          setOver(true);
        }
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(ev) => {
        ev.preventDefault();
        setOver(false);
        dropOnSpan(e, span.id, ev.dataTransfer);
      }}
    >
      <div className="cond-name" data-testid="condition-name">
        {c.source ? conditionClipName(c.source) : c.mode === 'clean' ? 'auto: cleanest relevant clip' : c.mode === 'joint' ? 'auto: retrieved for this shot' : 'drop a clip here'}
        <span>
          {levels && (
            <span className="dim" data-testid="condition-ambience" title="the condition clip's bed level and its loudest moment (dBFS): clean means a low bed and no strong events">
              bed {levels.bed.toFixed(0)} dB{levels.peak !== null ? ` · loudest ${levels.peak.toFixed(0)} dB` : ''}
            </span>
          )}
          {c.score !== undefined && <span className="score" title="retrieval score (AV-Sim cosine)">{c.score.toFixed(2)}</span>}
        </span>
      </div>
      <div className="cond-actions">
        <button disabled={busy} data-testid="suggest" onClick={() => run('joint')}>suggest</button>
        <button disabled={busy} onClick={() => run('clean')}>clean</button>
        {file !== undefined && <button title="Audition the condition against the picture" onClick={() => void e.mixer.audition(file, null)}>▶</button>}
        {c.source && <button title="Clear: let the engine choose" onClick={() => e.store.apply('clear condition', (d) => setCondition(d, span.id, { mode: c.mode === 'custom' ? 'joint' : c.mode, source: null }))}>×</button>}
      </div>
    </div>
  );
}
