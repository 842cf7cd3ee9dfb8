import * as Tone from 'tone';
import type { ProjectDoc } from '../timeline/doc';
import { MasterMeter } from './meter';
import { DisposalScope } from './scope';
import { scheduleVoice, scheduleVoiceVarispeed } from './schedule';
import { audible, voicesOf, type Voice } from './voices';

type UrlOf = (path: string) => Promise<string>;

interface LiveVoice {
  sig: string;
  scope: DisposalScope;
}

/**
 * The mix graph: a Volume per track into a master Volume, the meter on the master, and one clock-synced Player
 * per voice (clip or active take). `update(doc)` reconciles the graph with the document, rebuilding only the voices
 * whose signature changed. Every node lives in a disposal scope owned by this object.
 */
export class Mixer {
  private readonly scope = new DisposalScope();
  readonly master: Tone.Volume;
  readonly meter: MasterMeter;
  /** Where the video element's own sound enters; joined to the 'original' track whenever it exists. */
  readonly originalInput: Tone.Gain;
  private readonly tracks = new Map<string, { vol: Tone.Volume; scope: DisposalScope }>();
  private readonly voices = new Map<string, LiveVoice>();
  private readonly buffers = new Map<string, Promise<Tone.ToneAudioBuffer>>();
  private override = new Map<string, string>();
  private doc: ProjectDoc | null = null;
  /** Decoded buffers by path, for waveform drawing when the engine has no peaks for a file. */
  readonly decoded = new Map<string, AudioBuffer>();

  constructor(private readonly urlOf: UrlOf, private readonly onError: (err: unknown, what: string) => void) {
    this.master = this.scope.add(new Tone.Volume(0).toDestination());
    this.meter = this.scope.add(new MasterMeter(this.master));
    this.originalInput = this.scope.add(new Tone.Gain(1));
  }

  /** The mix clock: Tone's Transport, which every voice's Players are synced to (here "transport" means IPC/WebSocket). */
  get clock() {
    return Tone.getTransport();
  }

  update(doc: ProjectDoc): void {
    this.doc = doc;
    const on = audible(doc);
    for (const t of doc.tracks) {
      let tr = this.tracks.get(t.id);
      if (!tr) {
        const scope = this.scope.child();
        tr = { vol: scope.add(new Tone.Volume(0).connect(this.master)), scope };
        this.tracks.set(t.id, tr);
        if (t.kind === 'original') this.originalInput.connect(tr.vol);
      }
      tr.vol.volume.rampTo(t.gainDb, 0.03);
      tr.vol.mute = !on.has(t.id);
    }
    for (const [id, tr] of this.tracks) {
      if (!doc.tracks.some((t) => t.id === id)) {
        tr.scope.dispose();
        this.tracks.delete(id);
      }
    }
    const wanted = new Map(voicesOf(doc, this.override).map((v) => [v.key, v]));
    for (const [key, live] of this.voices) {
      const v = wanted.get(key);
      if (!v || signature(v) !== live.sig) {
        live.scope.dispose();
        this.voices.delete(key);
      }
    }
    for (const v of wanted.values()) if (!this.voices.has(v.key)) this.addVoice(v);
  }

  /** Plays another take of a span in place of the active one (audition), or back to the document with null. */
  setOverride(spanId: string, takeId: string | null): void {
    if (takeId) this.override.set(spanId, takeId);
    else this.override.delete(spanId);
    if (this.doc) this.update(this.doc);
  }

  /** Starts the mix clock at `offset` seconds, `delay` seconds from now (so the video can start at the same instant). */
  async start(offset: number, delay = 0.05): Promise<void> {
    await Tone.start();
    this.stopVarispeed();
    const t = this.clock;
    if (t.state === 'started') t.pause();
    t.start(Tone.now() + delay, offset);
  }

  pause(): void {
    this.clock.pause();
    this.stopVarispeed();
  }

  private varispeed: { scope: DisposalScope; from: number; speed: number; at: number } | null = null;

