import * as Tone from 'tone';
import type { Mixer } from './mixer';
import { DisposalScope } from './scope';

/**
 * Keeps the mix clock (Tone's Transport) on the <video> element's clock: the video is the master (it is what the
 * designer watches).
 * Play starts the mix clock at the video's time once the picture is really moving ('playing'), a seek moves it, and
 * every 250 ms a drift above 40 ms (longer than a frame at 25–30 fps) is corrected by re-seeking the mix clock.
 * At a shuttle rate (2×, 4×: the element plays faster) the mix clock, which cannot change speed, stops and the mix
 * plays off it at that rate (`Mixer.startVarispeed`), restarted from the picture on a seek or a drift.
 */
export class VideoSync {
  private readonly scope = new DisposalScope();
  lastDriftMs = 0;
  corrections = 0;

  /**
   * `capture`: route the element's sound through the graph. Only for same-origin media (browser mode's /media/<id>);
   * a cross-origin element (Electron's media:// from app://) would feed the graph silence, so there the element
   * plays its own sound and `applyOriginal` sets its volume and mute from the track.
   */
  constructor(private readonly video: HTMLVideoElement, private readonly mixer: Mixer, private capture: boolean) {
    const s = this.scope;
    s.listen(video, 'playing', () => this.follow());
    s.listen(video, 'pause', () => mixer.pause());
    s.listen(video, 'waiting', () => mixer.pause());
    s.listen(video, 'seeked', () => {
      if (mixer.varispeedSeconds !== null && !video.paused) this.follow();
      else mixer.seek(video.currentTime);
    });
    s.listen(video, 'ratechange', () => {
      if (!video.paused) this.follow();
    });
    s.interval(() => this.check(), 250);
    if (capture) this.routeOriginalSound();
  }

  /** Without capture: the original track's gain and mute/solo applied to the element itself (gain above 0 dB caps). */
  applyOriginal(gainDb: number, audible: boolean): void {
    if (this.capture) return;
    this.video.muted = !audible;
    this.video.volume = Math.min(1, Math.pow(10, gainDb / 20));
  }

  /** The mix follows the playing picture: on the mix clock at 1×, at the element's rate off it otherwise. */
  private follow(): void {
    const rate = this.video.playbackRate;
    if (rate === 1) void this.mixer.start(this.video.currentTime, 0);
    else if (rate > 0) void this.mixer.startVarispeed(this.video.currentTime, rate);
    else this.mixer.pause();
  }

  private check(): void {
    if (this.video.paused) return;
    const shuttle = this.mixer.varispeedSeconds;
    if (this.video.playbackRate !== 1) {
      // A frame's worth at the shuttle's speed: restart the fast mix from the picture.
      if (shuttle !== null && Math.abs(shuttle - this.video.currentTime) > 0.04 * this.video.playbackRate) {
        this.follow();
        this.corrections++;
      }
      return;
    }
    if (this.mixer.clock.state !== 'started') return;
    const drift = this.mixer.seconds - this.video.currentTime;
    this.lastDriftMs = drift * 1000;
    if (Math.abs(drift) > 0.04) {
      this.mixer.seek(this.video.currentTime);
      this.corrections++;
    }
  }

  /**
   * The original sound plays from the video element itself (always in sync, never decoded whole), routed into the
   * 'original' track so its gain, mute/solo and the master meter apply. Where the element cannot be captured
   * (already captured, or not allowed), the element keeps playing its own sound.
   */
  private routeOriginalSound(): void {
    try {
      const ctx = Tone.getContext().rawContext as AudioContext;
      const src = ctx.createMediaElementSource(this.video);
      Tone.connect(src, this.mixer.originalInput);
      this.scope.defer(() => src.disconnect());
    } catch {
      this.capture = false; // the element keeps its own sound; applyOriginal drives it
    }
  }

  dispose(): void {
    this.scope.dispose();
  }
}
