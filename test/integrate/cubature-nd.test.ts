// Adaptive Genz–Malik cubature in 4–6 dimensions (the diagram integrals of CONVENTIONS §5 at d_in = 2, 3):
// independent oracles are closed forms (Gaussians, separable products, piecewise polynomials).
import { describe, expect, it } from 'vitest';
import { integrate, integrateVector } from '../../src/integrate/adaptive.js';
import { genzMalikRule } from '../../src/integrate/rules.js';

/** ∫_{R^n} exp(−vᵀAv + bᵀv) dv = π^{n/2} / √det A · exp(bᵀA⁻¹b / 4), by Gaussian elimination. */
function gaussianIntegral(A: number[][], b: number[]): number {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  let det = 1;
  for (let c = 0; c < n; c++) {
    det *= M[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const m = M[r]![c]! / M[c]![c]!;
      for (let j = c; j <= n; j++) M[r]![j]! -= m * M[c]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let j = r + 1; j < n; j++) s -= M[r]![j]! * x[j]!;
    x[r] = s / M[r]![r]!;
  }
  const q = b.reduce((s, bi, i) => s + bi * x[i]!, 0);
  return (Math.PI ** (n / 2) / Math.sqrt(det)) * Math.exp(q / 4);
}

/** A tridiagonal positive-definite matrix (a chain of couplings, like the propagator chain of a diagram). */
const chainMatrix = (n: number, d: number, o: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? d : Math.abs(i - j) === 1 ? o : 0)));

const quad = (A: number[][], b: number[]) => (y: Float64Array) => {
  let e = 0;
  for (let i = 0; i < b.length; i++) { e += b[i]! * y[i]!; for (let j = 0; j < b.length; j++) e -= A[i]![j]! * y[i]! * y[j]!; }
  return Math.exp(e);
};

describe('Genz–Malik rule in 4–6 dimensions', () => {
  it('has 2^d + 2d² + 2d + 1 points; degree 7 exact to degree 7, degree 5 to degree 5; both integrate 1', () => {
    for (const d of [4, 5, 6]) {
      const r = genzMalikRule(d);
      const np = r.w7.length;
      expect(np).toBe(2 ** d + 2 * d * d + 2 * d + 1);
      const integ = (w: Float64Array, pw: number[]) => {
        let s = 0;
        for (let p = 0; p < np; p++) s += w[p]! * pw.reduce((acc, e, i) => acc * r.coords[p * d + i]! ** e, 1);
        return s;
      };
      // Mean of the monomial over [−1, 1]^d.
      const exact = (pw: number[]) => pw.reduce((acc, e) => acc * (e % 2 ? 0 : 1 / (e + 1)), 1);
      const pad = (pw: number[]) => [...pw, ...new Array(d - pw.length).fill(0)];
      for (const pw of [[], [2], [4], [2, 2], [1, 1], [6], [4, 2], [2, 2, 2], [2, 2, 1, 1], [3, 1]]) {
        expect(integ(r.w7, pad(pw))).toBeCloseTo(exact(pad(pw)), 13);
      }
      for (const pw of [[], [2], [4], [2, 2], [3, 1]]) expect(integ(r.w5, pad(pw))).toBeCloseTo(exact(pad(pw)), 13);
      // The degree-5 rule is not exact at degree 6 (else the embedded difference would be no error estimate).
      expect(Math.abs(integ(r.w5, pad([6])) - exact(pad([6])))).toBeGreaterThan(1e-3);
    }
  });
});

