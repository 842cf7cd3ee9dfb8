import type { Span } from '../../../../main/contract/domains/project-doc';
import { guideSensitivity, markersFromGuideTrack } from '../../app/actions/onsets';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { onsetMarks } from '../../timeline/onsets';

/** The span's "Markers from guide track" action (Shift+M) with its sensitivity control. */
export function GuideTrackMarkers({ span }: { span: Span }) {
  const e = useEditor();
  const sensitivity = useObservable(guideSensitivity);
  const guide = onsetMarks(span).filter((m) => m.source === 'guide').length;
  const run = () => markersFromGuideTrack(e, span.id).catch((err: unknown) => e.toasts.error(err, 'markers from guide track'));
  return (
    <div className="guide-row" data-testid="guide-track">
      <button
        data-testid="guide-markers"
        title="Markers where the video's own sound has hits (Shift+M); your own markers stay, undo removes them"
        onClick={run}
      >
        Markers from guide track
      </button>
      <label className="dim" title="Higher finds more and quieter hits; 0.5 is the detector's standard setting">
        sensitivity
        <input
          type="range"
          data-testid="guide-sensitivity"
          min={0}
          max={1}
          step={0.05}
          value={sensitivity}
          onChange={(ev) => guideSensitivity.set(Number(ev.target.value))}
        />
        {sensitivity.toFixed(2)}
      </label>
      {guide > 0 && <span className="dim" data-testid="guide-count">{guide} from the guide track</span>}
    </div>
  );
}
