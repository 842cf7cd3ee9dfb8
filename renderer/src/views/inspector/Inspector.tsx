import { useEditorState } from '../../app/hooks';
import { fpsOf } from '../../timeline/doc';
import { ClipInspector } from './ClipInspector';
import { SpanInspector } from './SpanInspector';

/** The selected span or clip; a short guide when nothing is selected. */
export function Inspector() {
  const { doc, selection } = useEditorState();
  const span = selection?.kind === 'span' ? doc.spans.find((s) => s.id === selection.id) : undefined;
  const clip = selection?.kind === 'clip' ? doc.clips.find((c) => c.id === selection.id) : undefined;
  return (
    <section className="inspector" data-testid="inspector">
      <header className="panel-title">Inspector</header>
      {span && <SpanInspector span={span} fps={fpsOf(doc)} />}
      {clip && <ClipInspector clip={clip} />}
      {!span && !clip && (
        <div className="inspector-body dim">
          <p>Select a span or clip.</p>
          <p>Make a span: drag on an action track, or set I and O and press Enter.</p>
          <p>Then pick a condition, press G, audition the takes and pick one.</p>
        </div>
      )}
    </section>
  );
}
