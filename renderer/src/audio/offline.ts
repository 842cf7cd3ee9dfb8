import * as Tone from 'tone';
import { scheduleVoice, scheduleVoiceVarispeed } from './schedule';
import { DisposalScope } from './scope';
import type { Voice } from './voices';

/**
 * Renders voices through the editor's own playback path (scheduleVoice on Tone's clock) into an
 * OfflineAudioContext: what the user hears, sample by sample, for checks against the export mix (also at a shuttle
 * speed). Sources are decoded
 * before the offline context becomes Tone's global one, so nothing else in the page is created in it.
 */
export async function renderVoicesOffline(voices: Voice[], seconds: number, urlOf: (path: string) => Promise<string>, rate = 48000): Promise<Float32Array[]> {
  return render(voices, seconds, urlOf, rate, (scope, buffers, { clock, destination }) => {
    for (const v of voices) scheduleVoice(scope, buffers.get(v.path)!, v, destination);
    clock.start(0);
  });
}

/** The same at a shuttle speed (2×, 4×): the players `scheduleVoiceVarispeed` makes, from timeline time `from`. */
export async function renderVarispeedOffline(voices: Voice[], from: number, speed: number, seconds: number, urlOf: (path: string) => Promise<string>, rate = 48000): Promise<Float32Array[]> {
  return render(voices, seconds, urlOf, rate, (scope, buffers, { destination }) => {
    for (const v of voices) scheduleVoiceVarispeed(scope, buffers.get(v.path)!, v, destination, from, speed, 0);
  });
}

type Schedule = (scope: DisposalScope, buffers: Map<string, Tone.ToneAudioBuffer>, ctx: { clock: ReturnType<typeof Tone.getTransport>; destination: Tone.InputNode }) => void;

async function render(voices: Voice[], seconds: number, urlOf: (path: string) => Promise<string>, rate: number, schedule: Schedule): Promise<Float32Array[]> {
  const decoder = new OfflineAudioContext(2, 1, rate);
  const buffers = new Map<string, Tone.ToneAudioBuffer>();
  for (const v of voices) {
    if (buffers.has(v.path)) continue;
    const bytes = await (await fetch(await urlOf(v.path))).arrayBuffer();
    buffers.set(v.path, new Tone.ToneAudioBuffer(await decoder.decodeAudioData(bytes)));
  }
  const scope = new DisposalScope();
  try {
    const out = await Tone.Offline(({ transport, destination }) => schedule(scope, buffers, { clock: transport, destination }), seconds, 2, rate);
    return [0, 1].map((c) => Float32Array.from(out.getChannelData(c)));
  } finally {
    scope.dispose();
  }
}
