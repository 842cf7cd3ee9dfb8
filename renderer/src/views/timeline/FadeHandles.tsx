import { startDrag, tryEdit } from './drag';

interface Props {
  fadeIn: number;
  fadeOut: number;
  pps: number;
  widthPx: number;
  /** Called while dragging with the new fade length (seconds) and the gesture key (one undo step per drag). */
  onFade(which: 'fadeIn' | 'fadeOut', seconds: number, gesture: string): void;
  /** Pressing a handle selects its block, as pressing the block does. */
  onPress(): void;
}

/**
 * Fade-in/out ramps drawn over a block, with a handle at each ramp's top end (drag horizontally, as in REAPER).
 * The ramps are an SVG polygon: cheap, and exact at any zoom.
 */
export function FadeHandles({ fadeIn, fadeOut, pps, widthPx, onFade, onPress }: Props) {
  const a = Math.min(widthPx, fadeIn * pps);
  const b = Math.min(widthPx, fadeOut * pps);
  return (
    <>
      <svg className="fades" width={widthPx} height="100%" preserveAspectRatio="none" viewBox={`0 0 ${Math.max(1, widthPx)} 100`}>
        {a > 1 && <polygon points={`0,0 ${a},0 0,100`} />}
        {b > 1 && <polygon points={`${widthPx - b},0 ${widthPx},0 ${widthPx},100`} />}
      </svg>
      <div
        className="fade-handle in"
        data-testid="fade-in"
        title={`fade in ${fadeIn.toFixed(3)} s — drag`}
        style={{ left: Math.max(0, a - 4) }}
        onPointerDown={(ev) => {
          onPress();
          startDrag(ev, (dx, _dy, key) => tryEdit(() => onFade('fadeIn', Math.max(0, fadeIn + dx / pps), key)));
        }}
      />
      <div
        className="fade-handle out"
        data-testid="fade-out"
        title={`fade out ${fadeOut.toFixed(3)} s — drag`}
        style={{ left: Math.max(0, widthPx - b - 4) }}
        onPointerDown={(ev) => {
          onPress();
          startDrag(ev, (dx, _dy, key) => tryEdit(() => onFade('fadeOut', Math.max(0, fadeOut - dx / pps), key)));
        }}
      />
    </>
  );
}
