/**
 * Fréchet distance between two Gaussians fitted to embedding sets (the FAD of docs/DESIGN.md §8):
 *   d² = |μ1 − μ2|² + Tr(Σ1 + Σ2 − 2 (Σ1^½ Σ2 Σ1^½)^½)
 * using Tr((Σ1 Σ2)^½) = Tr((Σ1^½ Σ2 Σ1^½)^½), which only needs symmetric eigendecompositions (Jacobi).
 */
type Mat = Float64Array[];

function meanCov(x: Float32Array[], eps: number): { mu: Float64Array; cov: Mat } {
  const d = x[0]!.length;
  const n = x.length;
  const mu = new Float64Array(d);
  for (const v of x) for (let i = 0; i < d; i++) mu[i]! += v[i]! / n;
  const cov: Mat = Array.from({ length: d }, () => new Float64Array(d));
  for (const v of x)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i]![j]! += ((v[i]! - mu[i]!) * (v[j]! - mu[j]!)) / Math.max(1, n - 1);
  for (let i = 0; i < d; i++) cov[i]![i]! += eps; // few samples: keep Σ positive definite
  return { mu, cov };
}

/** Cyclic Jacobi: returns eigenvalues and eigenvectors (columns of V) of a symmetric matrix. */
export function symmetricEigen(a: Mat): { values: Float64Array; vectors: Mat } {
  const n = a.length;
  const m = a.map((r) => Float64Array.from(r));
  const v: Mat = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k]![p]!;
          const mkq = m[k]![q]!;
          m[k]![p] = c * mkp - s * mkq;
          m[k]![q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p]![k]!;
          const mqk = m[q]![k]!;
          m[p]![k] = c * mpk - s * mqk;
          m[q]![k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => m[i]![i]!), vectors: v };
}

function sqrtSym(a: Mat): Mat {
  const { values, vectors } = symmetricEigen(a);
  const n = a.length;
  const out: Mat = Array.from({ length: n }, () => new Float64Array(n));
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(Math.max(0, values[k]!));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i]![j]! += vectors[i]![k]! * s * vectors[j]![k]!;
  }
  return out;
}

function matmul(a: Mat, b: Mat): Mat {
  const n = a.length;
  const out: Mat = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) for (let j = 0; j < n; j++) out[i]![j]! += a[i]![k]! * b[k]![j]!;
  return out;
}

export function frechetDistance(x: Float32Array[], y: Float32Array[], eps = 1e-6): number {
  const a = meanCov(x, eps);
  const b = meanCov(y, eps);
  const d = a.mu.length;
  let dist = 0;
  for (let i = 0; i < d; i++) dist += (a.mu[i]! - b.mu[i]!) ** 2;
  const s1h = sqrtSym(a.cov);
  const inner = matmul(matmul(s1h, b.cov), s1h);
  const { values } = symmetricEigen(inner);
  let trSqrt = 0;
  for (const v of values) trSqrt += Math.sqrt(Math.max(0, v));
  for (let i = 0; i < d; i++) dist += a.cov[i]![i]! + b.cov[i]![i]!;
  return Math.max(0, dist - 2 * trSqrt);
}
