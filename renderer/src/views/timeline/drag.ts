import type { PointerEvent as ReactPointerEvent } from 'react';

let gesture = 0;

/**
 * Pointer drag with capture: calls `move(dxPx, dyPx, gestureKey)` while dragging and `end` once. The gesture key lets
 * a whole drag become one undo step (EditorStore's coalesce). A press without movement (< 3 px) is a click: `move` is
 * never called and `end(false)` says so.
 */
export function startDrag(
  ev: ReactPointerEvent<Element>,
  move: (dx: number, dy: number, key: string) => void,
  end?: (moved: boolean, dx: number, dy: number) => void,
): void {
  if (ev.button !== 0) return;
  ev.stopPropagation();
  const el = ev.currentTarget as Element;
  el.setPointerCapture(ev.pointerId);
  const x0 = ev.clientX;
  const y0 = ev.clientY;
  const key = `g${++gesture}`;
  let moved = false;
  const onMove = (e: PointerEvent) => {
    const dx = e.clientX - x0;
    const dy = e.clientY - y0;
    if (!moved && Math.abs(dx) < 3 && Math.abs(dy) < 3) return;
    moved = true;
    move(dx, dy, key);
  };
  const onUp = (e: PointerEvent) => {
    el.removeEventListener('pointermove', onMove as EventListener);
    el.removeEventListener('pointerup', onUp as EventListener);
    el.removeEventListener('pointercancel', onUp as EventListener);
    end?.(moved, e.clientX - x0, e.clientY - y0);
  };
  el.addEventListener('pointermove', onMove as EventListener);
  el.addEventListener('pointerup', onUp as EventListener);
  el.addEventListener('pointercancel', onUp as EventListener);
}

/** Runs an edit during a drag, ignoring refusals (a drag past a neighbour just stops there). */
export function tryEdit(fn: () => void): void {
  try {
    fn();
  } catch {
    // refused mid-gesture: keep the last valid position
  }
}
