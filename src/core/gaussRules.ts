/**
 * Small numerical building blocks shared by the exact single-neuron moments
 * (src/exact/, and the closed-form `moment` members in src/kernels/): the
 * Gauss–Legendre rule and orthonormal coordinates of a set of vectors (the
 * rank reduction of the pre-activation Gaussian, CONVENTIONS §4: rank <= d_in + 1).
 */

/**
 * Gauss–Legendre nodes and weights on [-1, 1] (n >= 1), by Newton iteration on
 * P_n from the Tricomi initial guesses; nodes ascending, exact for polynomials
 * of degree <= 2n - 1 (to rounding).
 */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n), w = new Float64Array(n);
  const m = (n + 1) >> 1;
  for (let i = 0; i < m; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let it = 0; it < 100; it++) {
      const [p, dp] = legendreWithDerivative(n, z);
      const dz = p / dp;
      z -= dz;
      if (Math.abs(dz) <= 1e-16) break;
    }
    // The derivative at the converged node gives the weight.
    const pp = legendreWithDerivative(n, z)[1];
    x[i] = -z;
    x[n - 1 - i] = z;
    w[i] = w[n - 1 - i] = 2 / ((1 - z * z) * pp * pp);
  }
  return { x, w };
}

/** P_n(z) and P_n'(z) by the three-term recurrence (|z| < 1). */
function legendreWithDerivative(n: number, z: number): [number, number] {
  let p1 = 1, p2 = 0;
  for (let j = 1; j <= n; j++) {
    const p3 = p2;
    p2 = p1;
    p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
  }
  return [p1, (n * (z * p1 - p2)) / (z * z - 1)];
}

/**
 * Orthonormal coordinates of `vectors` (each in R^D) in their span: returns the
 * rank r and, for each vector a_j, coordinates c_j in R^r with c_j · c_l = a_j · a_l
 * (to rounding). Modified Gram–Schmidt with pivoting on the largest residual;
 * directions whose residual falls below relTol × (largest norm) count as zero.
 * Used to integrate over the rank-r Gaussian of the pre-activations z_j = a_j · v,
 * v standard normal, as z_j = c_j · u with u standard normal in R^r.
 */
export function orthonormalCoordinates(
  vectors: readonly (readonly number[])[],
  relTol = 1e-12,
): { rank: number; coords: number[][]; basis: number[][] } {
  const D = vectors[0]?.length ?? 0;
  const res = vectors.map((v) => v.slice());
  const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
  const scale = Math.max(0, ...vectors.map(norm));
  const basis: number[][] = [];
  while (basis.length < D) {
    let best = -1, bestNorm = 0;
    for (let j = 0; j < res.length; j++) {
      const nj = norm(res[j]!);
      if (nj > bestNorm) { bestNorm = nj; best = j; }
    }
    if (best < 0 || bestNorm <= relTol * scale || bestNorm === 0) break;
    const q = res[best]!.map((t) => t / bestNorm);
    // Re-orthogonalise once against the basis (twice is enough, Kahan).
    for (const b of basis) {
      const d = b.reduce((s, t, i) => s + t * q[i]!, 0);
      for (let i = 0; i < D; i++) q[i]! -= d * b[i]!;
    }
    const nq = norm(q);
    for (let i = 0; i < D; i++) q[i]! /= nq;
    basis.push(q);
    for (const r of res) {
      const d = q.reduce((s, t, i) => s + t * r[i]!, 0);
      for (let i = 0; i < D; i++) r[i]! -= d * q[i]!;
    }
  }
  const coords = vectors.map((v) => basis.map((b) => b.reduce((s, t, i) => s + t * v[i]!, 0)));
  return { rank: basis.length, coords, basis };
}

/** E[r^k] for r = |u|, u standard normal in R^dim (chi distribution): 2^{k/2} Γ((dim+k)/2) / Γ(dim/2). */
export function chiMoment(dim: number, k: number): number {
  // Γ ratio by the recursion Γ(a+1) = aΓ(a), exact for integer k; half-integer steps use one Γ(1/2)/Γ(1)-type ratio.
  let r = 1, a = dim / 2;
  let kk = k;
  while (kk >= 2) { r *= 2 * a; a += 1; kk -= 2; }
  if (kk === 1) r *= Math.SQRT2 * Math.exp(lgamma(a + 0.5) - lgamma(a));
  return r;
}

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error ~1e-15). */
export function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
