import { describe, expect, it } from 'vitest';
import { integrate1D } from '../../src/integrate/adaptive.js';
import { genericArchitecture } from '../../src/kernels/generic.js';
import { kernelFunction } from '../../src/kernels/kernel.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { preactivationCovariance as S } from '../../src/kernels/types.js';
import { buildKernelTable } from '../../src/predict/kernel-table.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';

/** φ = sin: E[sin z sin z'] = e^{-(a+b)/2} sinh(c) for covariance [[a, c], [c, b]] (closed form, CONVENTIONS §2). */
const sinKernel = (p: { sW: number; sb: number; dIn: number }) => (x: number[], y: number[]) =>
  p.sb ** 2 + p.sW ** 2 * Math.exp(-(S(x, x, p) + S(y, y, p)) / 2) * Math.sinh(S(x, y, p));

const ys = (L: number, m: number) => Array.from({ length: m }, (_, i) => -L + (2 * L * (i + 0.37)) / m);

describe('tabulated numeric kernels (d_in = 1)', () => {
  it('sin(z): table values against the closed form, within their bounds, bounds within a few times the direct path’s 2e-9 √(D(x) max D)', () => {
    const arch = genericArchitecture('sin(z)'), p = resolveParams(arch, { sW: 1.2, sb: 0.7 });
    // 0.8 = −(−0.8): its line is the mirror image of the first (tabulated once).
    const pts = [[-0.8], [0.3], [0.8]], L = 2.5, b2 = p.sb ** 2;
    const T = buildKernelTable(arch, p, pts, L, b2);
    const K = sinKernel(p);
    expect(T.converged).toBe(true);
    // The bound is per piece: compare it with the largest D(y) on the range.
    const Dmax = Math.max(...ys(L, 97).map((y) => K([y], [y]) - b2));
    for (let i = 0; i < pts.length; i++) {
      for (const y of ys(L, 97)) {
        const want = K(pts[i]!, [y]) - b2;
        const err = Math.abs(T.value(i, y) - want);
        expect(err).toBeLessThanOrEqual(T.error(i, y));
        expect(T.error(i, y)).toBeLessThan(5e-9 * Math.sqrt((K(pts[i]!, pts[i]!) - b2) * Dmax));
      }
    }
    for (const y of ys(L, 51)) {
      const want = K([y], [y]) - b2;
      expect(Math.abs(T.D(y) - want)).toBeLessThanOrEqual(T.Derror(y));
    }
  });

  it('repeated and mirrored inputs share lines (sin(z), closed form): [0.5, −0.5, −0.5, 0.5, 0]', () => {
    const arch = genericArchitecture('sin(z)'), p = resolveParams(arch, {});
    const pts = [[0.5], [-0.5], [-0.5], [0.5], [0]], L = 1.5;
    const T = buildKernelTable(arch, p, pts, L, 0), K = sinKernel(p);
    for (let i = 0; i < pts.length; i++) for (const y of ys(L, 23)) {
      expect(Math.abs(T.value(i, y) - K(pts[i]!, [y]))).toBeLessThanOrEqual(T.error(i, y));
    }
    // Two lines built (0.5 and 0), as for the distinct inputs alone.
    expect(T.evaluations).toBe(buildKernelTable(arch, p, [[0.5], [0]], L, 0).evaluations);
  });

  it('max(z, 0) with σ_b = 0: the kink at y = 0 is a piece boundary; values match the arc-cosine closed form', () => {
    const arch = genericArchitecture('max(z,0)', { defaults: { sW: 1, sb: 0 }, kinks: [0] });
    const p = resolveParams(arch, { sb: 0 }), relu = kernelFunction(getArchitecture('relu'), p);
    const pts = [[0.4], [-1]], L = 3;
    const T = buildKernelTable(arch, p, pts, L, 0);
    for (let i = 0; i < pts.length; i++) for (const y of ys(L, 61)) {
      const want = relu(pts[i]!, [y]);
      expect(Math.abs(T.value(i, y) - want)).toBeLessThanOrEqual(T.error(i, y));
      expect(Math.abs(T.value(i, y) - want)).toBeLessThan(1e-8 * Math.abs(pts[i]![0]! * y) + 1e-12);
    }
  });

  it('sin(z) prediction (table path) against ∫ Π K_EFT with the closed form; honest error bars', () => {
    const arch = genericArchitecture('sin(z)'), p = resolveParams(arch, {});
    const pts = [[-0.6], [0.2]], L = 3;
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: L, points: pts, n: 4 });
    const K = sinKernel(p);
    for (const e of r.entries) {
      const xs = e.index.map((i) => pts[i]!);
      const ex = -24 * integrate1D((y) => xs.reduce((q, x) => q * (K(x, [y]) - 1), 1), -L, L, { relTol: 1e-13 }).value;
      const t = e.terms[0]!;
      expect(t.converged).toBe(true);
      expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
      expect(t.absError).toBeLessThan(1e-7 * Math.abs(ex));
      expect(Math.abs(t.value - ex) / Math.abs(ex)).toBeLessThan(1e-8);
    }
  });

  it('tanh-net: table path agrees with the direct path within their error bars, is deterministic, and costs fewer φ evaluations', () => {
    // Without `kernel`, both paths evaluate K through this φ (numericKernel), so counting φ calls compares them.
    const base = getArchitecture('tanh'), p = resolveParams(base, {});
    let calls = 0;
    const arch = { ...base, kernel: undefined, phi: (z: number) => { calls++; return Math.tanh(z); } };
    const pts = [[-0.5], [0.9]], L = 2;
    const opts = { arch, params: p, propagator: 'eft' as const, cutoff: L, points: pts, n: 4, relTol: 1e-7 };
    const diags = firstOrderDiagrams(4, [0]);
    const fast = predictCorrelators(ACTION, diags, opts);
    const fastCalls = calls;
    expect(predictCorrelators(ACTION, diags, opts)).toEqual(fast);
    calls = 0;
    const direct = predictCorrelators(ACTION, diags, { ...opts, kernelTable: false });
    expect(fastCalls).toBeLessThan(calls);
    fast.entries.forEach((e, i) => e.terms.forEach((t, j) => {
      const d = direct.entries[i]!.terms[j]!;
      expect(t.converged && d.converged).toBe(true);
      expect(Math.abs(t.value - d.value)).toBeLessThanOrEqual(t.absError + d.absError);
      expect(Math.abs(t.value - d.value)).toBeLessThan(1e-7 * Math.abs(d.value));
    }));
  });
});
