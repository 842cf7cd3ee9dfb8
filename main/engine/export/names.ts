import path from 'node:path';
import type { ProjectDoc } from '../../contract/domains/project-doc';
import type { MuxAudio } from './mux';
import { muxContainer } from './mux';

/** File-system-safe piece of a name (keeps letters of any script, digits, - and _). */
export function safeName(text: string): string {
  return text.normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'untitled';
}

export interface OutputNames {
  stems: { trackId: string; track: string; file: string }[];
  mix: string;
  video: string | null;
  rpp: string | null;
  otio: string | null;
}

/** Every file an export writes: NAME_01_Track.wav…, NAME_mix.wav, NAME_video.ext, NAME.rpp, NAME.otio. */
export function outputNames(doc: ProjectDoc, outDir: string, o: { mux: boolean; muxAudio: MuxAudio; rpp: boolean; otio: boolean }): OutputNames {
  const base = safeName(doc.name);
  const dir = path.resolve(outDir);
  const width = Math.max(2, String(doc.tracks.length).length);
  return {
    stems: doc.tracks.map((t, i) => ({ trackId: t.id, track: t.name, file: path.join(dir, `${base}_${String(i + 1).padStart(width, '0')}_${safeName(t.name)}.wav`) })),
    mix: path.join(dir, `${base}_mix.wav`),
    video: o.mux && doc.video ? path.join(dir, `${base}_video${muxContainer(doc.video.path, o.muxAudio).ext}`) : null,
    rpp: o.rpp ? path.join(dir, `${base}.rpp`) : null,
    otio: o.otio ? path.join(dir, `${base}.otio`) : null,
  };
}

export function allOutputs(n: OutputNames): string[] {
  return [...n.stems.map((s) => s.file), n.mix, n.video, n.rpp, n.otio].filter((f): f is string => f !== null);
}
