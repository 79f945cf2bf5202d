import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import type { Diagram } from '../../src/diagrams/types.js';
import { integrate1D } from '../../src/integrate/adaptive.js';
import { kernelFunction } from '../../src/kernels/kernel.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';

/** A second-order tree diagram: x1,x2 – y1 – y2 – x3,x4 (two λ0 vertices joined by a line), coefficient c. */
function chain(c: number): Diagram {
  const v = (id: string) => ({ id, term: 'λ0 f^4', termIndex: 0, points: [id], legs: 4 });
  return {
    label: 'chain', order: 2, coefficient: Rational.of(c), symmetryFactor: Rational.ONE, couplings: { λ0: 2 },
    externals: ['x1', 'x2', 'x3', 'x4'], vertices: [v('y1'), v('y2')],
    edges: [['x1', 'y1'], ['x2', 'y1'], ['y1', 'y2'], ['y1', 'y2'], ['x3', 'y2'], ['x4', 'y2']],
    connected: true, onePI: false,
  };
}

/**
 * Gauss-net, Λ = ∞: the chain integrand is σ_W^12 exp(-(σ_W²/(2·(2/d))) Q) with Q a quadratic form
 * in (y1, y2) per coordinate; closed form π^{d}/√det(A)^d · exp(bᵀA⁻¹b − c) per coordinate.
 */
function chainExact(xs: number[][], sW: number, dIn: number): number {
  const g = sW * sW / (2 * dIn);
  let r = sW ** 12;
  for (let c = 0; c < dIn; c++) {
    const [x1, x2, x3, x4] = xs.map((x) => x[c]!) as [number, number, number, number];
    // Q = (y1-x1)² + (y1-x2)² + 2 (y1-y2)² + (y2-x3)² + (y2-x4)²  (the y1–y2 line appears twice)
    const A = [[4 * g, -2 * g], [-2 * g, 4 * g]];
    const b = [g * (x1 + x2), g * (x3 + x4)];
    const cc = g * (x1 * x1 + x2 * x2 + x3 * x3 + x4 * x4);
    const det = A[0]![0]! * A[1]![1]! - A[0]![1]! * A[1]![0]!;
    const inv = [[A[1]![1]! / det, -A[0]![1]! / det], [-A[1]![0]! / det, A[0]![0]! / det]];
    const q = b[0]! * (inv[0]![0]! * b[0]! + inv[0]![1]! * b[1]!) + b[1]! * (inv[1]![0]! * b[0]! + inv[1]![1]! * b[1]!);
    r *= (Math.PI / Math.sqrt(det)) * Math.exp(q - cc);
  }
  return r;
}

describe('joint integrals over several internal points', () => {
  const arch = getArchitecture('gauss');
  it('d_in = 1, two joined points (2D Genz–Malik): closed form to 1e-8, honest error', () => {
    const p = resolveParams(arch, { sW: 1.2, sb: 1, dIn: 1 });
    const pts = [[-0.4], [0.1], [0.5]];
    const r = predictCorrelators(ACTION, [chain(7)], { arch, params: p, propagator: 'eft', cutoff: Infinity, points: pts, n: 4, relTol: 1e-8 });
    for (const e of r.entries) {
      const ex = 7 * chainExact(e.index.map((i) => pts[i]!), p.sW, 1);
      const t = e.terms[0]!;
      expect(t.couplings).toEqual({ λ0: 2 });
      expect(Math.abs(t.value - ex) / ex).toBeLessThan(1e-8);
      expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
    }
  });
  it('d_in = 2, two joined points (4D quasi-Monte-Carlo): within its error estimate', () => {
    const p = resolveParams(arch, { sW: 1, sb: 1, dIn: 2 });
    const pts = [[0.1, -0.2], [0.3, 0.4]];
    const r = predictCorrelators(ACTION, [chain(1)], { arch, params: p, propagator: 'eft', cutoff: Infinity, points: pts, n: 4, relTol: 1e-3 });
    for (const e of r.entries) {
      const ex = chainExact(e.index.map((i) => pts[i]!), p.sW, 2);
      const t = e.terms[0]!;
      expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
      expect(t.absError / ex).toBeLessThan(1e-2);
    }
  });
  it('d_in = 3 local vertex (3D Genz–Malik) factorises into 1D Gaussian integrals', () => {
    const p = resolveParams(arch, { sW: 1, sb: 1, dIn: 3 });
    const pts = [[-0.01, -0.01, -0.01], [0.01, 0.01, -0.01]];
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: Infinity, points: pts, n: 4, relTol: 1e-7 });
    const g = 1 / 6; // σ_W²/(2 d_in)
    for (const e of r.entries) {
      let ex = -24;
      for (let c = 0; c < 3; c++) {
        const xs = e.index.map((i) => pts[i]![c]!);
        const mu = xs.reduce((a, b) => a + b, 0) / 4, q = xs.reduce((a, b) => a + b * b, 0) - 4 * mu * mu;
        ex *= Math.exp(-g * q) * Math.sqrt(Math.PI / (4 * g));
      }
      const t = e.terms[0]!;
      expect(Math.abs(t.value - ex) / Math.abs(ex)).toBeLessThan(1e-7);
      expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
    }
  });
});

