import { makeSpan } from '../../app/actions/generate';
import { markIn, markOut, seek, stepFrames, togglePlay } from '../../app/actions/playback';
import { useEditor } from '../../app/editor';
import { useEditorState } from '../../app/hooks';
import { fpsOf } from '../../timeline/doc';
import { formatTimecode, fpsValue } from '../../timeline/time';
import { TimecodeField } from './TimecodeField';

/** Play/pause, frame steps, in/out and "span from in/out" under the picture, with the timecode at the video's rate. */
export function PlaybackBar({ playing }: { playing: boolean }) {
  const e = useEditor();
  const { doc, range } = useEditorState();
  const fps = fpsOf(doc);
  const tc = (t: number | null) => (t === null ? '--' : formatTimecode(t, fps));
  return (
    <div className="playback-bar" data-testid="playback-bar">
      <button title="Go to start (Home)" onClick={() => seek(e, 0)}>|◀◀</button>
      <button title="Previous frame (←)" onClick={() => stepFrames(e, -1)}>◀|</button>
      <button className="play" data-testid="play" title="Play/pause (Space)" onClick={() => togglePlay(e)}>{playing ? '❚❚' : '▶'}</button>
      <button title="Next frame (→)" onClick={() => stepFrames(e, 1)}>|▶</button>
      <TimecodeField fps={fps} />
      <span className="fps">{doc.video ? `${fpsValue(fps).toFixed(fps.den === 1 ? 0 : 3)} fps` : ''}</span>
      <span className="sep" />
      <button data-testid="mark-in" title="Mark in (I)" onClick={() => markIn(e)}>I</button>
      <span className="io" data-testid="range-in">{tc(range.in)}</span>
      <button data-testid="mark-out" title="Mark out (O)" onClick={() => markOut(e)}>O</button>
      <span className="io" data-testid="range-out">{tc(range.out)}</span>
      <button data-testid="make-span" className="accent" title="Make a span from in/out (Enter)" disabled={range.in === null || range.out === null} onClick={() => makeSpan(e)}>+ Span</button>
    </div>
  );
}
