import { BEXT_FIXED, decodeBext, encodeBext, type BextInfo } from './bext';

export type WavFormat = 'pcm16' | 'pcm24' | 'float32';
export type WavReadFormat = WavFormat | 'pcm8' | 'pcm32' | 'float64';

const U32_MAX = 0xffffffff;

export const bytesPerSample = (f: WavReadFormat): number => ({ pcm8: 1, pcm16: 2, pcm24: 3, pcm32: 4, float32: 4, float64: 8 })[f];

export interface WavLayout {
  /** 'RIFF', or 'RF64' (EBU Tech 3306) when the file would pass 4 GiB. */
  kind: 'RIFF' | 'RF64';
  header: Buffer;
  dataBytes: number;
  totalBytes: number;
}

function chunk(id: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
}

/**
 * Everything before the sample data, for `frames` frames. Pure, so the > 4 GiB switch to RF64 is testable
 * without writing 4 GiB.
 */
export function wavHeader(o: { rate: number; channels: number; format: WavFormat; frames: number; bext?: BextInfo }): WavLayout {
  const bps = bytesPerSample(o.format);
  const isFloat = o.format === 'float32';
  const fmt = Buffer.alloc(isFloat ? 18 : 16);
  fmt.writeUInt16LE(isFloat ? 3 : 1, 0);
  fmt.writeUInt16LE(o.channels, 2);
  fmt.writeUInt32LE(o.rate, 4);
  fmt.writeUInt32LE(o.rate * o.channels * bps, 8);
  fmt.writeUInt16LE(o.channels * bps, 12);
  fmt.writeUInt16LE(bps * 8, 14);
  const dataBytes = o.frames * o.channels * bps;
  const parts: Buffer[] = [chunk('fmt ', fmt)];
  if (o.bext) parts.push(chunk('bext', encodeBext({ codingHistory: `A=${isFloat ? 'PCM_FLOAT' : 'PCM'},F=${o.rate},W=${bps * 8},M=${o.channels === 1 ? 'mono' : 'stereo'},T=Action2Sound Studio\r\n`, ...o.bext })));
  const factBody = Buffer.alloc(4);
  if (isFloat) parts.push(chunk('fact', factBody)); // required for non-PCM formats; filled below
  const rest = parts.reduce((n, p) => n + p.length, 0);
  const pad = dataBytes % 2;
  const ds64Size = 8 + 28;
  let riffSize = 4 + rest + 8 + dataBytes + pad;
  const kind = riffSize > U32_MAX ? 'RF64' : 'RIFF';
  if (kind === 'RF64') riffSize += ds64Size;
  if (isFloat) factBody.writeUInt32LE(Math.min(o.frames, U32_MAX)); // RF64 keeps the real count in ds64
  if (isFloat) parts[parts.length - 1] = chunk('fact', factBody);
  const top = Buffer.alloc(12);
  top.write(kind, 0, 'latin1');
  top.writeUInt32LE(kind === 'RF64' ? U32_MAX : riffSize, 4);
  top.write('WAVE', 8, 'latin1');
  const pre: Buffer[] = [top];
  if (kind === 'RF64') {
    const ds = Buffer.alloc(28);
    ds.writeBigUInt64LE(BigInt(riffSize), 0);
    ds.writeBigUInt64LE(BigInt(dataBytes), 8);
    ds.writeBigUInt64LE(BigInt(o.frames), 16);
    ds.writeUInt32LE(0, 24); // no table
    pre.push(chunk('ds64', ds));
  }
  const dataHead = Buffer.alloc(8);
  dataHead.write('data', 0, 'latin1');
  dataHead.writeUInt32LE(kind === 'RF64' ? U32_MAX : dataBytes, 4);
  const header = Buffer.concat([...pre, ...parts, dataHead]);
  return { kind, header, dataBytes, totalBytes: header.length + dataBytes + pad };
}

export interface ParsedWavHeader {
  kind: 'RIFF' | 'RF64';
  rate: number;
  channels: number;
  format: WavReadFormat;
  dataOffset: number;
  dataBytes: number;
  bext?: BextInfo;
}

/** Walks the chunks of a RIFF/RF64 WAVE header; throws a plain Error with the reason (the caller names the file). */
export function parseWavHeader(buf: Buffer, fileSize: number): ParsedWavHeader {
  const kind = buf.toString('latin1', 0, 4);
  if ((kind !== 'RIFF' && kind !== 'RF64') || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error('not a WAV file (no RIFF/RF64 WAVE header)');
  let pos = 12;
  let ds64Data: number | null = null;
  let fmt: Buffer | null = null;
  let bext: BextInfo | undefined;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('latin1', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'data') {
      if (!fmt) throw new Error('the data chunk comes before any fmt chunk');
      let dataBytes = kind === 'RF64' && size === U32_MAX && ds64Data !== null ? ds64Data : size;
      dataBytes = Math.min(dataBytes, fileSize - body); // a truncated file: read what is there
      const tag = fmt.readUInt16LE(0);
      const bits = fmt.readUInt16LE(14);
      const sub = tag === 0xfffe && fmt.length >= 26 ? fmt.readUInt16LE(24) : tag;
      const format: WavReadFormat | null = sub === 3 ? (bits === 32 ? 'float32' : bits === 64 ? 'float64' : null) : sub === 1 ? ({ 8: 'pcm8', 16: 'pcm16', 24: 'pcm24', 32: 'pcm32' } as const)[bits as 8] ?? null : null;
      if (!format) throw new Error(`unsupported WAV encoding (format tag ${sub}, ${bits} bits)`);
      return { kind, rate: fmt.readUInt32LE(4), channels: fmt.readUInt16LE(2), format, dataOffset: body, dataBytes, bext };
    }
    if (body + size > buf.length) throw new Error(`the header chunk "${id}" is cut short (truncated file?)`);
    const b = buf.subarray(body, body + size);
    if (id === 'ds64' && size >= 16) ds64Data = Number(b.readBigUInt64LE(8));
    else if (id === 'fmt ') fmt = b;
    else if (id === 'bext' && size >= BEXT_FIXED - 180 - 10) bext = decodeBext(b);
    pos = body + size + (size % 2);
  }
  throw new Error('no data chunk found (truncated file?)');
}