describe('tanh-net (numeric kernel) predictions', () => {
  it('the λ term equals a direct scalar integral of Π K_EFT with the numeric kernel', () => {
    const arch = getArchitecture('tanh'), p = resolveParams(arch, {});
    const pts = [[-0.5], [0.5]], L = 1;
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: L, points: pts, n: 4, relTol: 1e-7 });
    const K = kernelFunction(arch, p);
    for (const e of r.entries.filter((_, i) => i === 0 || i === 3)) {
      const xs = e.index.map((i) => pts[i]![0]!);
      const counts = new Map<number, number>();
      for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
      const ex = -24 * integrate1D((y) => [...counts].reduce((q, [x, k]) => q * (K([x], [y]) - 1) ** k, 1), -L, L, { relTol: 1e-8 }).value;
      expect(Math.abs(e.terms[0]!.value - ex) / Math.abs(ex)).toBeLessThan(1e-7);
      // The error bound includes the numeric kernel's own (≈ 4 lines × 2e-9 relative), so it cannot be tiny.
      expect(e.terms[0]!.absError).toBeGreaterThan(1e-9 * Math.abs(ex));
      expect(Math.abs(e.terms[0]!.value - ex)).toBeLessThanOrEqual(e.terms[0]!.absError);
    }
  });
});

describe('ReLU-net d_in = 2: kinks on lines x·y = 0 that are not axis-aligned', () => {
  it('2D cubature agrees with a nested 1D oracle split at every kink line, within its error bound', () => {
    const arch = getArchitecture('relu'), p = resolveParams(arch, { sb: 0, dIn: 2 });
    const K = kernelFunction(arch, p);
    const pts = [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]];
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: 10, points: pts, n: 4, relTol: 1e-8 });
    for (const idx of ['0,0,0,0', '0,1,2,3']) {
      const X = idx.split(',').map((i) => pts[Number(i)]!);
      // Oracle: ∫dy1 ∫dy2, the inner split where x·y = 0 (y2 = -x1 y1/x2) and where y ∥ x (y2 = x2 y1/x1).
      const oracle = -24 * integrate1D((y1) => integrate1D((y2) => X.reduce((q, x) => q * K(x, [y1, y2]), 1), -10, 10,
        { relTol: 1e-11, breakpoints: X.flatMap((x) => [(-x[0]! * y1) / x[1]!, (x[1]! * y1) / x[0]!]) }).value, -10, 10, { relTol: 1e-11, breakpoints: [0] }).value;
      const t = r.entries.find((e) => e.index.join() === idx)!.terms[0]!;
      expect(Math.abs(t.value - oracle)).toBeLessThanOrEqual(t.absError);
      expect(Math.abs(t.value - oracle) / Math.abs(oracle)).toBeLessThan(1e-8);
    }
  });
});