describe('adaptive cubature in 4–6 dimensions', () => {
  it('4-D correlated gaussian over R^4 (infinite bounds): honest error, relative tolerance met in truth', () => {
    const A = chainMatrix(4, 1.5, -0.5), b = [0.3, -0.2, 0.5, 0.1];
    const exact = gaussianIntegral(A, b);
    for (const relTol of [1e-2, 1e-3]) {
      const e = integrate(quad(A, b), 4, { lower: -Infinity, upper: Infinity, relTol });
      expect(e.converged).toBe(true);
      expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
      // A positive integrand: ∫|f| = ∫f, so the claimed error is within relTol of the value.
      expect(e.absError).toBeLessThanOrEqual(relTol * exact * 1.01);
    }
  });
  it('4-D separable smooth product over a box to 1e-7', () => {
    const f = (y: Float64Array) => Math.cos(y[0]!) * Math.exp(y[1]!) * y[2]! ** 2 * (1 + y[3]!);
    const exact = 2 * Math.sin(1) * (Math.E - 1 / Math.E) * (2 / 3) * 2;
    const e = integrate(f, 4, { lower: -1, upper: 1, relTol: 1e-7 });
    expect(e.converged).toBe(true);
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
    expect(Math.abs(e.value - exact) / exact).toBeLessThan(1e-7);
  });
  it('4-D kinks at a breakpoint (0.3): 1e-8 once the range is split there, out of reach without', () => {
    // |y0 − 0.3| · max(0, y1 − 0.3) · y2² · e^{y3} over [−2, 2]^4.
    const f = (y: Float64Array) => Math.abs(y[0]! - 0.3) * Math.max(0, y[1]! - 0.3) * y[2]! ** 2 * Math.exp(y[3]!);
    const exact = ((2.3 ** 2 + 1.7 ** 2) / 2) * (1.7 ** 2 / 2) * (16 / 3) * (Math.exp(2) - Math.exp(-2));
    const e = integrate(f, 4, { lower: -2, upper: 2, relTol: 1e-8, breakpoints: [0.3] });
    expect(e.converged).toBe(true);
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
    expect(Math.abs(e.value - exact) / exact).toBeLessThan(1e-8);
    const n = integrate(f, 4, { lower: -2, upper: 2, relTol: 1e-8, maxEvaluations: 2 * e.evaluations });
    expect(n.converged).toBe(false);
  });
  it('vector case: exponential moments over [−1, 1]^4, each to its own tolerance on one subdivision', () => {
    // m_p = ∫_{−1}^{1} y^p e^y dy by parts: m_0 = e − 1/e, m_p = e − (−1)^p / e − p m_{p−1}.
    const mom: number[] = [Math.E - 1 / Math.E];
    for (let p = 1; p <= 4; p++) mom.push(Math.E - (-1) ** p / Math.E - p * mom[p - 1]!);
    const powers = [[0, 0, 0, 0], [2, 0, 0, 0], [2, 1, 0, 0], [4, 0, 2, 0], [1, 1, 1, 1]];
    const relTols = [1e-7, 1e-6, 1e-5, 1e-4, 1e-3];
    const est = integrateVector((y, out) => {
      const g = Math.exp(y[0]! + y[1]! + y[2]! + y[3]!);
      powers.forEach((pw, k) => { out[k] = g * pw.reduce((acc, p, i) => acc * y[i]! ** p, 1); });
    }, 4, powers.length, { lower: -1, upper: 1, relTols });
    powers.forEach((pw, k) => {
      const exact = pw.reduce((acc, p) => acc * mom[p]!, 1);
      const e = est[k]!;
      expect(e.converged).toBe(true);
      expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
      if (exact !== 0) expect(Math.abs(e.value - exact) / exact).toBeLessThan(relTols[k]!);
    });
  });
  it('5-D gaussian over a box [−2, 2]^5 (erf closed form) to 1e-3', () => {
    const a = [1, 0.8, 1.2, 0.6, 1.5];
    const f = (y: Float64Array) => Math.exp(-a.reduce((s, ai, i) => s + ai * y[i]! ** 2, 0));
    // ∫_{−2}^{2} e^{−a y²} dy = √(π/a) erf(2√a), erf by its series (independent of src/core/special).
    const erfSeries = (x: number) => { let s = 0, t = x; for (let n = 0; n < 200; n++) { s += t / (2 * n + 1); t *= (-x * x) / (n + 1); } return (2 / Math.sqrt(Math.PI)) * s; };
    const exact = a.reduce((p, ai) => p * Math.sqrt(Math.PI / ai) * erfSeries(2 * Math.sqrt(ai)), 1);
    const e = integrate(f, 5, { lower: -2, upper: 2, relTol: 1e-3 });
    expect(e.converged).toBe(true);
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
    expect(e.absError).toBeLessThanOrEqual(1e-3 * exact * 1.01);
    // A smooth 5-D box integrand to 1e-7: ∫_{[−1,1]^5} cos(0.3 Σy) = (2 sin(0.3)/0.3)^5.
    const c = integrate((y) => Math.cos(0.3 * (y[0]! + y[1]! + y[2]! + y[3]! + y[4]!)), 5, { lower: -1, upper: 1, relTol: 1e-7 });
    const cx = ((2 * Math.sin(0.3)) / 0.3) ** 5;
    expect(c.converged).toBe(true);
    expect(Math.abs(c.value - cx)).toBeLessThanOrEqual(c.absError);
    expect(Math.abs(c.value - cx) / cx).toBeLessThan(1e-7);
  });
  it('6-D: cubature on a smooth box integrand; the default backs up with QMC within the budget, honestly', () => {
    const f = (y: Float64Array) => { let s = 0; for (let i = 0; i < 6; i++) s += y[i]!; return Math.cos(0.3 * s); };
    // ∫_{[−1,1]^6} cos(0.3 Σy) = Re Π ∫ e^{0.3 i y} dy = (2 sin(0.3)/0.3)^6.
    const exact = ((2 * Math.sin(0.3)) / 0.3) ** 6;
    const e = integrate(f, 6, { lower: -1, upper: 1, relTol: 1e-7 });
    expect(e.converged).toBe(true);
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
    // A 6-D gaussian over R^6 with a small budget: cubature does not converge, QMC takes over; both honest.
    const A = chainMatrix(6, 1, -0.3), b = [0.2, 0, -0.1, 0.3, 0, 0.1];
    const g = gaussianIntegral(A, b);
    const maxEvaluations = 2e5;
    const h = integrate(quad(A, b), 6, { lower: -Infinity, upper: Infinity, relTol: 1e-8, maxEvaluations });
    expect(h.converged).toBe(false);
    expect(Math.abs(h.value - g)).toBeLessThanOrEqual(h.absError);
    expect(h.absError / g).toBeLessThan(5e-2);
    // Better than cubature alone on the same budget (here QMC's estimate is the one kept).
    const c = integrate(quad(A, b), 6, { lower: -Infinity, upper: Infinity, relTol: 1e-8, maxEvaluations, method: 'cubature' });
    expect(Math.abs(c.value - g)).toBeLessThanOrEqual(c.absError);
    expect(h.absError).toBeLessThan(c.absError / 2);
    expect(h.evaluations).toBeLessThanOrEqual(maxEvaluations * 1.05);
    const again = integrate(quad(A, b), 6, { lower: -Infinity, upper: Infinity, relTol: 1e-8, maxEvaluations });
    expect(again.value).toBe(h.value);
  });
  it('cubature beats QMC per evaluation in 4-D (same budget, same integrand)', () => {
    // Reference over the box [−2, 2]^4: a tight cubature (its own claimed error is part of the comparison).
    const A = chainMatrix(4, 1, -0.4), b = [0.1, 0.2, -0.3, 0];
    const o = { lower: -2, upper: 2, relTol: 1e-12, maxEvaluations: 2e5 };
    const c = integrate(quad(A, b), 4, { ...o, method: 'cubature' });
    const q = integrate(quad(A, b), 4, { ...o, method: 'qmc' });
    expect(c.evaluations).toBeLessThanOrEqual(q.evaluations * 1.6);
    expect(Math.abs(c.value - q.value)).toBeLessThanOrEqual(c.absError + q.absError);
    expect(c.absError).toBeLessThan(q.absError / 10);
    // Over R^4 (infinite bounds) against the closed form, both honest.
    const oi = { ...o, lower: -Infinity, upper: Infinity };
    const exact = gaussianIntegral(A, b);
    for (const method of ['cubature', 'qmc'] as const) {
      const e = integrate(quad(A, b), 4, { ...oi, method });
      expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
    }
  });
  it('a wide finite box (Λ = 1e5) keeps the unit-scale cells near the origin: a bump of width 1 is not missed', () => {
    const f = (y: Float64Array) => Math.exp(-(y[0]! ** 2 + y[1]! ** 2 + y[2]! ** 2 + y[3]! ** 2));
    const e = integrate(f, 4, { lower: -1e5, upper: 1e5, relTol: 1e-3 });
    expect(e.converged).toBe(true);
    expect(Math.abs(e.value - Math.PI ** 2)).toBeLessThanOrEqual(e.absError);
    expect(Math.abs(e.value - Math.PI ** 2) / Math.PI ** 2).toBeLessThan(1e-3);
  });
  it('budget: never more than one split over maxEvaluations; unknown methods are INVALID_ARGUMENT', () => {
    const A = chainMatrix(4, 1, -0.4), b = [0, 0, 0, 0];
    const e = integrate(quad(A, b), 4, { lower: -Infinity, upper: Infinity, relTol: 1e-12, maxEvaluations: 5e4 });
    expect(e.converged).toBe(false);
    expect(e.evaluations).toBeLessThanOrEqual(5e4 + 2 * 57);
    expect(Math.abs(e.value - gaussianIntegral(A, b))).toBeLessThanOrEqual(e.absError);
    expect(() => integrate(() => 1, 4, { lower: 0, upper: 1, method: 'simpson' as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => integrate(() => 1, 11, { lower: 0, upper: 1, method: 'cubature' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
