import type { LibraryClipShape } from '../../api/shapes';
import { stem } from '../../api/paths';
import { dropCondition } from '../../app/actions/generate';
import { addAmbientBed, LIBRARY_MIME } from '../../app/actions/library';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';

function ambientOf(c: LibraryClipShape): number | null {
  return c.ambientDb ?? c.ambientLevel ?? null;
}

/** One library clip: drag source (onto a span's condition or an ambient lane), preview, "use", "+ bed". */
export function LibraryRow({ clip, active, onActivate, showScore }: { clip: LibraryClipShape; active: boolean; onActivate(): void; showScore: boolean }) {
  const e = useEditor();
  const { selection } = useEditorState();
  const amb = ambientOf(clip);
  const tags = Array.isArray(clip.tags) ? clip.tags.join(' ') : (clip.tags ?? '');
  const name = clip.name ?? stem(clip.path);
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
      title={`${clip.path}${clip.license ? `\n${clip.license}` : ''}`}
    >
      <button className="lib-play" title="Preview" onClick={(ev) => {
        ev.stopPropagation();
        onActivate();
        void e.mixer.audition(clip.path, null).catch((err: unknown) => e.toasts.error(err, 'preview'));
      }}>▶</button>
      <div className="lib-main">
        <div className="lib-name">{name}</div>
        <div className="lib-meta">
          {clip.duration !== undefined && <span>{clip.duration.toFixed(1)} s</span>}
          {amb !== null && <span title="ambient level">amb {amb.toFixed(0)} dB</span>}
          {tags && <span className="lib-tags">{tags}</span>}
        </div>
      </div>
      {showScore && clip.score !== undefined && <span className="score" data-testid="score" title="retrieval score (AV-Sim cosine)">{clip.score.toFixed(2)}</span>}
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
