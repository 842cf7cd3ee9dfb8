import { memo } from 'react';
import type { Track } from '../../../../main/contract/domains/project-doc';
import { useEditor } from '../../app/editor';
import { removeTrack, updateTrack } from '../../timeline/tracks';

/** Name, mute/solo, gain fader of a track (REAPER's track control panel, condensed). */
export const TrackHeader = memo(function TrackHeader({ track, height }: { track: Track; height: number }) {
  const e = useEditor();
  const set = (label: string, patch: Parameters<typeof updateTrack>[2], coalesce?: string) => e.store.apply(label, (d) => updateTrack(d, track.id, patch), { coalesce });
  return (
    <div className={`track-header ${track.kind}`} data-testid="track-header" data-track-id={track.id} style={{ height }}>
      <div className="track-row">
        <span className="track-kind" title={track.kind} />
        <span className="track-name" title={track.name}>{track.name}</span>
        <button className={`ms m${track.mute ? ' on' : ''}`} data-testid="mute" title="Mute" onClick={() => set(track.mute ? 'unmute' : 'mute', { mute: !track.mute })}>M</button>
        <button className={`ms s${track.solo ? ' on' : ''}`} data-testid="solo" title="Solo" onClick={() => set(track.solo ? 'unsolo' : 'solo', { solo: !track.solo })}>S</button>
        {track.kind !== 'original' && (
          <button className="ms x" title="Remove track" onClick={() => e.store.apply('remove track', (d) => removeTrack(d, track.id))}>×</button>
        )}
      </div>
      <div className="track-row">
        <input
          className="fader"
          type="range"
          min={-60}
          max={12}
          step={0.5}
          value={track.gainDb}
          aria-label={`${track.name} gain`}
          onChange={(ev) => set('track gain', { gainDb: Number(ev.target.value) }, `gain:${track.id}`)}
          onDoubleClick={() => set('track gain', { gainDb: 0 })}
        />
        <span className="db">{track.gainDb > 0 ? '+' : ''}{track.gainDb.toFixed(1)}</span>
      </div>
    </div>
  );
});
