/**
 * Which files may be opened for playback: audio and video containers only, recognised by extension AND by their
 * first bytes, so a renamed document (`secrets.txt` → `clip.mp4`) or a zero-byte/garbage file is refused up front.
 */

export interface MediaKind {
  readonly mime: string;
  /** Does the file's header look like this container? */
  readonly sniff: (head: Buffer) => boolean;
}

const ascii = (head: Buffer, at: number, text: string): boolean => head.subarray(at, at + text.length).toString('latin1') === text;

/** ISO BMFF (mp4, mov, m4a): a box whose type is `ftyp` (or, for old QuickTime, `moov`/`mdat`/`wide`/`free`). */
const isoBmff = (h: Buffer): boolean => ['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip'].some((t) => ascii(h, 4, t));
const ebml = (h: Buffer): boolean => h.length >= 4 && h.readUInt32BE(0) === 0x1a45dfa3; // Matroska / WebM
const riff = (form: string) => (h: Buffer): boolean => ascii(h, 0, 'RIFF') && ascii(h, 8, form);
const ogg = (h: Buffer): boolean => ascii(h, 0, 'OggS');
/** MPEG audio: an ID3v2 tag or a frame sync (11 set bits) with a valid layer. */
const mpegAudio = (h: Buffer): boolean => ascii(h, 0, 'ID3') || (h.length >= 2 && h[0] === 0xff && (h[1]! & 0xe0) === 0xe0 && (h[1]! & 0x06) !== 0);
const adts = (h: Buffer): boolean => h.length >= 2 && h[0] === 0xff && (h[1]! & 0xf6) === 0xf0;
const aiff = (h: Buffer): boolean => ascii(h, 0, 'FORM') && (ascii(h, 8, 'AIFF') || ascii(h, 8, 'AIFC'));

const KINDS: Record<string, MediaKind> = {
  '.mp4': { mime: 'video/mp4', sniff: isoBmff },
  '.m4v': { mime: 'video/mp4', sniff: isoBmff },
  '.mov': { mime: 'video/quicktime', sniff: isoBmff },
  '.mkv': { mime: 'video/x-matroska', sniff: ebml },
  '.webm': { mime: 'video/webm', sniff: ebml },
  '.avi': { mime: 'video/x-msvideo', sniff: riff('AVI ') },
  '.wav': { mime: 'audio/wav', sniff: (h) => riff('WAVE')(h) || ascii(h, 0, 'RF64') },
  '.mp3': { mime: 'audio/mpeg', sniff: mpegAudio },
  '.flac': { mime: 'audio/flac', sniff: (h) => ascii(h, 0, 'fLaC') || ascii(h, 0, 'ID3') },
  '.ogg': { mime: 'audio/ogg', sniff: ogg },
  '.oga': { mime: 'audio/ogg', sniff: ogg },
  '.opus': { mime: 'audio/ogg', sniff: ogg },
  '.m4a': { mime: 'audio/mp4', sniff: isoBmff },
  '.aac': { mime: 'audio/aac', sniff: (h) => adts(h) || ascii(h, 0, 'ID3') },
  '.aif': { mime: 'audio/aiff', sniff: aiff },
  '.aiff': { mime: 'audio/aiff', sniff: aiff },
};

/** Bytes read from the start of a file to recognise it. */
export const SNIFF_BYTES = 16;

export function mediaKindFor(extension: string): MediaKind | undefined {
  return KINDS[extension.toLowerCase()];
}

export const MEDIA_EXTENSIONS: readonly string[] = Object.keys(KINDS);
