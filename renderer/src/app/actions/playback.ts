import { fpsOf } from '../../timeline/doc';
import { frameDuration, snapToFrame } from '../../timeline/time';
import type { DisposalScope } from '../../audio/scope';
import { nextShuttleRate } from '../../timeline/shuttle';
import type { Editor } from '../editor';

/** Playback actions (play/pause, seek, shuttle, in/out); the <video> element is the clock, the mix follows it (audio/sync.ts). */
export function togglePlay(e: Editor): void {
  const v = e.video;
  if (!v || !v.src) return;
  if (stopReverse(e)) return; // Space while shuttling backwards stops, like K
  if (v.paused) {
    v.playbackRate = 1;
    // Start on a frame boundary so picture and sound begin on the same frame.
    v.currentTime = snapToFrame(v.currentTime, fpsOf(e.store.getState().doc));
    void v.play().catch((err: unknown) => e.toasts.error(err, 'cannot play'));
  } else v.pause();
}

export function seek(e: Editor, t: number): void {
  const doc = e.store.getState().doc;
  const max = doc.video?.duration ?? 0;
  const time = Math.min(Math.max(0, snapToFrame(t, fpsOf(doc))), max);
  if (e.video && e.video.src) e.video.currentTime = time;
  e.playhead.set(time);
}

export function stepFrames(e: Editor, n: number): void {
  e.video?.pause();
  seek(e, e.playhead.get() + n * frameDuration(fpsOf(e.store.getState().doc)));
}

/** The reverse shuttle in progress per editor: its rate (negative) and the scope that owns its stepping. */
const reversing = new WeakMap<Editor, { rate: number; scope: DisposalScope }>();

function stopReverse(e: Editor): boolean {
  const r = reversing.get(e);
  r?.scope.dispose();
  reversing.delete(e);
  return r !== undefined;
}

/** How often the picture steps while shuttling backwards (about a frame at 25 fps). */
const REVERSE_TICK_MS = 40;

/**
 * J/K/L shuttle (timeline/shuttle.ts): L forward 1×, 2×, 4×; J the same backwards; K stops. Chromium cannot play
 * backwards, so J steps the picture back in real time (silent) until K, Space, L or the start.
 */
export function shuttle(e: Editor, key: 'j' | 'k' | 'l'): void {
  const v = e.video;
  if (!v || !v.src) return;
  const rate = nextShuttleRate(reversing.get(e)?.rate ?? (v.paused ? 0 : v.playbackRate), key);
  stopReverse(e);
  if (rate === 0) {
    v.pause();
    v.playbackRate = 1;
  } else if (rate > 0) {
    v.playbackRate = rate;
    if (v.paused) void v.play();
  } else {
    v.pause();
    v.playbackRate = 1;
    reverse(e, rate);
  }
}

function reverse(e: Editor, rate: number): void {
  const scope = e.own();
  let pos = e.playhead.get();
  let shown = pos;
  let last = performance.now();
  scope.interval(() => {
    const now = performance.now();
    if (e.playhead.get() !== shown) pos = e.playhead.get(); // moved meanwhile (a click on the ruler): go on from there
    pos = Math.max(0, pos + (rate * (now - last)) / 1000);
    last = now;
    seek(e, pos);
    shown = e.playhead.get();
    if (pos === 0) stopReverse(e);
  }, REVERSE_TICK_MS);
  reversing.set(e, { rate, scope });
}

export function markIn(e: Editor): void {
  e.store.setRange({ in: e.playhead.get() });
}

export function markOut(e: Editor): void {
  e.store.setRange({ out: e.playhead.get() });
}

/**
 * Plays a file (a library clip, a condition) over the picture of [start, end): the video and the mix run from
 * `start`, the file joins the mix there, and both stop at `end`.
 */
export function auditionAgainstPicture(e: Editor, path: string, start: number, end: number): void {
  const v = e.video;
  void e.mixer.audition(path, start, end - start).then(() => {
    if (!v?.src) return;
    seek(e, start);
    void v.play();
    const stop = () => {
      if (!v.paused && v.currentTime < end) return;
      v.pause();
      e.mixer.stopAudition();
      v.removeEventListener('timeupdate', stop);
      v.removeEventListener('pause', stop);
    };
    v.addEventListener('timeupdate', stop);
    v.addEventListener('pause', stop);
  }, (err: unknown) => e.toasts.error(err, 'audition'));
}
