import type { z } from 'zod';
import type { ChannelName, RequestOf, ResponseOf } from '../../../main/contract';
import type { VideoRef } from '../../../main/contract/domains/project-doc';
import type { A2sClient } from '../transport/types';
import { RequestError } from '../transport/types';
import {
  BundleShape, GenerateResultShape, JobStartShape, LibraryClipShape, LibraryListShape, OnsetsShape, PeaksShape, ProbeShape, StatsShape,
} from './shapes';

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
}

export interface GenerateRequest {
  video: string;
  start: number;
  end: number;
  takes: number;
  seed: number;
  steps: number;
  guidance: number;
  mode: 'clean' | 'joint' | 'custom';
  condition: string | null;
  libraryClipId?: number;
  onsets: number[] | null;
  projectPath: string | null;
}

export type GenerateResult = z.infer<typeof GenerateResultShape>;

/**
 * Every engine call the editor makes, in one place. Channels of the shared contract are called typed; channels other
 * domains are still adding are called by name and their answers parsed leniently (shapes.ts), so a missing channel
 * shows up as one clear error instead of a broken build.
 */
export class EngineApi {
  private readonly opened = new Map<string, Promise<string>>();

  constructor(readonly client: A2sClient) {}

  typed<C extends ChannelName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    return this.client.invoke(channel, payload);
  }

  async call<S extends z.ZodType>(channel: string, payload: unknown, shape: S): Promise<z.output<S>> {
    const invoke = this.client.invoke as unknown as (c: string, p: unknown) => Promise<unknown>;
    let res: unknown;
    try {
      res = await invoke(channel, payload);
    } catch (err) {
      if (err instanceof RequestError && err.wire.code === 'unknown-channel') {
        throw new RequestError({ ...err.wire, code: 'unavailable', message: `${channel} is not available in this engine yet` });
      }
      throw err;
    }
    const parsed = shape.safeParse(res);
    if (!parsed.success) throw new Error(`${channel}: unexpected answer (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`);
    return parsed.data;
  }

  /** A URL the <video>/audio elements can load for a local file (`media:open`, allow-listed); cached per path. */
  mediaUrl(path: string): Promise<string> {
    let p = this.opened.get(path);
    if (!p) {
      p = this.call('media:open', { path }, JobStartShape.partial().passthrough()).then((r) => String((r as { url?: unknown }).url));
      p.catch(() => this.opened.delete(path));
      this.opened.set(path, p);
    }
    return p;
  }

  async probeVideo(path: string): Promise<VideoRef> {
    const r = await this.call('media:probe', { path }, ProbeShape);
    if (!r.video) throw new Error(`${path}: has no video stream`);
    return { path, duration: r.duration, fps: r.video.fps, width: r.video.width, height: r.video.height, hasAudio: r.audio.length > 0, ...(r.sha256 ? { sha256: r.sha256 } : {}) };
  }

  async peaks(path: string): Promise<Peaks> {
    const r = await this.call('media:peaks', { path }, PeaksShape);
    const perSecond = r.peaksPerSecond ?? r.rate ?? 100;
    if (r.min && r.max) return { perSecond, min: Float32Array.from(r.min), max: Float32Array.from(r.max) };
    const flat = r.peaks ?? [];
    const n = Math.floor(flat.length / 2);
    const min = new Float32Array(n);
    const max = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      min[i] = flat[2 * i]!;
      max[i] = flat[2 * i + 1]!;
    }
    return { perSecond, min, max };
  }

  async bundle(): Promise<BundleInfo> {
    const r = await this.call('bundle:active', {}, BundleShape);
    return {
      id: r.id ?? r.bundleId ?? r.manifest?.id ?? 'unknown',
      provider: r.provider ?? r.providers?.[0] ?? 'cpu',
      timingHead: r.timingHead ?? r.hasTimingHead ?? r.hasOnsets ?? false,
    };
  }

  async onsets(video: string, start: number, end: number): Promise<number[] | null> {
    const r = await this.call('generate:onsets', { video, start, end }, OnsetsShape);
    if (r.available === false) return null;
    return r.onsets ?? r.times ?? null;
  }

  async generate(req: GenerateRequest): Promise<string> {
    return (await this.call('generate:start', req, JobStartShape)).jobId;
  }

  cancel(jobId: string): Promise<ResponseOf<'job:cancel'>> {
    return this.typed('job:cancel', { jobId });
  }

  async search(query: string, filters: { ambient?: 'low' | 'high'; limit?: number } = {}): Promise<LibraryClipShape[]> {
    return clipsOf(await this.call('library:search', { query, limit: filters.limit ?? 100, ...(filters.ambient ? { ambient: filters.ambient } : {}) }, LibraryListShape));
  }

  async retrieve(video: string, start: number, end: number, mode: 'clean' | 'joint', k = 8): Promise<LibraryClipShape[]> {
    return clipsOf(await this.call('library:retrieve', { video, start, end, mode, k }, LibraryListShape));
  }

  async librarySize(): Promise<number> {
    const r = await this.call('library:stats', {}, StatsShape);
    return r.clips ?? r.count ?? r.total ?? 0;
  }

  /** A native dialog where the shell has one; null when cancelled or unavailable (browser mode shows a path input). */
  async dialog(channel: 'dialog:openVideo' | 'dialog:openProject' | 'dialog:saveProject' | 'dialog:chooseFolder'): Promise<string | null | 'unavailable'> {
    try {
      const r = await this.call(channel, {}, JobStartShape.partial().passthrough());
      return ((r as { path?: string | null }).path ?? null);
    } catch {
      return 'unavailable';
    }
  }
}

function clipsOf(r: z.output<typeof LibraryListShape>): LibraryClipShape[] {
  const raw = r.clips ?? r.results ?? r.hits ?? [];
  return raw.flatMap((x) => {
    // A result may be the clip itself or {clip, score}.
    const obj = x as { clip?: unknown; score?: number };
    const p = LibraryClipShape.safeParse(obj.clip ? { ...(obj.clip as object), score: obj.score } : x);
    return p.success ? [p.data] : [];
  });
}
