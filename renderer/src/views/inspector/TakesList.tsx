import type { Span } from '../../../../main/contract/domains/project-doc';
import { conditionWords } from '../../../../main/contract/condition-words';
import { seek } from '../../app/actions/playback';
import { useEditor } from '../../app/editor';
import { pickTake, removeTake } from '../../timeline/spans';

/** The span's takes: audition one against the picture (from the span start), pick the one that plays, drop bad ones. */
export function TakesList({ span }: { span: Span }) {
  const e = useEditor();
  const audition = (takeId: string) => {
    e.mixer.setOverride(span.id, takeId);
    seek(e, span.start);
    const v = e.video;
    if (v?.src) {
      void v.play();
      // Back to the picked take when the span has played through (or playback stops).
      const stop = () => {
        if (!v.paused && v.currentTime < span.end) return;
        v.pause();
        e.mixer.setOverride(span.id, null);
        v.removeEventListener('timeupdate', stop);
        v.removeEventListener('pause', stop);
      };
      v.addEventListener('timeupdate', stop);
      v.addEventListener('pause', stop);
    }
  };
  if (span.takes.length === 0) return <div className="dim">No takes yet: press Generate (G).</div>;
  return (
    <ol className="takes" data-testid="takes">
      {span.takes.map((t, i) => (
        <li key={t.id} className={t.id === span.activeTakeId ? 'active' : ''} data-testid="take">
          <button className="lib-play" title="Audition against the picture" onClick={() => audition(t.id)}>▶</button>
          <label>
            <input type="radio" name={`take-${span.id}`} data-testid={`pick-take-${i + 1}`} checked={t.id === span.activeTakeId} onChange={() => e.store.apply(`pick take ${i + 1}`, (d) => pickTake(d, span.id, t.id))} />
            Take {i + 1}
          </label>
          <span className="dim take-cond" data-testid="take-condition" title={t.condition ? conditionWords(t.condition) : 'made before takes recorded their condition'}>
            seed {t.seed}{t.condition ? ` · ${conditionWords(t.condition)}` : ''}
          </span>
          <button className="lib-act" title="Remove take" onClick={() => e.store.apply('remove take', (d) => removeTake(d, span.id, t.id))}>×</button>
        </li>
      ))}
    </ol>
  );
}
