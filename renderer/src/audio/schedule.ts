import * as Tone from 'tone';
import { voicePieces, type Piece } from './pieces';
import type { DisposalScope } from './scope';
import { varispeedStarts } from './varispeed';
import type { Voice } from './voices';

/**
 * Schedules one voice on the mix clock (Tone's Transport) into `dest`: a Volume for its gain, one clock-synced Player
 * per piece (pieces.ts: the export mix's fades and crossfades, baked where shaped). Every node lives in `scope`.
 */
export function scheduleVoice(scope: DisposalScope, buf: Tone.ToneAudioBuffer, v: Voice, dest: Tone.InputNode): void {
  const prep = piecesOf(buf, v);
  if (!prep) return;
  const { pieces, rate } = prep;
  const vol = scope.add(new Tone.Volume(v.gainDb).connect(dest));
  for (const p of pieces) {
    const src = p.source;
    const player = scope.add(new Tone.Player(bufferOf(buf, src)));
    player.loop = p.loop; // the steady loop repeat, sample-exact and gapless in Web Audio
    player.connect(vol).sync();
    player.start(v.start + p.from / rate, src.kind === 'shared' ? src.offset / rate : 0, p.length / rate);
  }
}

/** The voice's pieces at its buffer's rate (null while the buffer is empty). */
function piecesOf(buf: Tone.ToneAudioBuffer, v: Voice): { pieces: Piece[]; rate: number } | null {
  const raw = buf.get();
  if (!raw) return null;
  const channels = Array.from({ length: raw.numberOfChannels }, (_, c) => raw.getChannelData(c));
  return { pieces: voicePieces(v, channels, raw.sampleRate), rate: raw.sampleRate };
}

function bufferOf(buf: Tone.ToneAudioBuffer, src: Piece['source']): Tone.ToneAudioBuffer {
  return src.kind === 'shared' ? buf : Tone.ToneAudioBuffer.fromArray(src.channels);
}

/**
 * The same voice at a shuttle rate (2×, 4×), off the mix clock: each piece a Player at `speed`, started at the real
 * time `at` + its delay (varispeed.ts), so the timeline runs `speed`× from timeline time `from` like the picture.
 * Same pieces, gain and destination as `scheduleVoice`, so it is the same mix, faster (and pitched up, like tape).
 */
export function scheduleVoiceVarispeed(scope: DisposalScope, buf: Tone.ToneAudioBuffer, v: Voice, dest: Tone.InputNode, from: number, speed: number, at: number): void {
  const prep = piecesOf(buf, v);
  if (!prep) return;
  const { pieces, rate } = prep;
  const starts = varispeedStarts(pieces, v.start, rate, from, speed);
  if (!starts.length) return;
  const vol = scope.add(new Tone.Volume(v.gainDb).connect(dest));
  for (const s of starts) {
    const p = pieces[s.piece]!;
    const player = scope.add(new Tone.Player(bufferOf(buf, p.source)));
    player.loop = p.loop;
    player.playbackRate = speed;
    player.connect(vol);
    player.start(at + s.delay, s.offset, s.duration);
  }
}
