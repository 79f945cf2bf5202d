// Tabulated numeric kernels for d_in ≥ 2 (2-D tables in (|y|, angle to x_p)) and Λ = ∞ (d_in = 1):
// oracles are closed-form kernels (erf, Williams; a Gaussian bump φ = e^{−z²/2}: E = det(I + Σ)^{−1/2})
// reached through the numeric path, and the direct path (kernelTable: false) on small cases.
import { describe, expect, it } from 'vitest';
import { integrate } from '../../src/integrate/adaptive.js';
import { chebyshevInterpolant2D } from '../../src/integrate/chebyshev2d.js';
import { erfNet } from '../../src/kernels/erf.js';
import { numericKernel } from '../../src/kernels/kernel.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { preactivationCovariance as S, type ArchParams, type Architecture } from '../../src/kernels/types.js';
import { buildKernelTable, kernelTableSupported } from '../../src/predict/kernel-table.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';

/** Erf-net with its closed form removed: every K is the 2-D quadrature (erf is entire, unit-scale: the fast rules apply). */
const erfNumeric: Architecture = { ...erfNet, name: 'erf-numeric', kernel: undefined, analyticUnitScale: true };
const erfClosed = (p: ArchParams) => (x: number[], y: number[]) => erfNet.kernel!(x, y, p);

/** φ(z) = e^{−z²/2}: E[φ(z)φ(z')] = 1/√((1 + a)(1 + b) − c²) for covariance [[a, c], [c, b]] (Gaussian integral). */
const bumpPhi = (z: number) => Math.exp(-0.5 * z * z);
const bumpClosed = (p: ArchParams) => (x: readonly number[], y: readonly number[]) => {
  const a = S(x, x, p), b = S(y, y, p), c = S(x, y, p);
  return p.sb ** 2 + p.sW ** 2 / Math.sqrt((1 + a) * (1 + b) - c * c);
};
const bumpNumeric: Architecture = { name: 'bump', title: 'φ = exp(−z²/2)', defaults: { sW: 1, sb: 1 }, phi: bumpPhi, analyticUnitScale: true };

/** Deterministic scatter of m points in [−L, L]^2 (golden-ratio sequence). */
const scatter2 = (L: number, m: number) =>
  Array.from({ length: m }, (_, i) => [-L + 2 * L * ((0.5 + i * 0.6180339887) % 1), -L + 2 * L * ((0.2 + i * 0.7548776662) % 1)]);

