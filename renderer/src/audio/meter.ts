import * as Tone from 'tone';
import { ShortTermWindow, dbfs } from './loudness';
import { DisposalScope } from './scope';

/**
 * Master meter: sample peak from the raw signal, short-term LUFS from a K-weighted copy (BS.1770 pre-filter:
 * high shelf +4 dB near 1.68 kHz, then a 38 Hz high-pass), both read from analysers by the UI's animation frame.
 * Reading the last 4096 samples each frame approximates the 3 s window with overlapping blocks.
 */
export class MasterMeter {
  private readonly scope = new DisposalScope();
  private readonly raw: AnalyserNode;
  private readonly weighted: AnalyserNode;
  private readonly win = new ShortTermWindow(3);
  private readonly buf = new Float32Array(4096);
  private peakHold = -Infinity;
  private peakAt = 0;

  constructor(source: Tone.ToneAudioNode) {
    const ctx = Tone.getContext();
    this.raw = ctx.createAnalyser();
    this.weighted = ctx.createAnalyser();
    this.raw.fftSize = this.weighted.fftSize = 4096;
    const shelf = this.scope.add(new Tone.Filter({ type: 'highshelf', frequency: 1681, gain: 4, Q: 0.71 }));
    const hp = this.scope.add(new Tone.Filter({ type: 'highpass', frequency: 38, Q: 0.5 }));
    source.connect(shelf);
    shelf.connect(hp);
    Tone.connect(hp, this.weighted);
    Tone.connect(source, this.raw);
    this.scope.defer(() => {
      this.raw.disconnect();
      this.weighted.disconnect();
    });
  }

  /** Peak (dBFS, held 1.5 s) and short-term loudness (LUFS) now. */
  read(nowSec: number): { peakDb: number; lufs: number } {
    this.raw.getFloatTimeDomainData(this.buf);
    let peak = 0;
    for (let i = 0; i < this.buf.length; i++) peak = Math.max(peak, Math.abs(this.buf[i]!));
    const p = dbfs(peak);
    if (p >= this.peakHold || nowSec - this.peakAt > 1.5) {
      this.peakHold = p;
      this.peakAt = nowSec;
    }
    this.weighted.getFloatTimeDomainData(this.buf);
    this.win.push(nowSec, this.buf);
    return { peakDb: this.peakHold, lufs: this.win.lufs() };
  }

  dispose(): void {
    this.scope.dispose();
  }
}
