import type { ProjectDoc, Track, VideoRef } from './doc';
import { newId } from './doc';
import { EditError } from './errors';

type Kind = Track['kind'];

export function addTrack(doc: ProjectDoc, kind: Exclude<Kind, 'original'>, id = newId(kind)): ProjectDoc {
  const n = doc.tracks.filter((t) => t.kind === kind).length + 1;
  const track: Track = { id, kind, name: `${kind === 'action' ? 'Action' : 'Ambience'} ${n}`, gainDb: 0, mute: false, solo: false };
  // Keep kinds grouped (original, actions, ambiences) so the timeline reads top to bottom like docs/DESIGN.md §1.4.
  const order: Kind[] = ['original', 'action', 'ambient'];
  const tracks = [...doc.tracks, track].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { ...doc, tracks };
}

export function removeTrack(doc: ProjectDoc, id: string): ProjectDoc {
  const t = doc.tracks.find((x) => x.id === id);
  if (!t) return doc;
  if (t.kind === 'original') throw new EditError('the original-sound track cannot be removed (mute it instead)');
  return {
    ...doc,
    tracks: doc.tracks.filter((x) => x.id !== id),
    spans: doc.spans.filter((s) => s.trackId !== id),
    clips: doc.clips.filter((c) => c.trackId !== id),
  };
}

export function updateTrack(doc: ProjectDoc, id: string, patch: Partial<Pick<Track, 'name' | 'gainDb' | 'mute' | 'solo'>>): ProjectDoc {
  if (patch.gainDb !== undefined) patch = { ...patch, gainDb: Math.min(24, Math.max(-120, patch.gainDb)) };
  return { ...doc, tracks: doc.tracks.map((t) => (t.id === id ? { ...t, ...patch } : t)) };
}

/** Sets the video; the original track gets one clip of the video's own sound, covering the whole timeline. */
export function setVideo(doc: ProjectDoc, video: VideoRef): ProjectDoc {
  const clips = doc.clips.filter((c) => c.trackId !== 'original');
  if (video.hasAudio) {
    clips.push({
      id: 'original-audio', trackId: 'original', source: { path: video.path, sha256: video.sha256 }, start: 0,
      duration: video.duration, offset: 0, gainDb: 0, fadeIn: 0, fadeOut: 0, loop: false, loopCrossfade: 0.5, label: 'original sound',
    });
  }
  return { ...doc, video, clips };
}

export function addMarker(doc: ProjectDoc, time: number, label = `M${doc.markers.length + 1}`): ProjectDoc {
  return { ...doc, markers: [...doc.markers, { id: newId('marker'), time: Math.max(0, time), label }].sort((a, b) => a.time - b.time) };
}

export function removeMarker(doc: ProjectDoc, id: string): ProjectDoc {
  return { ...doc, markers: doc.markers.filter((m) => m.id !== id) };
}
