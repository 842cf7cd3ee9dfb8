/**
 * Broadcast WAV `bext` chunk (EBU Tech 3285 v2): 602 fixed bytes + coding history. Text fields are NUL-padded;
 * TimeReference is the first sample's position in samples since midnight; loudness fields are value×100 as int16,
 * 0x7FFF meaning "not known".
 */
export interface BextInfo {
  description?: string;
  originator?: string;
  originatorReference?: string;
  /** yyyy-mm-dd */
  originationDate?: string;
  /** hh:mm:ss */
  originationTime?: string;
  timeReference?: bigint | number;
  loudness?: { integratedLufs: number; truePeakDb: number; loudnessRange?: number; maxMomentaryLufs?: number; maxShortTermLufs?: number };
  codingHistory?: string;
}

export const BEXT_FIXED = 602;
const UNKNOWN = 0x7fff;

function putText(buf: Buffer, offset: number, size: number, text: string | undefined): void {
  if (!text) return;
  let bytes = Buffer.from(text, 'utf8');
  if (bytes.length > size) {
    // Cut on a character boundary so no reader sees half a UTF-8 sequence.
    let end = size;
    while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
    bytes = bytes.subarray(0, end);
  }
  bytes.copy(buf, offset);
}

function getText(buf: Buffer, offset: number, size: number): string {
  const raw = buf.subarray(offset, offset + size);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? size : nul).toString('utf8');
}

const i16 = (v: number | undefined): number => (v === undefined || !Number.isFinite(v) ? UNKNOWN : Math.max(-32768, Math.min(32766, Math.round(v * 100))));

export function encodeBext(b: BextInfo, now = new Date()): Buffer {
  const history = b.codingHistory ?? '';
  const buf = Buffer.alloc(BEXT_FIXED + history.length + (history.length % 2));
  putText(buf, 0, 256, b.description);
  putText(buf, 256, 32, b.originator ?? 'Action2Sound Studio');
  putText(buf, 288, 32, b.originatorReference);
  const iso = now.toISOString();
  putText(buf, 320, 10, b.originationDate ?? iso.slice(0, 10));
  putText(buf, 330, 8, b.originationTime ?? iso.slice(11, 19));
  const tr = BigInt(b.timeReference ?? 0);
  if (tr < 0n || tr >= 1n << 64n) throw new RangeError(`bext timeReference ${tr} must fit in 64 unsigned bits`);
  buf.writeBigUInt64LE(tr, 338);
  buf.writeUInt16LE(2, 346); // version 2: loudness fields present
  // 348..411 UMID left zero.
  const l = b.loudness;
  buf.writeInt16LE(i16(l?.integratedLufs), 412);
  buf.writeInt16LE(i16(l?.loudnessRange), 414);
  buf.writeInt16LE(i16(l?.truePeakDb), 416);
  buf.writeInt16LE(i16(l?.maxMomentaryLufs), 418);
  buf.writeInt16LE(i16(l?.maxShortTermLufs), 420);
  buf.write(history, BEXT_FIXED, 'latin1');
  return buf;
}

export function decodeBext(buf: Buffer): BextInfo {
  const val = (o: number): number | undefined => (buf.length >= o + 2 && buf.readInt16LE(o) !== UNKNOWN ? buf.readInt16LE(o) / 100 : undefined);
  const version = buf.length >= 348 ? buf.readUInt16LE(346) : 0;
  const out: BextInfo = {
    description: getText(buf, 0, 256),
    originator: getText(buf, 256, 32),
    originatorReference: getText(buf, 288, 32),
    originationDate: getText(buf, 320, 10),
    originationTime: getText(buf, 330, 8),
    timeReference: buf.length >= 346 ? buf.readBigUInt64LE(338) : 0n,
    codingHistory: buf.length > BEXT_FIXED ? getText(buf, BEXT_FIXED, buf.length - BEXT_FIXED) : '',
  };
  if (version >= 2 && val(412) !== undefined) {
    out.loudness = { integratedLufs: val(412)!, truePeakDb: val(416) ?? Number.NaN, loudnessRange: val(414), maxMomentaryLufs: val(418), maxShortTermLufs: val(420) };
  }
  return out;
}
