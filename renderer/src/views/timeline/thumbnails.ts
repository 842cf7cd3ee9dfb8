/**
 * Filmstrip frames grabbed from a hidden <video> of the same URL, one seek at a time, cached by time. Only the
 * thumbnails in view are requested; a new view drops the queue of the old one (a 30-minute video never decodes whole).
 */
export class ThumbnailGrabber {
  private readonly video = document.createElement('video');
  private readonly canvas = document.createElement('canvas');
  private readonly cache = new Map<number, ImageBitmap | HTMLCanvasElement>();
  private queue: number[] = [];
  private busy = false;
  private disposed = false;

  constructor(url: string, private readonly height: number, private readonly onFrame: () => void) {
    this.video.muted = true;
    this.video.preload = 'auto';
    this.video.src = url;
  }

  get(t: number): ImageBitmap | HTMLCanvasElement | undefined {
    return this.cache.get(t);
  }

  /** Asks for these times (already quantised by the caller), nearest first. */
  want(times: number[]): void {
    this.queue = times.filter((t) => !this.cache.has(t));
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy || this.disposed) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.disposed) {
        const t = this.queue.shift()!;
        if (this.cache.has(t)) continue;
        await this.seek(t);
        const v = this.video;
        const w = Math.max(1, Math.round((v.videoWidth / Math.max(1, v.videoHeight)) * this.height));
        const c = document.createElement('canvas');
        c.width = w;
        c.height = this.height;
        c.getContext('2d')!.drawImage(v, 0, 0, w, this.height);
        this.cache.set(t, c);
        this.onFrame();
      }
    } catch {
      // an undecodable frame leaves a blank tile; the strip is a guide, not the picture
    } finally {
      this.busy = false;
    }
  }

  private seek(t: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const v = this.video;
      const done = () => {
        v.removeEventListener('seeked', done);
        v.removeEventListener('error', fail);
        resolve();
      };
      const fail = () => {
        v.removeEventListener('seeked', done);
        v.removeEventListener('error', fail);
        reject(new Error('seek failed'));
      };
      v.addEventListener('seeked', done);
      v.addEventListener('error', fail);
      v.currentTime = t + 0.001;
    });
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    this.video.removeAttribute('src');
    this.video.load();
    this.cache.clear();
    void this.canvas;
  }
}
