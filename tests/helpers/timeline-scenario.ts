import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ProjectDoc } from '../../main/contract/domains/project-doc';

/**
 * The long-timeline scenario of issue 9: a 30-minute video, 20 tracks, 600 looped ambience clips and 200 spans with
 * a take, zoomed and scrolled in the editor page one step per animation frame. One scenario, two readers: the e2e
 * test (tests/e2e/editor-perf.test.ts) checks what the DOM holds while it runs; `npm run bench` (case
 * editor-timeline) times its frames against the idle page in the same run.
 */
export const LONG_TIMELINE = { videoSeconds: 1800, actionTracks: 8, ambientTracks: 9, spans: 200, clips: 600 } as const;
/** Lanes: the original sound's, the action tracks', the ambience tracks'. */
export const LONG_TIMELINE_LANES = 1 + LONG_TIMELINE.actionTracks + LONG_TIMELINE.ambientTracks;

/** A tiny 30-minute picture at 5 fps with a tone, and a 6 s pink-noise bed: the timeline cares about length, not pixels. */
export function makeLongTimelineMedia(dir: string): { video: string; wav: string } {
  const video = path.join(dir, 'long.mp4');
  const wav = path.join(dir, 'bed.wav');
  const s = LONG_TIMELINE.videoSeconds;
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=96x54:rate=5:duration=${s}`, '-f', 'lavfi', '-i', `sine=frequency=220:duration=${s}:sample_rate=16000`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '32k', '-shortest', video]);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.3:duration=6:sample_rate=48000', wav]);
  return { video, wav };
}

/** The document, built straight from the contract's schema (defaults filled by zod): spans 9 s apart, beds 27 s apart. */
export function longTimelineDoc(video: string, wav: string): ProjectDoc {
  const { videoSeconds, actionTracks, ambientTracks, spans, clips } = LONG_TIMELINE;
  const now = '2026-01-01T00:00:00Z';
  const track = (kind: 'action' | 'ambient', i: number) => ({ id: `${kind}-${i}`, kind, name: `${kind === 'action' ? 'Action' : 'Ambience'} ${i + 1}` });
  return ProjectDoc.parse({
    format: 'a2s-project/1',
    name: 'perf',
    created: now,
    modified: now,
    video: { path: video, duration: videoSeconds, fps: { num: 25, den: 1 }, width: 96, height: 54, hasAudio: true },
    tracks: [
      { id: 'original', kind: 'original', name: 'Original sound', mute: true },
      ...Array.from({ length: actionTracks }, (_, i) => track('action', i)),
      ...Array.from({ length: ambientTracks }, (_, i) => track('ambient', i)),
    ],
    clips: [
      { id: 'original-audio', trackId: 'original', source: { path: video }, start: 0, duration: videoSeconds, label: 'original sound' },
      ...Array.from({ length: clips }, (_, i) => {
        const start = Math.floor(i / ambientTracks) * 27;
        return { id: `bed-${i}`, trackId: `ambient-${i % ambientTracks}`, source: { path: wav }, start, duration: Math.min(20, videoSeconds - start), loop: true, fadeIn: 0.05, fadeOut: 0.05 };
      }),
    ],
    spans: Array.from({ length: spans }, (_, i) => ({
      id: `span-${i}`,
      trackId: `action-${i % actionTracks}`,
      start: i * 9,
      end: i * 9 + 3,
      condition: { mode: 'joint', source: null },
      settings: {},
      takes: [{ id: `take-${i}`, path: wav, seed: 0, seconds: 3, createdAt: now, bundleId: 'tiny' }],
      activeTakeId: `take-${i}`,
    })),
  });
}

/** Loads `doc` into the editor page (the test hook `window.__a2sEditor`) and points the player at its video. */
export async function loadDoc(page: Page, doc: ProjectDoc): Promise<void> {
  await page.evaluate(async (d) => {
    const ed = (window as unknown as { __a2sEditor: { store: { load(d: unknown): void }; videoUrl: { set(u: string): void }; urlOf(p: string): Promise<string> } }).__a2sEditor;
    ed.store.load(d);
    ed.videoUrl.set(await ed.urlOf(d.video!.path));
  }, doc);
}

export interface PhaseStats {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Most spans + clips in the DOM at once during the phase, and most canvases in the timeline. */
  maxBlocks: number;
  maxCanvases: number;
}

export interface TimelineRun {
  /** Frame intervals of the same page with no interaction: the same-run baseline. */
  idle: PhaseStats;
  zoomIn: PhaseStats;
  scroll: PhaseStats;
  zoomOut: PhaseStats;
  scrollFit: PhaseStats;
  /** Pixels per second of the view before, after zooming in, after zooming out; how far the scroll phases went. */
  pxPerSec: { start: number; zoomedIn: number; zoomedOut: number };
  scrolledPx: number;
}

/** Frames per phase; the bench's defaults, the test needs fewer (it reads DOM counts, not frame-time statistics). */
export type ScenarioFrames = Record<'idle' | 'zoomIn' | 'scroll' | 'zoomOut' | 'scrollFit', number>;
export const BENCH_FRAMES: ScenarioFrames = { idle: 60, zoomIn: 25, scroll: 120, zoomOut: 40, scrollFit: 60 };

/** Zooms in (ctrl+wheel), scrolls across and down, zooms out, scrolls: one step per animation frame. */
export function runTimelineScenario(page: Page, frames: ScenarioFrames = BENCH_FRAMES): Promise<TimelineRun> {
  return page.evaluate(async (n) => {
    const ed = (window as unknown as { __a2sEditor: { view: { get(): { pxPerSec: number } } } }).__a2sEditor;
    const tl = document.querySelector('[data-testid=timeline]') as HTMLElement;
    const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
    const box = tl.getBoundingClientRect();
    let scrolled = 0;
    const wheel = (deltaY: number) => tl.dispatchEvent(new WheelEvent('wheel', { deltaY, ctrlKey: true, clientX: box.left + box.width / 2, clientY: box.top + 100, bubbles: true, cancelable: true }));
    const scrollBy = (dx: number) => {
      const before = tl.scrollLeft;
      tl.scrollLeft += dx;
      scrolled += tl.scrollLeft - before;
    };
    /** Frame intervals and DOM counts while `step(i)` runs once per frame, `count` times. */
    async function phase(count: number, step: (i: number) => void) {
      const dts: number[] = [];
      let maxBlocks = 0;
      let maxCanvases = 0;
      let last = await frame();
      for (let i = 0; i < count; i++) {
        step(i);
        const now = await frame();
        dts.push(now - last);
        last = now;
        maxBlocks = Math.max(maxBlocks, tl.querySelectorAll('[data-testid=clip],[data-testid=span]').length);
        maxCanvases = Math.max(maxCanvases, tl.querySelectorAll('canvas').length);
      }
      const s = dts.sort((a, b) => a - b);
      const pct = (p: number) => (s.length ? +s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1) : 0);
      return { frames: count, p50Ms: pct(0.5), p95Ms: pct(0.95), maxMs: pct(1), maxBlocks, maxCanvases };
    }
    const start = ed.view.get().pxPerSec;
    const idle = await phase(n.idle, () => undefined);
    const zoomIn = await phase(n.zoomIn, () => wheel(-120));
    const zoomedIn = ed.view.get().pxPerSec;
    const scroll = await phase(n.scroll, (i) => {
      scrollBy(150);
      tl.scrollTop = (i % 40) * 10;
    });
    const zoomOut = await phase(n.zoomOut, () => wheel(120));
    const zoomedOut = ed.view.get().pxPerSec;
    const scrollFit = await phase(n.scrollFit, () => scrollBy(40));
    return { idle, zoomIn, scroll, zoomOut, scrollFit, pxPerSec: { start, zoomedIn, zoomedOut }, scrolledPx: scrolled };
  }, frames);
}
