import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/dsl/parse.js';
import { quarticFeatures, integrate1d } from './oracle-features.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import { gaussFeatures } from './closed-forms.js';
import type { NnqftError } from '../../src/core/errors.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as NnqftError).code; } return 'none'; };
const M3 = parseAction('(λ0 + λ2 x^2) f^4 + λNL ∫∫ f(x)^2 f(y)^2');

describe('built-in quartic features (d_in = 1)', () => {
  it('integrate1d: ∫_0^π sin = 2, ∫_{-1}^{1} |y| = 1 with a break at 0', () => {
    expect(integrate1d(Math.sin, 0, Math.PI).value).toBeCloseTo(2, 13);
    expect(integrate1d(Math.abs, -1, 1, [0]).value).toBeCloseTo(1, 14);
  });
  it('Gauss-net at Λ = ∞ equals the closed-form Gaussian integrals (1e-9 relative)', () => {
    const arch = getArchitecture('gauss');
    for (const [sW, sb] of [[1, 1], [1.3, 0.4]] as const) {
      const params = resolveParams(arch, { sW, sb, dIn: 1 });
      const points = [-0.5, 0.1, 0.3, 0.9].map((x) => [x]);
      const t = quarticFeatures(M3, { arch, params, propagator: 'eft', cutoff: Infinity, points, n: 4 });
      expect(t.couplings).toEqual(['λ0', 'λ2', 'λNL']);
      for (const r of t.rows) {
        const c = gaussFeatures(r.index.map((i) => points[i]![0]!), sW);
        expect(r.features[0]! / (-24 * c.T0)).toBeCloseTo(1, 9);
        expect(r.features[1]! / (-24 * c.T2)).toBeCloseTo(1, 9);
        expect(r.features[2]! / (-8 * c.TNL)).toBeCloseTo(1, 9);
        expect(r.featureErrors![0]!).toBeLessThan(1e-8 * Math.abs(r.features[0]!));
      }
    }
  });
  it('ReLU-net σ_b = 0 at Λ = 100: F0 = −24 Πx Λ⁵/80, F2 = −24 Πx Λ⁷/112, FNL = −8 Πx Λ⁶/48; G6 = 15·(1/2)·x5x6-spectators', () => {
    const arch = getArchitecture('relu');
    const params = resolveParams(arch, { sW: 1, sb: 0, dIn: 1 });
    const xs = [0.2, 0.5, 0.9, 1.2];
    const points = xs.map((x) => [x]);
    const L = 100;
    const t = quarticFeatures(M3, { arch, params, propagator: 'eft', cutoff: L, points, n: 4 });
    for (const r of t.rows) {
      const P = r.index.reduce((a, i) => a * xs[i]!, 1);
      expect(r.features[0]! / ((-24 * P * L ** 5) / 80)).toBeCloseTo(1, 9);
      expect(r.features[1]! / ((-24 * P * L ** 7) / 112)).toBeCloseTo(1, 9);
      expect(r.features[2]! / ((-8 * P * L ** 6) / 48)).toBeCloseTo(1, 9);
    }
    const t6 = quarticFeatures(parseAction('λ f^4'), { arch, params, propagator: 'eft', cutoff: L, points, n: 6 });
    expect(t6.rows).toHaveLength(uniqueTuples(4, 6).length);
    for (const r of t6.rows) {
      const P = r.index.reduce((a, i) => a * xs[i]!, 1);
      expect(r.features[0]! / (7.5 * (-24 * P * L ** 5) / 80)).toBeCloseTo(1, 9);
    }
  });
  it('the λ/4! normalisation and a sign flow through the prefactor', () => {
    const arch = getArchitecture('gauss');
    const params = resolveParams(arch, { dIn: 1 });
    const points = [[0.1], [0.2]];
    const a = quarticFeatures(parseAction('λ f^4'), { arch, params, propagator: 'eft', cutoff: Infinity, points, n: 4 });
    const b = quarticFeatures(parseAction('-λ/4! f^4'), { arch, params, propagator: 'eft', cutoff: Infinity, points, n: 4 });
    for (let i = 0; i < a.rows.length; i++) expect(b.rows[i]!.features[0]! / a.rows[i]!.features[0]!).toBeCloseTo(-1 / 24, 13);
  });
  it('refuses what it does not handle: f^6, d_in = 4, n = 8', () => {
    const arch = getArchitecture('gauss');
    const p1 = resolveParams(arch, { dIn: 1 });
    expect(code(() => quarticFeatures(parseAction('κ f^6'), { arch, params: p1, propagator: 'eft', cutoff: 10, points: [[0.1]], n: 4 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => quarticFeatures(parseAction('λ f^4'), { arch, params: resolveParams(arch, { dIn: 4 }), propagator: 'eft', cutoff: 10, points: [[0.1, 0.2, 0.3, 0.4]], n: 4 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => quarticFeatures(parseAction('λ f^4'), { arch, params: p1, propagator: 'eft', cutoff: 10, points: [[0.1]], n: 8 }))).toBe('INVALID_ARGUMENT');
  });
});

describe('built-in features at d_in = 2, 3', () => {
  it('Gauss-net d_in = 2 at Λ = ∞: the integral factorises over axes, Π_a e^{−σ_W²(Q_a − S_a²/4)/4} √(π/σ_W²) · σ_W⁸', () => {
    const arch = getArchitecture('gauss');
    const sW = 1.2;
    const params = resolveParams(arch, { sW, sb: 0.5, dIn: 2 });
    const points = [[0.1, -0.2], [0.3, 0.05]];
    const t = quarticFeatures(parseAction('λ f^4'), { arch, params, propagator: 'eft', cutoff: Infinity, points, n: 4 });
    for (const r of t.rows) {
      const xs = r.index.map((i) => points[i]!);
      let T = sW ** 8;
      for (const a of [0, 1]) {
        const S = xs.reduce((s, p) => s + p[a]!, 0), Q = xs.reduce((s, p) => s + p[a]! ** 2, 0);
        T *= Math.exp((-sW * sW * (Q - (S * S) / 4)) / 4) * Math.sqrt(Math.PI / (sW * sW));
      }
      expect(r.features[0]! / (-24 * T)).toBeCloseTo(1, 7);
    }
  });
  it('ReLU-net d_in = 2, σ_b = 0, Λ = 1: against a 300 × 300 midpoint rule; Λ = 2 scales by 2⁶ (homogeneity)', () => {
    const arch = getArchitecture('relu');
    const params = resolveParams(arch, { sW: 1, sb: 0, dIn: 2 });
    const points = [[0.5, 1], [1, 0.5]];
    const t1 = quarticFeatures(parseAction('λ f^4'), { arch, params, propagator: 'eft', cutoff: 1, points, n: 4 });
    const t2 = quarticFeatures(parseAction('λ f^4'), { arch, params, propagator: 'eft', cutoff: 2, points, n: 4 });
    const K = arch.kernel!;
    const m = 300, h = 2 / m;
    for (const [j, r] of t1.rows.entries()) {
      const xs = r.index.map((i) => points[i]!);
      let s = 0;
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
        const y = [-1 + (a + 0.5) * h, -1 + (b + 0.5) * h];
        s += xs.reduce((v, x) => v * K(x, y, params), 1);
      }
      expect(r.features[0]! / (-24 * s * h * h)).toBeCloseTo(1, 3);
      expect(t2.rows[j]!.features[0]! / r.features[0]!).toBeCloseTo(64, 6);
    }
  });
});

describe('RG slope of ReLU-nets (σ_b = 0) from the built-in features: −(4 + d_in)', async () => {
  const { rgFlow } = await import('../../src/fit/rg.js');
  /*
   * With σ_b = 0, S(x, y) = σ_W² x·y/d is linear in y and S(y, y) quadratic, so K(x, y) =
   * σ_W² √(S(x,x)S(y,y)) J(t)/(2π) is homogeneous of degree 1 in y (t depends on the direction only).
   * Π_{i=1..4} K is of degree 4 and ∫_{[−Λ,Λ]^d} scales as Λ^{4+d}; ΔG4 does not depend on Λ, so
   * λ(Λ) ∝ Λ^{−(4+d)}: slope −5, −6, −7 for d_in = 1, 2, 3.
   */
  it.each([[1, 'paper-relu'], [2, 'paper-relu-2d'], [3, 'paper-relu-3d']] as const)('d_in = %i', async (d, preset) => {
    const { INPUT_PRESETS } = await import('../../src/core/inputs.js');
    const arch = getArchitecture('relu');
    const params = resolveParams(arch, { sW: 1, sb: 0, dIn: d });
    const points = INPUT_PRESETS[preset]!.points.slice(0, d === 3 ? 1 : 2);
    const cutoffs = d === 3 ? [7, 100] : [7, 10, 100, 1e5];
    const per = cutoffs.map((L) => ({ cutoff: L, features: quarticFeatures(parseAction('λ f^4'), { arch, params, propagator: 'eft', cutoff: L, points, n: 4 }) }));
    // Any Λ-independent ΔG4 > 0 (here: all ones) gives the same slope.
    const targets = per[0]!.features.rows.map((r) => ({ index: r.index, value: 1 }));
    const r = rgFlow(targets, per);
    expect(r.slope).toBeCloseTo(-(4 + d), d === 3 ? 5 : 7);
    expect(r.r2).toBeCloseTo(1, 9);
  });
});
