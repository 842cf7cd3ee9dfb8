import { dotKernel, type DotFn } from './dot-kernel';

/**
 * In-memory vectors of one bundle: one contiguous float32 block (row-major, L2-normalised rows, padded to a
 * multiple of 8 floats), so cosine similarity is a dot product and top-k is one linear pass. Brute force is fast
 * enough at 100k clips (measured in main/bench/cases/library.ts); rows are added and removed incrementally
 * (swap-remove keeps the block dense). The block lives in WebAssembly memory so the SIMD kernel reads it in place.
 */
export interface Scored {
  readonly id: number;
  readonly score: number;
}

export function normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const n = Math.sqrt(s);
  const out = new Float32Array(v.length);
  if (n > 0) for (let i = 0; i < v.length; i++) out[i] = v[i]! / n;
  return out;
}

const PAGE = 65536;

export class VectorIndex {
  /** Floats per row: dim rounded up to 8 (the kernel reads 8 at a time; the padding stays zero). */
  readonly stride: number;
  private readonly memory = new WebAssembly.Memory({ initial: 1 });
  private readonly kernel: DotFn | null;
  private capacity = 0;
  private ids = new Int32Array(0);
  private readonly slotOf = new Map<number, number>();
  private n = 0;

  constructor(readonly dim: number, capacity = 1024, opts: { simd?: boolean } = {}) {
    this.stride = Math.ceil(dim / 8) * 8;
    this.kernel = opts.simd === false ? null : dotKernel(this.memory);
    this.reserve(capacity);
  }

  get size(): number {
    return this.n;
  }

  /** Whether top-k runs on the WebAssembly SIMD kernel (else the JS loop). */
  get simd(): boolean {
    return this.kernel !== null;
  }

  has(id: number): boolean {
    return this.slotOf.has(id);
  }

  /** Adds or replaces the vector of `id` (normalised here; callers may pass raw embeddings). */
  set(id: number, vector: Float32Array): void {
    if (vector.length !== this.dim) throw new Error(`vector of ${vector.length} values for an index of dim ${this.dim}`);
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      if (this.n === this.capacity) this.reserve(this.capacity * 2);
      slot = this.n++;
      this.slotOf.set(id, slot);
      this.ids[slot] = id;
    }
    this.rows().set(normalise(vector), slot * this.stride);
  }

  delete(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const last = --this.n;
    const rows = this.rows();
    if (slot !== last) {
      rows.copyWithin(slot * this.stride, last * this.stride, (last + 1) * this.stride);
      const moved = this.ids[last]!;
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
    }
    rows.fill(0, last * this.stride, (last + 1) * this.stride);
    this.slotOf.delete(id);
  }

  get(id: number): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.rows().slice(slot * this.stride, slot * this.stride + this.dim);
  }

  /** The k rows with the highest cosine to `query` (best first); `accept` filters ids (e.g. exclude the query clip). */
  topK(query: Float32Array, k: number, accept?: (id: number) => boolean): Scored[] {
    if (query.length !== this.dim) throw new Error(`query of ${query.length} values for an index of dim ${this.dim}`);
    if (k <= 0 || this.n === 0) return [];
    const scores = this.score(normalise(query));
    // A sorted array of the best k beats a heap for the small k used here (insertions are rare after warm-up).
    const bestScore = new Float32Array(k).fill(-Infinity);
    const bestSlot = new Int32Array(k).fill(-1);
    let floor = -Infinity;
    for (let r = 0; r < this.n; r++) {
      const s = scores[r]!;
      if (s <= floor) continue;
      if (accept && !accept(this.ids[r]!)) continue;
      let p = k - 1;
      while (p > 0 && bestScore[p - 1]! < s) {
        bestScore[p] = bestScore[p - 1]!;
        bestSlot[p] = bestSlot[p - 1]!;
        p--;
      }
      bestScore[p] = s;
      bestSlot[p] = r;
      floor = bestScore[k - 1]!;
    }
    const out: Scored[] = [];
    for (let i = 0; i < k && bestSlot[i]! >= 0; i++) out.push({ id: this.ids[bestSlot[i]!]!, score: bestScore[i]! });
    return out;
  }

  /** Cosine of every row to the (normalised) query, in slot order. */
  private score(q: Float32Array): Float32Array {
    const rowBytes = this.stride * 4;
    const qOff = this.capacity * rowBytes;
    const outOff = qOff + rowBytes;
    const buf = this.memory.buffer;
    const qView = new Float32Array(buf, qOff, this.stride);
    qView.fill(0);
    qView.set(q);
    const scores = new Float32Array(buf, outOff, this.n);
    if (this.kernel) {
      this.kernel(0, qOff, outOff, this.n, rowBytes);
      return scores;
    }
    const rows = this.rows();
    const dim = this.dim;
    for (let r = 0, off = 0; r < this.n; r++, off += this.stride) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += rows[off + j]! * q[j]!;
      scores[r] = s;
    }
    return scores;
  }

  private rows(): Float32Array {
    return new Float32Array(this.memory.buffer, 0, this.capacity * this.stride);
  }

  /** Grows the block to `capacity` rows; rows stay at offset 0, the query and score scratch follow them. */
  private reserve(capacity: number): void {
    const bytes = capacity * this.stride * 4 + this.stride * 4 + capacity * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    // Old scratch (query, scores) past the old rows may hold junk: the new rows must start zeroed for the padding.
    new Float32Array(this.memory.buffer, this.capacity * this.stride * 4, (capacity - this.capacity) * this.stride).fill(0);
    const ids = new Int32Array(capacity);
    ids.set(this.ids.subarray(0, this.n));
    this.ids = ids;
    this.capacity = capacity;
  }
}
