import type { DragEvent } from 'react';
import type { Span } from '../../../../main/contract/domains/project-doc';
import { conditionClipName, MODE_LABELS } from '../../../../main/contract/condition-words';
import { dropOnSpan } from '../../app/actions/drop-file';
import { LIBRARY_MIME } from '../../app/actions/library';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { addOnset } from '../../timeline/onsets';
import { moveSpan, setSpanMix, trimSpan } from '../../timeline/spans';
import { FadeHandles } from './FadeHandles';
import { startDrag, tryEdit } from './drag';
import { OnsetMarkers } from './OnsetMarkers';

interface Props {
  span: Span;
  pps: number;
  height: number;
  selected: boolean;
}

/** A span on an action track: its active take's waveform, onset markers, trim handles; a drop target for conditions (library clips, sound files from disk). */
export function SpanBlock({ span, pps, height, selected }: Props) {
  const e = useEditor();
  const bundle = useObservable(e.bundle);
  const job = useObservable(e.jobs).find((j) => j.spanId === span.id && (j.state === 'running' || j.state === 'queued'));
  const take = span.takes.find((t) => t.id === span.activeTakeId) ?? null;
  const takeNo = take ? span.takes.indexOf(take) + 1 : 0;
  const onDrop = (ev: DragEvent) => {
    ev.preventDefault();
    ev.stopPropagation();
    dropOnSpan(e, span.id, ev.dataTransfer);
    e.store.select({ kind: 'span', id: span.id });
  };
  const cond = span.condition;
  return (
    <div
      className={`span${selected ? ' selected' : ''}${take ? '' : ' empty'}`}
      data-testid="span"
      data-span-id={span.id}
      style={{ left: span.start * pps, width: Math.max(2, (span.end - span.start) * pps), height }}
      onPointerDown={(ev) => {
        e.store.select({ kind: 'span', id: span.id });
        if (ev.altKey) {
          const t = span.start + (ev.clientX - ev.currentTarget.getBoundingClientRect().left) / pps;
          e.store.apply('add onset', (d) => addOnset(d, span.id, t));
          return;
        }
        startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('move span', (d) => moveSpan(d, span.id, span.start + dx / pps), { coalesce: key })));
      }}
      onDragOver={(ev) => {
        if (ev.dataTransfer.types.includes(LIBRARY_MIME) || ev.dataTransfer.types.includes('Files')) {
          ev.preventDefault();
          ev.dataTransfer.dropEffect = 'copy';
        }
      }}
      onDrop={onDrop}
    >
      <div className="span-label">
        {job ? `generating ${Math.round(job.fraction * 100)}% · ` : ''}
        {take ? `take ${takeNo}/${span.takes.length}` : 'no take yet'}
        {' · '}
        {MODE_LABELS[cond.mode].toLowerCase()}
        {cond.source ? ` · ${conditionClipName(cond.source)}` : ''}
      </div>
      <FadeHandles fadeIn={span.fadeIn} fadeOut={span.fadeOut} pps={pps} widthPx={(span.end - span.start) * pps} onFade={(which, v, key) => e.store.apply('span fade', (d) => setSpanMix(d, span.id, { [which]: v }), { coalesce: key })} onPress={() => e.store.select({ kind: 'span', id: span.id })} />
      {bundle?.timingHead && <OnsetMarkers span={span} pps={pps} />}
      {job && (
        <div className="span-progress" data-testid="span-progress" title={job.stage}>
          <div style={{ width: `${Math.round(job.fraction * 100)}%` }} />
        </div>
      )}
      <div className="trim l" onPointerDown={(ev) => startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('trim span', (d) => trimSpan(d, span.id, 'start', span.start + dx / pps), { coalesce: key })))} />
      <div className="trim r" onPointerDown={(ev) => startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('trim span', (d) => trimSpan(d, span.id, 'end', span.end + dx / pps), { coalesce: key })))} />
    </div>
  );
}
