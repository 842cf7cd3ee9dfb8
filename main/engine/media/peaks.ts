import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineError } from '../core/errors';
import { atomicWrite } from './atomic';
import { checkInputFile, explainFailure } from './errors';
import { contentKey } from './hash';
import { probe } from './probe';
import { runTool } from './proc';
import { ffInput, findTools } from './tools';

/** Finest stored resolution; coarser levels are merged from it on request (a pyramid computed once per file). */
export const PEAK_BASE = 32;

export interface Peaks {
  rate: number;
  /** Samples (at `rate`) in the file's first audio stream. */
  frames: number;
  samplesPerBucket: number;
  /** Per bucket: lowest and highest sample over all channels, -1..1. */
  min: Float32Array;
  max: Float32Array;
  /** False when `samplesPerBucket` is not a multiple of PEAK_BASE: bucket edges are then rounded outwards. */
  exact: boolean;
  cached: boolean;
}

export interface PeaksOptions {
  samplesPerBucket: number;
  /** Default: <os tmp>/a2s-cache. The engine passes <dataDir>/cache. */
  cacheDir?: string;
  signal?: AbortSignal;
}

interface Base { rate: number; frames: number; min: Float32Array; max: Float32Array }

const memo = new Map<string, Base>();

/** One streaming decode at the native rate; min/max per PEAK_BASE samples without holding the audio in memory. */
async function computeBase(file: string, signal?: AbortSignal): Promise<Base> {
  const info = await probe(file, { signal });
  const a = info.audio[0];
  if (!a) throw new EngineError('bad-input', `${file}: has no audio stream — there is no waveform to draw`, { file });
  const nch = Math.min(2, Math.max(1, a.channels));
  const mins: number[] = [];
  const maxs: number[] = [];
  let lo = Infinity, hi = -Infinity, inBucket = 0, frames = 0, ch = 0;
  let carry = Buffer.alloc(0);
  const onStdout = (chunk: Buffer): void => {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const usable = buf.length - (buf.length % 4);
    // An aligned copy lets us read floats directly (readFloatLE per sample is several times slower).
    const xs = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + usable));
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      if (++ch === nch) {
        ch = 0;
        frames++;
        if (++inBucket === PEAK_BASE) {
          mins.push(lo); maxs.push(hi);
          lo = Infinity; hi = -Infinity; inBucket = 0;
        }
      }
    }
    carry = Buffer.from(buf.subarray(usable));
  };
  const { ffmpeg } = findTools();
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', ffInput(file), '-map', '0:a:0', '-af', 'aresample=first_pts=0', '-ac', String(nch), '-f', 'f32le', 'pipe:1'];
  const res = await runTool(ffmpeg, args, { file, signal, onStdout });
  if (res.code !== 0) throw explainFailure(file, res.stderr, 'reading its waveform');
  if (inBucket > 0) { mins.push(lo); maxs.push(hi); }
  return { rate: a.sampleRate, frames, min: Float32Array.from(mins), max: Float32Array.from(maxs) };
}

async function loadBase(file: string, cacheDir: string, signal?: AbortSignal): Promise<{ base: Base; cached: boolean }> {
  const key = contentKey(file);
  const hit = memo.get(key);
  if (hit) return { base: hit, cached: true };
  const cacheFile = path.join(cacheDir, 'peaks', `${key}.b${PEAK_BASE}.peaks`);
  try {
    const buf = await fs.readFile(cacheFile);
    const rate = buf.readUInt32LE(0), frames = Number(buf.readBigUInt64LE(4)), n = buf.readUInt32LE(12);
    const body = new Float32Array(buf.buffer.slice(buf.byteOffset + 16, buf.byteOffset + 16 + n * 8));
    const base = { rate, frames, min: body.slice(0, n), max: body.slice(n) };
    memo.set(key, base);
    return { base, cached: true };
  } catch {
    /* not cached yet (or unreadable): compute */
  }
  const base = await computeBase(file, signal);
  const head = Buffer.alloc(16);
  head.writeUInt32LE(base.rate, 0);
  head.writeBigUInt64LE(BigInt(base.frames), 4);
  head.writeUInt32LE(base.min.length, 12);
  await fs.mkdir(path.dirname(cacheFile), { recursive: true });
  await atomicWrite(cacheFile, (tmp) => fs.writeFile(tmp, Buffer.concat([head, Buffer.from(base.min.buffer), Buffer.from(base.max.buffer)])));
  if (memo.size > 16) memo.clear();
  memo.set(key, base);
  return { base, cached: false };
}

/** Waveform min/max per bucket of `samplesPerBucket` samples at the file's own rate; cached by content. */
export async function peaks(file: string, opts: PeaksOptions): Promise<Peaks> {
  checkInputFile(file);
  const spb = opts.samplesPerBucket;
  if (!Number.isInteger(spb) || spb < PEAK_BASE || spb > 1 << 24) {
    throw new EngineError('bad-input', `${file}: samplesPerBucket ${spb} must be an integer in ${PEAK_BASE}..${1 << 24}`, { file }, 'samplesPerBucket');
  }
  const { base, cached } = await loadBase(file, opts.cacheDir ?? path.join(os.tmpdir(), 'a2s-cache'), opts.signal);
  const n = Math.ceil(base.frames / spb);
  const min = new Float32Array(n), max = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const from = Math.floor((j * spb) / PEAK_BASE);
    const to = Math.min(base.min.length, Math.ceil(((j + 1) * spb) / PEAK_BASE));
    let lo = Infinity, hi = -Infinity;
    for (let k = from; k < to; k++) {
      if (base.min[k]! < lo) lo = base.min[k]!;
      if (base.max[k]! > hi) hi = base.max[k]!;
    }
    min[j] = Number.isFinite(lo) ? lo : 0;
    max[j] = Number.isFinite(hi) ? hi : 0;
  }
  return { rate: base.rate, frames: base.frames, samplesPerBucket: spb, min, max, exact: spb % PEAK_BASE === 0, cached };
}
