/**
 * Seeded Gaussian noise for initial latents: PCG32 (O'Neill 2014, XSH-RR output) → uniform (0,1) → Box–Muller.
 * Deterministic for a given seed on every platform (integer maths in BigInt-free 32-bit lanes).
 */
export class Pcg32 {
  private hi: number; // state as two 32-bit halves (JS numbers are 53-bit; 64-bit multiply done by hand)
  private lo: number;
  private cached: number | null = null;

  constructor(seed: number, stream = 54) {
    this.hi = 0;
    this.lo = 0;
    this.incLo = ((stream << 1) | 1) >>> 0; // pcg32_srandom: inc = (stream << 1) | 1 (stream < 2^31)
    this.nextU32();
    this.add(Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0);
    this.nextU32();
  }

  private readonly incHi = 0;
  private readonly incLo: number;

  private add(hi: number, lo: number): void {
    const l = this.lo + lo;
    this.lo = l >>> 0;
    this.hi = (this.hi + hi + (l > 0xffffffff ? 1 : 0)) >>> 0;
  }

  /** state = state * 6364136223846793005 + inc (mod 2^64). */
  private advance(): void {
    const mHi = 0x5851f42d;
    const mLo = 0x4c957f2d;
    // (hi·2^32 + lo)(mHi·2^32 + mLo) mod 2^64 = lo·mLo + 2^32 (hi·mLo + lo·mHi)
    const a = this.lo;
    const loProd = mulU32(a, mLo);
    const cross = (Math.imul(this.hi, mLo) + Math.imul(a, mHi)) >>> 0;
    this.lo = loProd.lo;
    this.hi = (loProd.hi + cross) >>> 0;
    this.add(this.incHi, this.incLo);
  }

  nextU32(): number {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.advance();
    // xorshifted = ((old >> 18) ^ old) >> 27, as 32 bits; rot = old >> 59
    const sHi = (oldHi >>> 18) ^ oldHi;
    const sLo = ((oldLo >>> 18) | (oldHi << 14)) ^ oldLo;
    const xorshifted = ((sLo >>> 27) | (sHi << 5)) >>> 0;
    const rot = oldHi >>> 27;
    return ((xorshifted >>> rot) | (xorshifted << (-rot & 31))) >>> 0;
  }

  /** Uniform in (0, 1), never 0 (log in Box–Muller). 53 bits from two draws. */
  uniform(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b + 0.5) / 9007199254740992;
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.cached !== null) {
      const v = this.cached;
      this.cached = null;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const th = 2 * Math.PI * this.uniform();
    this.cached = r * Math.sin(th);
    return r * Math.cos(th);
  }

  fillNormal(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal();
    return out;
  }
}

function mulU32(a: number, b: number): { hi: number; lo: number } {
  // 32×32 → 64 via 16-bit limbs (exact in doubles).
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const hh = aH * bH;
  const mid = lh + hl + (ll >>> 16);
  const lo = ((mid & 0xffff) * 65536 + (ll & 0xffff)) >>> 0;
  const hi = (hh + Math.floor(mid / 65536)) >>> 0;
  return { hi, lo };
}

/** The initial latents of one take: `count` items drawn in order from the take's seed. */
export function seededLatents(seed: number, count: number, size: number): Float32Array[] {
  const rng = new Pcg32(seed);
  return Array.from({ length: count }, () => rng.fillNormal(new Float32Array(size)));
}
