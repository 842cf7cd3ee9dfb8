import type { Clip } from '../../../../main/contract/domains/project-doc';
import { stem } from '../../api/paths';
import { useEditor } from '../../app/editor';
import { deleteClip, setClipMix } from '../../timeline/clips';
import { NumberField } from './NumberField';

/** A clip's gain, fades and loop crossfade. */
export function ClipInspector({ clip }: { clip: Clip }) {
  const e = useEditor();
  const mix = (patch: Parameters<typeof setClipMix>[2]) => e.store.apply('clip mix', (d) => setClipMix(d, clip.id, patch));
  return (
    <div className="inspector-body" data-testid="clip-inspector">
      <div className="insp-head">
        <span className="insp-title">Clip</span>
        <span>{clip.label ?? stem(clip.source.path)}</span>
        {clip.trackId !== 'original' && <button className="lib-act" onClick={() => e.store.apply('delete clip', (d) => deleteClip(d, clip.id))}>delete</button>}
      </div>
      <div className="dim mono small">{clip.source.path}</div>
      <div className="dim">{clip.start.toFixed(2)} s · {clip.duration.toFixed(2)} s{clip.loop ? ' · looped' : ''}</div>
      <div className="grid4">
        <NumberField label="gain dB" value={clip.gainDb} min={-60} max={12} step={0.5} onCommit={(v) => mix({ gainDb: v })} />
        <NumberField label="fade in" value={clip.fadeIn} min={0} max={60} step={0.05} onCommit={(v) => mix({ fadeIn: v })} />
        <NumberField label="fade out" value={clip.fadeOut} min={0} max={60} step={0.05} onCommit={(v) => mix({ fadeOut: v })} />
        {clip.loop && <NumberField label="x-fade" value={clip.loopCrossfade} min={0} max={10} step={0.05} onCommit={(v) => mix({ loopCrossfade: v })} />}
      </div>
    </div>
  );
}