  /**
   * Plays the mix at `speed`× (J/K/L shuttle at 2×, 4×) from timeline time `from`, off the mix clock (which cannot
   * change speed): every voice's pieces as Players at that rate into their tracks (schedule.ts), started together.
   * Replaces any shuttle already sounding; `pause` or `stopVarispeed` ends it.
   */
  async startVarispeed(from: number, speed: number): Promise<void> {
    this.clock.pause();
    this.stopVarispeed();
    const scope = this.scope.child();
    const state = { scope, from, speed, at: Infinity };
    this.varispeed = state;
    const voices = this.doc ? voicesOf(this.doc, this.override) : [];
    const bufs = await Promise.all(voices.map((v) => this.loadBuffer(v.path).catch(() => null)));
    if (this.varispeed !== state) return; // stopped or restarted while the buffers loaded
    await Tone.start();
    state.at = Tone.now(); // Tone's clock already looks ahead; no extra delay, or the drift check would see it
    voices.forEach((v, i) => {
      const track = this.tracks.get(v.trackId);
      if (track && bufs[i]) scheduleVoiceVarispeed(scope, bufs[i], v, track.vol, from, speed, state.at);
    });
  }

  stopVarispeed(): void {
    this.varispeed?.scope.dispose();
    this.varispeed = null;
  }

  /** Where the shuttle's sound is on the timeline now (null when none plays yet): the drift check compares the picture. */
  get varispeedSeconds(): number | null {
    const v = this.varispeed;
    return v && v.at !== Infinity ? v.from + Math.max(0, Tone.now() - v.at) * v.speed : null;
  }

  /** Moves the mix clock to `t` (drift correction and seeks). */
  seek(t: number): void {
    this.clock.seconds = t;
  }

  get seconds(): number {
    return this.clock.seconds;
  }

  async loadBuffer(path: string): Promise<Tone.ToneAudioBuffer> {
    let p = this.buffers.get(path);
    if (!p) {
      p = this.urlOf(path).then((url) => new Tone.ToneAudioBuffer().load(url));
      p.then((b) => { const raw = b.get(); if (raw) this.decoded.set(path, raw); }, () => this.buffers.delete(path));
      this.buffers.set(path, p);
    }
    return p;
  }

  private readonly queue: (() => void)[] = [];
  private draining = false;

  /**
   * Builds players a few at a time: a big project (hundreds of clips sharing one decoded bed) would otherwise create
   * every node in one task and freeze the window for seconds.
   */
  private later(fn: () => void): void {
    this.queue.push(fn);
    if (this.draining) return;
    this.draining = true;
    const drain = () => {
      for (let i = 0; i < 24 && this.queue.length; i++) this.queue.shift()!();
      if (this.queue.length) setTimeout(drain, 0);
      else this.draining = false;
    };
    setTimeout(drain, 0);
  }

  private addVoice(v: Voice): void {
    const scope = this.scope.child();
    const live: LiveVoice = { sig: signature(v), scope };
    this.voices.set(v.key, live);
    this.loadBuffer(v.path).then(
      (buf) => this.later(() => {
        if (this.voices.get(v.key) !== live) return; // replaced while loading
        const track = this.tracks.get(v.trackId);
        if (!track) return;
        scheduleVoice(scope, buf, v, track.vol);
      }),
      (err: unknown) => this.onError(err, `cannot load ${v.path}`),
    );
  }

  private auditionScope: DisposalScope | null = null;

  /**
   * Plays a file on the master: at timeline time `at` in sync with the picture (audition against the video), or at
   * once when `at` is null (a library preview). One audition at a time; `stopAudition` ends it.
   */
  async audition(path: string, at: number | null, duration?: number): Promise<void> {
    this.stopAudition();
    const scope = this.scope.child();
    this.auditionScope = scope;
    const buf = await this.loadBuffer(path);
    if (this.auditionScope !== scope) return;
    await Tone.start();
    const player = scope.add(new Tone.Player(buf).connect(this.master));
    player.fadeOut = 0.01;
    if (at === null) player.start(Tone.now(), 0, duration);
    else player.sync().start(at, 0, duration);
  }

  stopAudition(): void {
    this.auditionScope?.dispose();
    this.auditionScope = null;
  }

  dispose(): void {
    this.stopVarispeed();
    this.clock.stop();
    this.scope.dispose();
  }
}

function signature(v: Voice): string {
  return JSON.stringify([v.trackId, v.path, v.start, v.duration, v.offset, v.gainDb, v.fadeIn, v.fadeOut, v.loop, v.loopCrossfade]);
}
