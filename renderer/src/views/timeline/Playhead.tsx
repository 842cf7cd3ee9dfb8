import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { HEADER_PX } from './viewport';

/** The play position across all lanes; subscribes to the playhead alone so playback re-renders only this line. */
export function Playhead({ pps }: { pps: number }) {
  const e = useEditor();
  const t = useObservable(e.playhead);
  return <div className="playhead" data-testid="playhead" style={{ left: HEADER_PX + t * pps }} />;
}
