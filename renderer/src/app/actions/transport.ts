import { fpsOf } from '../../timeline/doc';
import { frameDuration, snapToFrame } from '../../timeline/time';
import type { Editor } from '../editor';

/** Transport actions; the <video> element is the clock, the mix follows it (audio/sync.ts). */
export function togglePlay(e: Editor): void {
  const v = e.video;
  if (!v || !v.src) return;
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

/** J/K/L shuttle: L plays forward, faster on repeat (1×, 2×, 4×); K stops; J steps back a second at a time. */
export function shuttle(e: Editor, key: 'j' | 'k' | 'l'): void {
  const v = e.video;
  if (!v || !v.src) return;
  if (key === 'k') {
    v.pause();
    v.playbackRate = 1;
  } else if (key === 'l') {
    if (v.paused) {
      v.playbackRate = 1;
      void v.play();
    } else v.playbackRate = Math.min(4, v.playbackRate * 2);
  } else {
    // Chromium cannot play backwards: J jumps back one second per press.
    v.pause();
    seek(e, e.playhead.get() - 1);
  }
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
