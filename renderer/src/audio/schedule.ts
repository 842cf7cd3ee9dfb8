import * as Tone from 'tone';
import { voicePieces } from './pieces';
import type { DisposalScope } from './scope';
import type { Voice } from './voices';

/**
 * Schedules one voice on the transport into `dest`: a Volume for its gain, one transport-synced Player per piece
 * (pieces.ts: the export mix's fades and crossfades, baked where shaped). Every node lives in `scope`.
 */
export function scheduleVoice(scope: DisposalScope, buf: Tone.ToneAudioBuffer, v: Voice, dest: Tone.InputNode): void {
  const raw = buf.get();
  if (!raw) return;
  const rate = raw.sampleRate;
  const channels = Array.from({ length: raw.numberOfChannels }, (_, c) => raw.getChannelData(c));
  const vol = scope.add(new Tone.Volume(v.gainDb).connect(dest));
  for (const p of voicePieces(v, channels, rate)) {
    const src = p.source;
    const player = scope.add(new Tone.Player(src.kind === 'shared' ? buf : Tone.ToneAudioBuffer.fromArray(src.channels)));
    player.loop = p.loop; // the steady loop repeat, sample-exact and gapless in Web Audio
    player.connect(vol).sync();
    player.start(v.start + p.from / rate, src.kind === 'shared' ? src.offset / rate : 0, p.length / rate);
  }
}
