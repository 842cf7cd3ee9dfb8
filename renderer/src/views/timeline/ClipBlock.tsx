import type { Clip } from '../../../../main/contract/domains/project-doc';
import { stem } from '../../api/paths';
import { useEditor } from '../../app/editor';
import { moveClip, trimClip } from '../../timeline/clips';
import { startDrag, tryEdit } from './drag';
import { usePeaks } from './peaks';
import type { Visible } from './viewport';
import { Waveform } from './Waveform';

interface Props {
  clip: Clip;
  pps: number;
  visible: Visible;
  height: number;
  selected: boolean;
  kind: 'original' | 'action' | 'ambient';
}

/** A clip on a track (ambient bed, file, or the original sound); looped beds show each repeat's waveform. */
export function ClipBlock({ clip, pps, visible, height, selected, kind }: Props) {
  const e = useEditor();
  // The original sound's waveform comes from engine peaks only: decoding a whole film's audio in the page is too big.
  const peaks = usePeaks(e, clip.source.path, kind !== 'original');
  const end = clip.start + clip.duration;
  const drawFrom = Math.max(clip.start, visible.t0);
  const drawTo = Math.min(end, visible.t1);
  const srcLen = peaks ? peaks.min.length / peaks.perSecond : 0;
  const hop = clip.loop && srcLen > 0 ? Math.max(0.01, srcLen - Math.min(clip.loopCrossfade, srcLen / 2)) : null;
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
      {drawTo > drawFrom && (
        <div className="wave-holder" style={{ left: (drawFrom - clip.start) * pps }}>
          <Waveform peaks={peaks} t0={drawFrom} pps={pps} width={Math.ceil((drawTo - drawFrom) * pps)} height={height - 16} clipStart={clip.start} offset={clip.offset} loopHop={hop} color={kind === 'ambient' ? '#5ac8b8' : kind === 'original' ? '#8891a0' : '#f0b45a'} />
        </div>
      )}
      <div className="clip-label">
        {clip.label ?? stem(clip.source.path)}
        {clip.loop ? ' ⟳' : ''}
      </div>
      {!fixed && (
        <>
          <div className="trim l" onPointerDown={(ev) => startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('trim clip', (d) => trimClip(d, clip.id, 'start', clip.start + dx / pps), { coalesce: key })))} />
          <div className="trim r" onPointerDown={(ev) => startDrag(ev, (dx, _dy, key) => tryEdit(() => e.store.apply('trim clip', (d) => trimClip(d, clip.id, 'end', end + dx / pps), { coalesce: key })))} />
        </>
      )}
    </div>
  );
}
