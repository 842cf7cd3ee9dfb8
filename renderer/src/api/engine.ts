import type { ChannelName, RequestOf, ResponseOf } from '../../../main/contract';
import type { ClipHit } from '../../../main/contract/domains/library';
import type { GenerateRequest, GenerateResult } from '../../../main/contract/domains/inference';
import type { VideoRef } from '../../../main/contract/domains/project-doc';
import type { A2sClient } from '../transport/types';

export type LibraryClip = ClipHit;
export type { GenerateRequest, GenerateResult };

export interface Peaks {
  /** Buckets per second of source audio; min/max per bucket in -1..1. */
  perSecond: number;
  min: Float32Array;
  max: Float32Array;
}

export interface BundleInfo {
  id: string;
  provider: string;
  timingHead: boolean;
  /** The bundle's sampler defaults: new spans start with them. */
  steps: number;
  guidance: number;
}

/**
 * Every engine call the editor makes, in one place, typed by the shared contract. `media:open` URLs are cached per
 * path (the allow-list entry lives as long as the engine does).
 */
export class EngineApi {
  private readonly opened = new Map<string, Promise<string>>();

  constructor(readonly client: A2sClient) {}

  typed<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    return this.client.invoke(channel, payload);
  }

  /** A URL the <video>/audio elements can load for a local file (`media:open`, allow-listed). */
  mediaUrl(path: string): Promise<string> {
    let p = this.opened.get(path);
    if (!p) {
      p = this.typed('media:open', { path }).then((r) => r.url);
      p.catch(() => this.opened.delete(path));
      this.opened.set(path, p);
    }
    return p;
  }

  async probeVideo(path: string): Promise<VideoRef> {
    const r = await this.typed('media:probe', { path });
    if (!r.video) throw new Error(`${path}: has no video stream`);
    return { path, duration: r.duration, fps: r.video.fps, width: r.video.width, height: r.video.height, hasAudio: r.audio.length > 0 };
  }

  /** The video was opened: the engine starts what makes later work on it fast (its frames proxy above 720p). */
  async prepareVideo(path: string): Promise<void> {
    await this.typed('media:prepare', { path });
  }

  /** Waveform peaks; `samplesPerBucket` 256 gives ~190 buckets/s at 48 kHz (coarser for a whole film's sound). */
  async peaks(path: string, samplesPerBucket = 256): Promise<Peaks> {
    const r = await this.typed('media:peaks', { path, samplesPerBucket });
    return { perSecond: r.rate / r.samplesPerBucket, min: Float32Array.from(r.min), max: Float32Array.from(r.max) };
  }

  async bundle(): Promise<BundleInfo> {
    const r = await this.typed('bundle:active', {});
    return { id: r.id, provider: r.provider, timingHead: r.hasTimingHead, steps: r.manifest.steps, guidance: r.manifest.guidance };
  }

  /** Predicted onsets (timeline seconds) from the timing head; null when the bundle has none. */
  async onsets(video: string, start: number, end: number): Promise<number[] | null> {
    const r = await this.typed('generate:onsets', { video, start, end });
    return r.available ? r.onsets : null;
  }

  /** Onsets found on the video's own sound in the span (`hasAudio` false + `note` when it has no audio track). */
  guideOnsets(video: string, start: number, end: number, sensitivity: number): Promise<ResponseOf<'generate:guideOnsets'>> {
    return this.typed('generate:guideOnsets', { video, start, end, sensitivity });
  }

  async generate(req: RequestOf<'generate:start'>): Promise<string> {
    return (await this.typed('generate:start', req)).jobId;
  }

  /** Full-text search; `ambient` filters by measured ambient level (low: quieter than −45 dBFS, high: louder). */
  async search(text: string, opts: { ambient?: 'low' | 'high'; k?: number } = {}): Promise<LibraryClip[]> {
    const filters = opts.ambient === 'low' ? { ambientMaxDb: -45 } : opts.ambient === 'high' ? { ambientMinDb: -45 } : undefined;
    const r = await this.typed('library:search', { ...(text.trim() ? { text: text.trim() } : {}), ...(filters ? { filters } : {}), k: opts.k ?? 100 });
    return r.results;
  }

  async retrieve(video: string, start: number, end: number, lowAmbient: boolean, k = 8): Promise<LibraryClip[]> {
    return (await this.typed('library:retrieve', { video, start, end, lowAmbient, k })).results;
  }

  async librarySize(): Promise<number> {
    return (await this.typed('library:stats', {})).clips;
  }
}