describe('2-D adaptive tensor Chebyshev interpolation', () => {
  it('an analytic function of two variables: error within the bound, bound near the tolerance', () => {
    const f = (s: number, t: number) => Math.exp(-s * t) / (1 + 0.5 * s * s + 0.3 * t);
    const I = chebyshevInterpolant2D(f, -1, 2, -1, 1, { relTol: 1e-11 });
    expect(I.converged).toBe(true);
    let worst = 0;
    for (const [s, t] of scatter2(1, 200)) {
      const ss = 0.5 + 1.5 * s!; // map to [−1, 2]
      const err = Math.abs(I.value(ss, t!) - f(ss, t!));
      expect(err).toBeLessThanOrEqual(I.errorBound(ss, t!));
      worst = Math.max(worst, I.errorBound(ss, t!));
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('a function that needs degree in one direction only gets it there (the other stays at 16)', () => {
    const f = (s: number, t: number) => Math.cos(12 * s) + t;
    const I = chebyshevInterpolant2D(f, 0, 1, 0, 1, { relTol: 1e-12 });
    // 33 nodes in s, 17 in t (plus 4 checks) would do; a tensor doubling both would take 33 × 33.
    expect(I.evaluations).toBeLessThan(33 * 33);
    for (const [s, t] of scatter2(0.5, 50)) expect(Math.abs(I.value(s! + 0.5, t! + 0.5) - f(s! + 0.5, t! + 0.5))).toBeLessThan(1e-11);
  });

  it('a kink it cannot resolve within its patches: converged = false; bad rectangles: INVALID_ARGUMENT', () => {
    const I = chebyshevInterpolant2D((s, t) => Math.abs(s - 0.3123) + t, 0, 1, 0, 1, { maxPatches: 3, maxDegree: 16 });
    expect(I.converged).toBe(false);
    expect(() => chebyshevInterpolant2D(() => 0, 0, Infinity, 0, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => chebyshevInterpolant2D(() => 0, 0, 1, 1, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('radial kernel tables (d_in ≥ 2)', () => {
  it('erf forced numeric, d_in = 2: lines (two inputs of equal |x_p| on one table) and D against the closed form, within their bounds; equal |x_p| share a table', () => {
    const p = resolveParams(erfNumeric, { dIn: 2, sW: 1.3, sb: 0.8 }), b2 = p.sb ** 2, L = 2;
    const pts = [[1, 1], [-1, 1]];
    const T = buildKernelTable(erfNumeric, p, pts, L, b2);
    expect(T.converged).toBe(true);
    expect(T.radius).toBeCloseTo(L * Math.SQRT2, 12);
    const K = erfClosed(p);
    const Dmax = K([L, L], [L, L]) - b2;
    for (const y of scatter2(L, 60)) {
      for (let i = 0; i < pts.length; i++) {
        const want = K(pts[i]!, y) - b2;
        const err = Math.abs(T.value(i, y) - want);
        expect(err).toBeLessThanOrEqual(T.error(i, y));
        // At the direct path's level: 2e-9 √(D(x) D(y)), up to the Lebesgue constants.
        expect(T.error(i, y)).toBeLessThan(5e-8 * Math.sqrt(Math.max(K(pts[i]!, pts[i]!) - b2, 1e-3) * Dmax));
      }
      expect(Math.abs(T.D(y) - (K(y, y) - b2))).toBeLessThanOrEqual(T.Derror(y));
      expect(T.selfLoop(y)).toBeCloseTo(T.D(y), 14); // shift = σ_b²
    }
    // [1, 1] and [−1, 1] have the same norm: one 2-D table serves both (checked on the cheaper Gaussian bump),
    // and x_p = 0 (no direction: μ is arbitrary) reads its own table correctly.
    const q = resolveParams(bumpNumeric, { dIn: 2 }), B = bumpClosed(q);
    const Z = buildKernelTable(bumpNumeric, q, [[0, 0], [0.4, -0.9]], L, 1);
    for (const y of scatter2(L, 40)) [[0, 0], [0.4, -0.9]].forEach((x, i) => expect(Math.abs(Z.value(i, y) - (B(x, y) - 1))).toBeLessThanOrEqual(Z.error(i, y)));
    expect(buildKernelTable(bumpNumeric, q, [[1, 1], [-1, 1]], L, 1).evaluations).toBe(buildKernelTable(bumpNumeric, q, [[1, 1]], L, 1).evaluations);
    expect(buildKernelTable(bumpNumeric, q, [[1, 1], [0.5, 1]], L, 1).evaluations).toBeGreaterThan(buildKernelTable(bumpNumeric, q, [[1, 1]], L, 1).evaluations);
  });

  it('erf forced numeric, d_in = 2: "λ f^4 + κ f^6" (self-loop from the D table) agrees with the closed-form prediction within the claimed bounds', () => {
    const p = resolveParams(erfNumeric, { dIn: 2 }), pts = [[0.5, -0.5], [-0.5, -0.5]], L = 1.5; // equal norms: one 2-D table
    const diags = firstOrderDiagrams(4, [0, 3]);
    const opts = { params: p, propagator: 'eft' as const, cutoff: L, points: pts, n: 4, relTol: 1e-8 };
    const num = predictCorrelators(ACTION, diags, { ...opts, arch: erfNumeric });
    const ref = predictCorrelators(ACTION, diags, { ...opts, arch: erfNet, relTol: 1e-11 });
    num.entries.forEach((e, i) => e.terms.forEach((t, j) => {
      const r = ref.entries[i]!.terms[j]!;
      expect(t.converged && r.converged).toBe(true);
      // The reference is 1000× tighter: the numeric path's own bound must cover the whole difference.
      expect(Math.abs(t.value - r.value)).toBeLessThanOrEqual(t.absError);
      expect(t.absError).toBeLessThan(1e-6 * Math.abs(r.value));
    }));
  });

  it('tanh-net, d_in = 3: table values within their bounds of the kernel computed directly at a 1000× tighter tolerance', () => {
    const arch = getArchitecture('tanh'), p = resolveParams(arch, { dIn: 3 }), b2 = p.sb ** 2, L = 1.5;
    const pts = [[1, 1, 1], [0.2, -0.4, 0.1]];
    const T = buildKernelTable(arch, p, pts, L, b2);
    expect(T.converged).toBe(true);
    const K = numericKernel(arch, p, 1e-13);
    for (const [u, v] of scatter2(L, 12)) {
      const y = [u!, v!, 0.7 * u! - 0.4 * v!].map((c) => Math.max(-L, Math.min(L, c)));
      pts.forEach((x, i) => expect(Math.abs(T.value(i, y) - (K(x, y) - b2))).toBeLessThanOrEqual(T.error(i, y)));
      expect(Math.abs(T.D(y) - (K(y, y) - b2))).toBeLessThanOrEqual(T.Derror(y));
    }
  });

  it('tanh-net, d_in = 2: table path and direct path agree within their summed bounds; fewer φ evaluations', () => {
    const base = getArchitecture('tanh');
    let calls = 0;
    const arch: Architecture = { ...base, kernel: undefined, phi: (z: number) => { calls++; return Math.tanh(z); } };
    const p = resolveParams(arch, { dIn: 2 });
    const opts = { arch, params: p, propagator: 'eft' as const, cutoff: 1, points: [[0.6, -0.8], [0.3, 0.5]], n: 4, relTol: 1e-5 };
    const diags = firstOrderDiagrams(4, [0]);
    const fast = predictCorrelators(ACTION, diags, opts);
    const fastCalls = calls;
    calls = 0;
    const direct = predictCorrelators(ACTION, diags, { ...opts, kernelTable: false });
    expect(fastCalls).toBeLessThan(calls);
    fast.entries.forEach((e, i) => {
      const t = e.terms[0]!, d = direct.entries[i]!.terms[0]!;
      expect(t.converged && d.converged).toBe(true);
      expect(Math.abs(t.value - d.value)).toBeLessThanOrEqual(t.absError + d.absError);
    });
  });

  it('d_in = 3 (erf forced numeric, the tetrahedron): one table, prediction within its bound of the closed form', () => {
    const p = resolveParams(erfNumeric, { dIn: 3 }), L = 1;
    const pts = [[1, 1, 1], [1, -1, -1]];
    const diags = firstOrderDiagrams(4, [0]);
    const opts = { params: p, propagator: 'eft' as const, cutoff: L, points: pts, n: 4, relTol: 1e-6 };
    const num = predictCorrelators(ACTION, diags, { ...opts, arch: erfNumeric });
    const ref = predictCorrelators(ACTION, diags, { ...opts, arch: erfNet, relTol: 1e-10 });
    num.entries.forEach((e, i) => {
      const t = e.terms[0]!, r = ref.entries[i]!.terms[0]!;
      expect(Math.abs(t.value - r.value)).toBeLessThanOrEqual(t.absError);
      expect(t.absError).toBeLessThan(1e-5 * Math.abs(r.value));
    });
  });

  it('where the table does not apply (φ depending on x, kinks): kernelTableSupported is false and buildKernelTable says INVALID_ARGUMENT', () => {
    const p = resolveParams(erfNumeric, { dIn: 2 });
    // The contract says so explicitly (inputDependent), not through the arity of phi.
    const xDependent: Architecture = { ...erfNumeric, inputDependent: true, phi: (z: number, x: number[]) => Math.tanh(z) / (1 + x[0]! * x[0]!) };
    const kinked: Architecture = { ...erfNumeric, phi: (z: number) => Math.max(z, 0), kinks: [0] };
    expect(kernelTableSupported(erfNumeric, p)).toBe(true);
    expect(kernelTableSupported(xDependent, p)).toBe(false);
    expect(kernelTableSupported(kinked, p)).toBe(false);
    expect(kernelTableSupported(kinked, { ...p, dIn: 1 })).toBe(true);
    expect(() => buildKernelTable(kinked, p, [[1, 0]], 1, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('kernel tables at Λ = ∞', () => {
  it('Gaussian bump φ = e^{−z²/2} (lines decay as 1/|y|): values within bounds up to the radius; beyond it the caller is told', () => {
    const p = resolveParams(bumpNumeric, {}), b2 = p.sb ** 2;
    const pts = [[-0.7], [0.4]];
    const T = buildKernelTable(bumpNumeric, p, pts, Infinity, b2);
    expect(T.converged).toBe(true);
    expect(T.radius).toBe(1e6);
    const K = bumpClosed(p);
    for (const y of [-9e5, -3e3, -40, -2.5, -0.3, 0, 0.45, 1.7, 12, 800, 2e4, 9.9e5]) {
      expect(T.covers([y])).toBe(true);
      for (let i = 0; i < pts.length; i++) {
        expect(Math.abs(T.value(i, y) - (K(pts[i]!, [y]) - b2))).toBeLessThanOrEqual(T.error(i, y));
      }
      expect(Math.abs(T.D(y) - (K([y], [y]) - b2))).toBeLessThanOrEqual(T.Derror(y));
    }
    expect(T.covers([2e6])).toBe(false);
  });

  it('Gaussian bump, "λ f^4" over the real line: table path within its bound of ∫ Π K_EFT with the closed form', () => {
    const p = resolveParams(bumpNumeric, {}), b2 = p.sb ** 2, pts = [[-0.6], [0.2]];
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch: bumpNumeric, params: p, propagator: 'eft', cutoff: Infinity, points: pts, n: 4 });
    const K = bumpClosed(p);
    for (const e of r.entries) {
      const xs = e.index.map((i) => pts[i]!);
      const ex = -24 * integrate((y) => xs.reduce((q, x) => q * (K(x, [y[0]!]) - b2), 1), 1, { lower: -Infinity, upper: Infinity, relTol: 1e-12 }).value;
      const t = e.terms[0]!;
      expect(t.converged).toBe(true);
      expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
      expect(t.absError).toBeLessThan(1e-7 * Math.abs(ex));
    }
  });

  it('Gaussian bump, d_in = 2, Λ = ∞ (2-D tables to |y| = 1e6, direct beyond): within its bound of the closed-form prediction', () => {
    const closed: Architecture = { ...bumpNumeric, kernel: (x, y, q) => bumpClosed(q)(x, y) };
    const pts = [[0.5, -0.3], [-0.2, 0.9]], diags = firstOrderDiagrams(4, [0]);
    const run = (arch: Architecture, relTol: number) =>
      predictCorrelators(ACTION, diags, { arch, params: resolveParams(arch, { dIn: 2 }), propagator: 'eft', cutoff: Infinity, points: pts, n: 4, relTol });
    const num = run(bumpNumeric, 1e-7), ref = run(closed, 1e-10);
    num.entries.forEach((e, i) => {
      const t = e.terms[0]!, r = ref.entries[i]!.terms[0]!;
      expect(t.converged).toBe(true);
      expect(Math.abs(t.value - r.value)).toBeLessThanOrEqual(t.absError);
      expect(t.absError).toBeLessThan(1e-6 * Math.abs(r.value));
    });
  });
});
