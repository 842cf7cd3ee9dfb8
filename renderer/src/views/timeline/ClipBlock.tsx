import type { Clip } from '../../../../main/contract/domains/project-doc';
import { stem } from '../../api/paths';
import { useEditor } from '../../app/editor';
import { moveClip, setClipMix, trimClip } from '../../timeline/clips';
import { FadeHandles } from './FadeHandles';
import { startDrag, tryEdit } from './drag';

interface Props {
  clip: Clip;
  pps: number;
  height: number;
  selected: boolean;
  kind: 'original' | 'action' | 'ambient';
}

/** A clip on a track (ambient bed, file, or the original sound); looped beds show each repeat's waveform. */
export function ClipBlock({ clip, pps, height, selected, kind }: Props) {
  const e = useEditor();
  const end = clip.start + clip.duration;
  const fixed = kind === 'original';
  return (
    <div
      className={`clip ${kind}${selected ? ' selected' : ''}`}
      data-testid="clip"
      data-clip-id={clip.id}
      style={{ left: clip.start * pps, width: Math.max(2, clip.duration * pps), height }}
      onPointerDown={(ev) => {
        e.store.select({ kind: 'clip', id: clip.id });
        if (!fixed) startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('move clip', (d) => moveClip(d, clip.id, clip.start + dx / pps), { coalesce: key })));
      }}
    >
      <div className="clip-label">
        {clip.label ?? stem(clip.source.path)}
        {clip.loop ? ' ⟳' : ''}
      </div>
      {!fixed && (
        <>
          <FadeHandles fadeIn={clip.fadeIn} fadeOut={clip.fadeOut} pps={pps} widthPx={clip.duration * pps} onFade={(which, v, key) => e.store.apply('clip fade', (d) => setClipMix(d, clip.id, { [which]: v }), { coalesce: key })} onPress={() => e.store.select({ kind: 'clip', id: clip.id })} />
          <div className="trim l" onPointerDown={(ev) => startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('trim clip', (d) => trimClip(d, clip.id, 'start', clip.start + dx / pps), { coalesce: key })))} />
          <div className="trim r" onPointerDown={(ev) => startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('trim clip', (d) => trimClip(d, clip.id, 'end', end + dx / pps), { coalesce: key })))} />
        </>
      )}
    </div>
  );
}
