import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Marker, ProjectDoc } from '../../contract/domains/project-doc';
import { dbToGain } from './mix';
import type { Segment } from './segments';
import type { TimelineItem } from './timeline';

/** REAPER quotes with "…", or '…' / `…` when the text holds a double quote; newlines never belong in a line. */
function q(text: string): string {
  const t = text.replace(/[\r\n]+/g, ' ');
  if (!t.includes('"')) return `"${t}"`;
  if (!t.includes("'")) return `'${t}'`;
  return `\`${t.replace(/`/g, "'")}\``;
}

/** Stable GUIDs (same project → same file), so re-exports diff cleanly. */
function guid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

const num = (v: number): string => (Math.round(v * 1e10) / 1e10).toString();

function sourceKind(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (['.wav', '.w64', '.bwf', '.rf64', '.aif', '.aiff'].includes(ext)) return 'WAVE';
  if (ext === '.flac') return 'FLAC';
  if (ext === '.mp3') return 'MP3';
  if (ext === '.ogg' || ext === '.opus') return 'VORBIS';
  return 'VIDEO'; // mp4/mov/mkv/webm: REAPER's video source also plays the file's audio
}

// REAPER fade curve type: 0 = linear; 1 is its default curve, the closest to an equal-power crossfade.
const shape = (s: Segment['fadeInShape']): number => (s === 'linear' ? 0 : 1);

export interface RppTrack {
  id: string;
  name: string;
  gainDb: number;
  mute: boolean;
  solo: boolean;
  items: { item: TimelineItem; file: string; segments: Segment[] }[];
}

/**
 * A REAPER project: a video track with the picture, then one track per project track with its items where they are
 * on the timeline (POSITION/LENGTH/SOFFS/FADEIN/FADEOUT/VOLPAN/NAME; SOURCE as given: run.ts passes the exported
 * stems by name, which REAPER resolves beside the .rpp), track volume and mute/solo, and the project's markers.
 */
export function writeRpp(o: { doc: ProjectDoc; rate: number; videoFile: string | null; tracks: RppTrack[]; markers: Marker[]; startSeconds: number }): string {
  const L: string[] = [];
  const seed = o.doc.created + o.doc.name;
  L.push(`<REAPER_PROJECT 0.1 "6.0/a2s" ${Math.floor(Date.parse(o.doc.modified) / 1000) || 0}`);
  L.push('  RIPPLE 0', '  AUTOXFADE 1', `  SAMPLERATE ${o.rate} 0 0`, '  TIMELOCKMODE 1');
  // Project start time = the video's start timecode, so REAPER's ruler reads the same timecode as the picture.
  L.push(`  PROJOFFS ${num(o.startSeconds)} 0 0`);
  L.push('  <NOTES 0 2', `    |Exported by Action2Sound Studio from project ${o.doc.name.replace(/[\r\n]/g, ' ')}`, '  >');
  o.markers.forEach((m, i) => L.push(`  MARKER ${i + 1} ${num(m.time)} ${q(m.label || m.id)} 0`));
  if (o.videoFile && o.doc.video) {
    L.push(`  <TRACK ${guid(seed + 'video')}`, `    NAME "Video"`, '    VOLPAN 1 0 -1 -1 1', '    MUTESOLO 0 0 0');
    L.push('    <ITEM', '      POSITION 0', `      LENGTH ${num(o.doc.video.duration)}`, '      LOOP 0', '      FADEIN 0 0 0', '      FADEOUT 0 0 0');
    L.push(`      IGUID ${guid(seed + 'video-item')}`, '      NAME "Video"', '      VOLPAN 1 0 1 -1', '      SOFFS 0');
    // AUDIO 0: picture only (the original sound has its own track)
    L.push('      <SOURCE VIDEO', '        AUDIO 0', `        FILE ${q(o.videoFile)}`, '      >', '    >', '  >');
  }
  // In REAPER mute wins over solo; in the editor solo wins, so a soloed track is written unmuted.
  for (const t of o.tracks) {
    L.push(`  <TRACK ${guid(seed + t.id)}`, `    NAME ${q(t.name)}`, `    VOLPAN ${num(dbToGain(t.gainDb))} 0 -1 -1 1`, `    MUTESOLO ${t.mute && !t.solo ? 1 : 0} ${t.solo ? 1 : 0} 0`);
    for (const { item, file, segments } of t.items) {
      for (const s of segments) {
        L.push('    <ITEM', `      POSITION ${num(s.position)}`, `      LENGTH ${num(s.length)}`, '      LOOP 0');
        L.push(`      FADEIN ${shape(s.fadeInShape)} ${num(s.fadeIn)} 0`, `      FADEOUT ${shape(s.fadeOutShape)} ${num(s.fadeOut)} 0`);
        L.push(`      IGUID ${guid(`${seed}${item.id}#${s.repeat}`)}`, `      NAME ${q(s.repeat ? `${item.name} (${s.repeat + 1})` : item.name)}`);
        L.push(`      VOLPAN ${num(dbToGain(item.gainDb))} 0 1 -1`, `      SOFFS ${num(s.sourceOffset)}`);
        L.push(`      <SOURCE ${sourceKind(file)}`, `        FILE ${q(file)}`, '      >', '    >');
      }
    }
    L.push('  >');
  }
  L.push('>');
  return L.join('\n') + '\n';
}
