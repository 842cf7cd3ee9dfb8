import type { LibraryClip } from '../../api/engine';
import { stem } from '../../api/paths';
import { dropCondition } from '../../app/actions/generate';
import { addAmbientBed, LIBRARY_MIME } from '../../app/actions/library';
import { auditionAgainstPicture } from '../../app/actions/playback';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';

/** One library clip: drag source (onto a span's condition or an ambient lane), preview, "use", "+ bed". */
export function LibraryRow({ clip, active, onActivate, showScore }: { clip: LibraryClip; active: boolean; onActivate(): void; showScore: boolean }) {
  const e = useEditor();
  const { selection, doc } = useEditorState();
  const amb = clip.ambientDb;
  const tags = clip.tags.join(' ');
  const name = clip.name || stem(clip.path);
  return (
    <div
      className={`lib-row${active ? ' active' : ''}`}
      data-testid="library-clip"
      data-clip-name={name}
      draggable
      onDragStart={(ev) => {
        ev.dataTransfer.setData(LIBRARY_MIME, JSON.stringify(clip));
        ev.dataTransfer.setData('text/plain', clip.path);
        ev.dataTransfer.effectAllowed = 'copy';
      }}
      onClick={onActivate}
      title={`${clip.path}\n${clip.licence}${clip.author ? ` · ${clip.author}` : ''}${clip.why ? `\n${clip.why}` : ''}`}
    >
      <button className="lib-play" title={selection?.kind === 'span' ? 'Audition against the picture of the selected span' : 'Preview'} onClick={(ev) => {
        ev.stopPropagation();
        onActivate();
        const span = selection?.kind === 'span' ? doc.spans.find((s) => s.id === selection.id) : undefined;
        if (span) auditionAgainstPicture(e, clip.path, span.start, span.end);
        else void e.mixer.audition(clip.path, null).catch((err: unknown) => e.toasts.error(err, 'preview'));
      }}>▶</button>
      <div className="lib-main">
        <div className="lib-name">{name}</div>
        <div className="lib-meta">
          <span>{clip.duration.toFixed(1)} s</span>
          <span title="ambient level (dBFS)">amb {amb.toFixed(0)} dB</span>
          {tags && <span className="lib-tags">{tags}</span>}
        </div>
      </div>
      {showScore && <span className="score" data-testid="score" title="retrieval score (AV-Sim cosine)">{clip.score.toFixed(2)}</span>}
      {selection?.kind === 'span' && (
        <button className="lib-act" title="Use as the selected span's condition" onClick={(ev) => {
          ev.stopPropagation();
          dropCondition(e, selection.id, clip);
        }}>use</button>
      )}
      <button className="lib-act" data-testid="add-bed" title="Add as an ambient bed (the selected span's range, else from the start)" onClick={(ev) => {
        ev.stopPropagation();
        try {
          addAmbientBed(e, clip);
        } catch (err) {
          e.toasts.error(err);
        }
      }}>+ bed</button>
    </div>
  );
}
