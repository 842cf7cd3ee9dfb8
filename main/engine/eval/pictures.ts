/**
 * `a2s eval --pictures DIR`: one PNG per clip, a spectrogram row per method (ground truth first) with the true
 * contact times as white ticks, so a person can see sync and ambience at a glance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fft } from '../onsets';
import { encodePng } from './png';

const FRAME = 512;
const HOP = 128;
const BINS = 128; // lowest 128 bins of 257: 0–4 kHz at 16 kHz, where impacts and beds differ most
const ROW_GAP = 3;

function spectrogram(wave: Float32Array): { cols: number; db: Float32Array } {
  const cols = Math.max(1, Math.floor((wave.length - FRAME) / HOP) + 1);
  const db = new Float32Array(cols * BINS);
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < FRAME; i++) {
      re[i] = (wave[c * HOP + i] ?? 0) * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));
      im[i] = 0;
    }
    fft(re, im);
    for (let b = 0; b < BINS; b++) db[c * BINS + b] = 20 * Math.log10(Math.hypot(re[b]!, im[b]!) + 1e-6);
  }
  return { cols, db };
}

const RANGE_DB = 70;

/** Dark blue → red → yellow → white for x in [0, 1] (0 = RANGE_DB below the sheet's loudest bin). */
function colour(x: number): [number, number, number] {
  const c = Math.min(1, Math.max(0, x));
  const clamp = (v: number): number => Math.round(255 * Math.min(1, Math.max(0, v)));
  return [clamp(2 * c), clamp(2 * c - 0.8), clamp(0.35 * (1 - 2 * c) + 3 * (c - 0.75))];
}

export function writeSpectrogramSheet(file: string, rows: { name: string; wave: Float32Array }[], onsets: number[], rate: number): void {
  const specs = rows.map((r) => spectrogram(r.wave));
  const width = Math.max(...specs.map((s) => s.cols));
  const height = rows.length * (BINS + ROW_GAP);
  const rgb = new Uint8Array(width * height * 3);
  const top = Math.max(...specs.map((s) => s.db.reduce((a, v) => Math.max(a, v), -Infinity)));
  specs.forEach((s, r) => {
    const y0 = r * (BINS + ROW_GAP);
    for (let c = 0; c < s.cols; c++) {
      for (let b = 0; b < BINS; b++) {
        const [R, G, B] = colour((s.db[c * BINS + b]! - top + RANGE_DB) / RANGE_DB);
        const o = ((y0 + BINS - 1 - b) * width + c) * 3;
        rgb[o] = R;
        rgb[o + 1] = G;
        rgb[o + 2] = B;
      }
    }
    for (const t of onsets) {
      const c = Math.round((t * rate) / HOP);
      for (let y = y0; y < y0 + 6 && c < width; y++) rgb.set([255, 255, 255], (y * width + c) * 3);
    }
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodePng(rgb, width, height));
  fs.writeFileSync(file.replace(/\.png$/, '.txt'), `rows top to bottom: ${rows.map((r) => r.name).join(', ')}\nwhite ticks: true contact times\n`);
}
