/**
 * What one ffmpeg pass writes per source frame: small RGB frames for the video graphs, and, when asked, luma frames
 * at another size for the motion timing graph (issue 16) from the SAME decode (issue 20: the decode of the source
 * dominates; a second scale of a decoded frame costs little).
 *
 * rawvideo carries one frame size and pixel format, so both pictures travel in one gray frame: the luma on top, the
 * R, G and B planes of the RGB frame side by side below it, each padded to the wider of the two:
 *
 *   ┌──────────── X = max(Wl, 3·Wv) ────────────┐
 *   │ luma Wl×Hl                                │
 *   ├──────────────┬──────────────┬─────────────┤
 *   │ R Wv×Hv      │ G Wv×Hv      │ B Wv×Hv     │
 *   └──────────────┴──────────────┴─────────────┘
 *
 * extractplanes splits the rgb24 frame exactly (a byte shuffle), so the RGB bytes equal the plain rgb24 pass's
 * (tests/media/packed.test.ts); the luma is `scale=…:flags=area,format=gray`, the decode the motion net trains
 * and is scored with (models/a2s_models/eval/motion_real.py).
 */
export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface FrameLayout {
  /** Filter chain after trim/showinfo (input: the decoded frame; output: one frame per source frame). */
  readonly filter: string;
  readonly pixFmt: 'rgb24' | 'gray';
  readonly frameBytes: number;
  /** Copies frame `j` of `pixels` into slot `i` of the RGB output (and of the luma output, if any). */
  copy(pixels: Uint8Array, j: number, rgb: Uint8Array | null, i: number, luma: Uint8Array | null, k: number): void;
}

const rgbScale = (v: Size, flags: string): string => `scale=${v.width}:${v.height}:flags=${flags}+accurate_rnd,format=rgb24`;

/** RGB only: the pass every bundle without a motion graph runs (unchanged). */
export function rgbLayout(v: Size, flags: string): FrameLayout {
  const bytes = v.width * v.height * 3;
  return {
    filter: rgbScale(v, flags),
    pixFmt: 'rgb24',
    frameBytes: bytes,
    copy: (pixels, j, rgb, i) => rgb?.set(pixels.subarray(j * bytes, (j + 1) * bytes), i * bytes),
  };
}

/** RGB at `v` and luma at `l` from one decode, packed as drawn above. */
export function packedLayout(v: Size, flags: string, l: Size): FrameLayout {
  const X = Math.max(l.width, 3 * v.width);
  const frameBytes = X * (l.height + v.height);
  const filter = [
    `split=2[v][m]`,
    `[v]${rgbScale(v, flags)},extractplanes=r+g+b[r][g][b]`,
    `[r][g][b]hstack=inputs=3,pad=${X}:ih[p]`,
    `[m]scale=${l.width}:${l.height}:flags=area,format=gray,pad=${X}:ih[l]`,
    `[l][p]vstack=inputs=2`,
  ].join(';');
  const rgbBytes = v.width * v.height * 3;
  const lumaBytes = l.width * l.height;
  return {
    filter,
    pixFmt: 'gray',
    frameBytes,
    copy: (pixels, j, rgb, i, luma, k) => {
      const f = j * frameBytes;
      if (luma) {
        for (let y = 0; y < l.height; y++) luma.set(pixels.subarray(f + y * X, f + y * X + l.width), k * lumaBytes + y * l.width);
      }
      if (rgb) {
        const below = f + l.height * X;
        const o = i * rgbBytes;
        for (let y = 0; y < v.height; y++) {
          const row = below + y * X;
          for (let x = 0; x < v.width; x++) {
            const d = o + (y * v.width + x) * 3;
            rgb[d] = pixels[row + x]!;
            rgb[d + 1] = pixels[row + v.width + x]!;
            rgb[d + 2] = pixels[row + 2 * v.width + x]!;
          }
        }
      }
    },
  };
}
