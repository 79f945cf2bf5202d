import { describe, expect, it } from 'vitest';
import { mulberry32, normalSampler } from '../helpers/random.js';
import { jacobiSvd, leastSquares } from '../../src/fit/lsq.js';
import { NnqftError } from '../../src/core/errors.js';

// Seeded uniforms and normals: reproducible noise.
const rng = (seed: number) => ({ u: mulberry32(seed), normal: normalSampler(seed ^ 0x5bd1e995) });

const det2 = (m: number[][]) => m[0]![0]! * m[1]![1]! - m[0]![1]! * m[1]![0]!;
const det3 = (m: number[][]) =>
  m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) -
  m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) +
  m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
/** Cramer's rule for the normal equations (AᵀWA) x = AᵀWb. */
function cramer(A: number[][], b: number[], w: number[]): number[] {
  const p = A[0]!.length;
  const N = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => A.reduce((s, r, k) => s + w[k]! * r[i]! * r[j]!, 0)));
  const r = Array.from({ length: p }, (_, i) => A.reduce((s, row, k) => s + w[k]! * row[i]! * b[k]!, 0));
  const det = p === 2 ? det2 : det3;
  const d = det(N);
  return Array.from({ length: p }, (_, c) => det(N.map((row, i) => row.map((v, j) => (j === c ? r[i]! : v)))) / d);
}

describe('jacobiSvd', () => {
  it('reconstructs A = U S Vᵀ with orthonormal U, V (tall, wide, rank-deficient)', () => {
    const g = rng(7);
    const shapes: [number, number][] = [[7, 3], [3, 5], [6, 4]];
    for (const [m, p] of shapes) {
      const A = Array.from({ length: m }, () => Array.from({ length: p }, () => g.normal()));
      if (m === 6) for (const r of A) r[3] = 2 * r[0]! - r[1]!; // rank 3
      const { U, s, V } = jacobiSvd(A);
      for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) {
        let x = 0;
        for (let k = 0; k < p; k++) x += U[i]![k]! * s[k]! * V[j]![k]!;
        expect(Math.abs(x - A[i]![j]!)).toBeLessThan(1e-13);
      }
      for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) {
        const vv = V.reduce((acc, r) => acc + r[a]! * r[c]!, 0);
        expect(Math.abs(vv - (a === c ? 1 : 0))).toBeLessThan(1e-13);
      }
      for (let k = 1; k < p; k++) expect(s[k]!).toBeLessThanOrEqual(s[k - 1]!);
      if (m === 6) expect(s[3]! / s[0]!).toBeLessThan(1e-14);
    }
  });
});

