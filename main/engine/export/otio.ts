import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Marker, ProjectDoc } from '../../contract/domains/project-doc';
import { dbToGain } from './mix';
import type { RppTrack } from './rpp';
import type { Segment } from './segments';

/**
 * OpenTimelineIO JSON (Timeline.1 → Stack.1 → Track.1 → Clip.2 / Gap.1 / Transition.1, ExternalReference.1,
 * RationalTime.1 / TimeRange.1, Marker.2). Audio times are at the export sample rate, so every position is an
 * exact integer. OTIO tracks are sequences (no overlaps), so a project track whose items overlap is laid out on
 * extra lanes ("Ambience (2)"); a looping bed stays in one lane as repeats joined by SMPTE_Dissolve transitions
 * centred on each crossfade (in/out offset = half the crossfade), which is exactly what mix.ts renders.
 */
type Json = Record<string, unknown>;

const rt = (value: number, rate: number): Json => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const range = (start: number, duration: number, rate: number): Json => ({ OTIO_SCHEMA: 'TimeRange.1', start_time: rt(start, rate), duration: rt(duration, rate) });

interface Placed {
  start: number; // samples
  end: number;
  srcStart: number;
  name: string;
  file: string;
  metadata: Json;
  /** Transition into this piece from the previous one in the lane (samples each side of the cut). */
  dissolve?: number;
}

/** A file beside the .otio (an exported stem) as a relative URL, so the folder can move; any other as file://. */
function targetUrl(file: string): string {
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function clip(p: Placed, rate: number): Json {
  return {
    OTIO_SCHEMA: 'Clip.2',
    name: p.name,
    source_range: range(p.srcStart, p.end - p.start, rate),
    effects: [],
    markers: [],
    enabled: true,
    metadata: p.metadata,
    media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', name: p.name, available_range: null, available_image_bounds: null, metadata: {}, target_url: targetUrl(p.file) } },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

const gap = (samples: number, rate: number): Json => ({ OTIO_SCHEMA: 'Gap.1', name: '', source_range: range(0, samples, rate), effects: [], markers: [], enabled: true, metadata: {} });

/** A looping item's repeats, cut at the middle of each crossfade. */
function pieces(segments: Segment[], file: string, name: string, rate: number, metadata: Json): Placed[] {
  const s = (t: number): number => Math.round(t * rate);
  return segments.map((seg, k) => {
    const next = segments[k + 1];
    const cutIn = k > 0 ? s(seg.fadeIn) >> 1 : 0; // half of this repeat's crossfade
    const start = s(seg.position) + cutIn;
    const end = next ? s(next.position) + (s(next.fadeIn) >> 1) : s(seg.position + seg.length);
    return { start, end, srcStart: s(seg.sourceOffset) + cutIn, name: segments.length > 1 ? `${name} (${k + 1})` : name, file, metadata, ...(k > 0 ? { dissolve: cutIn } : {}) };
  });
}

function lanesOf(t: RppTrack, rate: number): Placed[][] {
  const lanes: Placed[][] = [];
  const groups = t.items.map(({ item, file, segments }) => pieces(segments, file, item.name, rate, { a2s: { id: item.id, kind: item.kind, gainDb: item.gainDb, gain: dbToGain(item.gainDb), fadeIn: item.fadeIn, fadeOut: item.fadeOut, loop: item.loop, loopCrossfade: item.loopCrossfade, ...(item.take ? { take: item.take } : {}) } }));
  groups.sort((a, b) => a[0]!.start - b[0]!.start);
  for (const g of groups) {
    const lane = lanes.find((l) => l[l.length - 1]!.end <= g[0]!.start);
    if (lane) lane.push(...g);
    else lanes.push([...g]);
  }
  return lanes;
}

function laneToTrack(lane: Placed[], name: string, rate: number, metadata: Json): Json {
  const children: Json[] = [];
  let at = 0;
  for (const p of lane) {
    if (p.dissolve !== undefined && p.dissolve > 0) {
      children.push({ OTIO_SCHEMA: 'Transition.1', name: 'loop crossfade', transition_type: 'SMPTE_Dissolve', in_offset: rt(p.dissolve, rate), out_offset: rt(p.dissolve, rate), metadata: { a2s: { curve: 'equal-power' } } });
    } else if (p.start > at) {
      children.push(gap(p.start - at, rate));
    }
    children.push(clip(p, rate));
    at = p.end;
  }
  return { OTIO_SCHEMA: 'Track.1', name, kind: 'Audio', source_range: null, effects: [], markers: [], enabled: true, metadata, children };
}

export function writeOtio(o: { doc: ProjectDoc; rate: number; videoFile: string | null; tracks: RppTrack[]; markers: Marker[]; timecodeFrames: number | null }): string {
  const { rate, doc } = o;
  const tracks: Json[] = [];
  if (o.videoFile && doc.video) {
    const fps = doc.video.fps.num / doc.video.fps.den;
    const frames = Math.round(doc.video.duration * fps);
    const v = { start: 0, end: frames, srcStart: 0, name: 'Video', file: o.videoFile, metadata: {} };
    tracks.push({ OTIO_SCHEMA: 'Track.1', name: 'Video', kind: 'Video', source_range: null, effects: [], markers: [], enabled: true, metadata: {}, children: [clip(v, fps)] });
  }
  for (const t of o.tracks) {
    const meta = { a2s: { trackId: t.id, gainDb: t.gainDb, mute: t.mute, solo: t.solo } };
    const lanes = lanesOf(t, rate);
    if (lanes.length === 0) lanes.push([]);
    lanes.forEach((lane, i) => tracks.push(laneToTrack(lane, i === 0 ? t.name : `${t.name} (${i + 1})`, rate, meta)));
  }
  const markers = o.markers.map((m) => ({ OTIO_SCHEMA: 'Marker.2', name: m.label || m.id, marked_range: range(Math.round(m.time * rate), 0, rate), color: 'RED', comment: '', metadata: { a2s: { id: m.id } } }));
  const fps = doc.video ? doc.video.fps.num / doc.video.fps.den : null;
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    name: doc.name,
    metadata: { a2s: { format: doc.format, sampleRate: rate, bundleId: doc.bundleId ?? null, startTimecode: doc.video?.startTimecode ?? null } },
    global_start_time: o.timecodeFrames !== null && fps ? rt(o.timecodeFrames, fps) : null,
    tracks: { OTIO_SCHEMA: 'Stack.1', name: 'tracks', source_range: null, effects: [], markers, enabled: true, metadata: {}, children: tracks },
  };
  return JSON.stringify(timeline, null, 2) + '\n';
}
