import { useState } from 'react';
import { seek } from '../../app/actions/playback';
import { useEditor } from '../../app/editor';
import { useObservable } from '../../state/observable';
import { formatTimecode, frameToTime, type Fps } from '../../timeline/time';

/** Parses "12.5" (seconds) or "HH:MM:SS:FF" / "HH:MM:SS;FF" (non-drop reading) into seconds; null when neither. */
export function parseTime(text: string, fps: Fps): number | null {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(\d+):(\d{1,2}):(\d{1,2})[:;.](\d{1,3})$/.exec(s);
  if (!m) return null;
  const nominal = Math.round(fps.num / fps.den);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + frameToTime(Number(m[4]), fps) * (fps.num / fps.den / nominal);
}

/** The SMPTE timecode of the playhead; click to type a time (seconds or timecode) and Enter to go there. */
export function TimecodeField({ fps }: { fps: Fps }) {
  const e = useEditor();
  const t = useObservable(e.playhead);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <input
      className="timecode"
      data-testid="timecode"
      aria-label="Timecode"
      value={editing ?? formatTimecode(t, fps)}
      onFocus={(ev) => {
        setEditing(ev.target.value);
        ev.target.select();
      }}
      onChange={(ev) => setEditing(ev.target.value)}
      onBlur={() => setEditing(null)}
      onKeyDown={(ev) => {
        if (ev.key === 'Enter') {
          const v = parseTime(editing ?? '', fps);
          if (v !== null) seek(e, v);
          setEditing(null);
          ev.currentTarget.blur();
        } else if (ev.key === 'Escape') {
          setEditing(null);
          ev.currentTarget.blur();
        }
        ev.stopPropagation();
      }}
    />
  );
}