describe('leastSquares', () => {
  it('matches the normal equations solved by Cramer\'s rule (2 unknowns, hand case)', () => {
    // Line through (0,1), (1,3), (2,4), (3,4): by hand, x = (N⁻¹ Aᵀb) with N = [[4,6],[6,14]], Aᵀb = [12, 23].
    const A = [[1, 0], [1, 1], [1, 2], [1, 3]], b = [1, 3, 4, 4];
    const r = leastSquares(A, b);
    const x = cramer(A, b, [1, 1, 1, 1]);
    // Hand: det = 56 − 36 = 20; a = (12·14 − 6·23)/20 = 1.5, slope = (4·23 − 6·12)/20 = 1.
    expect(x[0]).toBeCloseTo(1.5, 14);
    expect(x[1]).toBeCloseTo(1, 14);
    expect(r.coefficients[0]).toBeCloseTo(1.5, 13);
    expect(r.coefficients[1]).toBeCloseTo(1, 13);
    expect(r.rank).toBe(2);
    expect(r.degenerate).toBe(false);
    // Residuals (−0.5, 0.5, 0.5, −0.5): RSS = 1, s² = 1/2, Var(slope) = s²·4/20 = 0.1.
    expect(r.chi2).toBeCloseTo(1, 13);
    expect(r.stdErrors[1]).toBeCloseTo(Math.sqrt(0.1), 13);
    expect(r.stdErrors[0]).toBeCloseTo(Math.sqrt(0.5 * 14 / 20), 13);
  });

  it('weighted 3-unknown case equals Cramer on the weighted normal equations, with covariance (AᵀWA)⁻¹', () => {
    const g = rng(11);
    const A = Array.from({ length: 9 }, () => [1, g.normal(), g.normal() * 1e3]);
    const b = A.map(() => g.normal());
    const sigma = A.map(() => 0.5 + g.u());
    const w = sigma.map((s) => 1 / (s * s));
    const x = cramer(A, b, w);
    const r = leastSquares(A, b, { sigma });
    for (let j = 0; j < 3; j++) expect(Math.abs(r.coefficients[j]! - x[j]!)).toBeLessThan(1e-11 * Math.max(1, Math.abs(x[j]!)));
    // Var(x_0) = cofactor/det of N = AᵀWA.
    const N = [0, 1, 2].map((i) => [0, 1, 2].map((j) => A.reduce((s, row, k) => s + w[k]! * row[i]! * row[j]!, 0)));
    const var0 = det2([[N[1]![1]!, N[1]![2]!], [N[2]![1]!, N[2]![2]!]]) / det3(N);
    expect(r.stdErrors[0]! / Math.sqrt(var0)).toBeCloseTo(1, 11);
  });

  it('recovers known coefficients from noisy data within their error bars (z-scores, 300 seeded repetitions)', () => {
    const g = rng(2024);
    const truth = [0.7, -2.5, 4e-3];
    const zs: number[] = [];
    for (let rep = 0; rep < 300; rep++) {
      const xs = Array.from({ length: 20 }, (_, i) => 0.1 + i * 0.1);
      const A = xs.map((x) => [x, x * x, 1e3 * Math.sin(3 * x)]);
      const sigma = xs.map((x) => 0.02 * (1 + x));
      const b = A.map((r, i) => r.reduce((s, a, j) => s + a * truth[j]!, 0) + sigma[i]! * g.normal());
      const fit = leastSquares(A, b, { sigma });
      for (let j = 0; j < 3; j++) zs.push((fit.coefficients[j]! - truth[j]!) / fit.stdErrors[j]!);
    }
    // Each z ~ N(0,1): none beyond 5σ, mean z² within ±0.15 of 1 (900 draws: sd of mean z² ≈ 0.047).
    expect(Math.max(...zs.map(Math.abs))).toBeLessThan(5);
    const mz2 = zs.reduce((s, z) => s + z * z, 0) / zs.length;
    expect(Math.abs(mz2 - 1)).toBeLessThan(0.15);
  });

  it('detects exactly collinear features and reports the determined combination, not a split', () => {
    const t = [0.3, 0.7, 1.1, 1.9, 2.3];
    const A = t.map((v) => [v, 2 * v, -0.5 * v]);
    const b = t.map((v) => 3 * v);
    const r = leastSquares(A, b);
    expect(r.degenerate).toBe(true);
    expect(r.rank).toBe(1);
    expect(r.condition).toBe(Infinity);
    expect(r.determined).toEqual([false, false, false]);
    expect(r.stdErrors.every(Number.isNaN)).toBe(true);
    // Data fix x0 + 2 x1 − 0.5 x2 = 3 (normalised to the first unknown).
    expect(r.combinations).toHaveLength(1);
    const c = r.combinations[0]!;
    expect(c.coefficients[0]).toBeCloseTo(1, 12);
    expect(c.coefficients[1]).toBeCloseTo(2, 12);
    expect(c.coefficients[2]).toBeCloseTo(-0.5, 12);
    expect(c.value).toBeCloseTo(3, 12);
    expect(Math.max(...r.residuals.map(Math.abs))).toBeLessThan(1e-13);
  });

  it('partial degeneracy: a coupling outside the degenerate pair stays determined', () => {
    const g = rng(5);
    const t = Array.from({ length: 8 }, () => g.normal());
    const s = Array.from({ length: 8 }, () => g.normal());
    const A = t.map((v, i) => [v, s[i]!, s[i]!]);
    const b = t.map((v, i) => 2 * v + 5 * s[i]!);
    const r = leastSquares(A, b);
    expect(r.rank).toBe(2);
    expect(r.determined).toEqual([true, false, false]);
    expect(r.coefficients[0]).toBeCloseTo(2, 12);
    // The pair enters only as x1 + x2 = 5: the minimum-norm point splits it evenly (equal column norms).
    expect(r.coefficients[1]! + r.coefficients[2]!).toBeCloseTo(5, 12);
    expect(r.coefficients[1]).toBeCloseTo(r.coefficients[2]!, 12);
    // (0, 1, 1) lies in the span of the determined combinations; (0, 1, −1) is orthogonal to it.
    const span = r.combinations.map((c) => c.coefficients);
    const resid = (v: number[]) => {
      // Least-squares projection residual of v on the span (2 vectors): solve via leastSquares itself is circular, so Gram–Schmidt.
      const q: number[][] = [];
      for (const s of span) {
        const w = s.slice();
        for (const u of q) { const d = u.reduce((a, x, j) => a + x * w[j]!, 0); for (let j = 0; j < 3; j++) w[j]! -= d * u[j]!; }
        const n = Math.hypot(...w); q.push(w.map((x) => x / n));
      }
      const w = v.slice();
      for (const u of q) { const d = u.reduce((a, x, j) => a + x * w[j]!, 0); for (let j = 0; j < 3; j++) w[j]! -= d * u[j]!; }
      return Math.hypot(...w);
    };
    expect(resid([0, 1, 1])).toBeLessThan(1e-12);
    expect(resid([1, 0, 0])).toBeLessThan(1e-12);
    expect(resid([0, 1, -1])).toBeCloseTo(Math.SQRT2, 12);
  });

  it('feature errors raise the rank tolerance: noise-level independence is not independence', () => {
    const t = [0.3, 0.7, 1.1, 1.9, 2.3];
    const A = t.map((v, i) => [v, v * (1 + 1e-5 * (i % 2 ? 1 : -1))]);
    const b = t.map((v) => v);
    expect(leastSquares(A, b).rank).toBe(2);
    const E = A.map((r) => r.map((a) => 1e-4 * Math.abs(a)));
    const r = leastSquares(A, b, { designErrors: E });
    expect(r.rank).toBe(1);
    expect(r.degenerate).toBe(true);
  });

  it('rejects bad input with INVALID_ARGUMENT', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as NnqftError).code; } return 'none'; };
    expect(code(() => leastSquares([], []))).toBe('INVALID_ARGUMENT');
    expect(code(() => leastSquares([[1], [2]], [1]))).toBe('INVALID_ARGUMENT');
    expect(code(() => leastSquares([[1], [2]], [1, NaN]))).toBe('INVALID_ARGUMENT');
    expect(code(() => leastSquares([[1], [2]], [1, 2], { sigma: [1, 0] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => leastSquares([[1, 2], [2]], [1, 2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => jacobiSvd([[1, Infinity]]))).toBe('INVALID_ARGUMENT');
  });
});
