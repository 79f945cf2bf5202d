import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/dsl/parse.js';
import { quarticFeatures, integrate1d } from '../../src/fit/features.js';
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
  it('refuses what it does not handle: f^6, d_in = 2, n = 8', () => {
    const arch = getArchitecture('gauss');
    const p1 = resolveParams(arch, { dIn: 1 });
    expect(code(() => quarticFeatures(parseAction('κ f^6'), { arch, params: p1, propagator: 'eft', cutoff: 10, points: [[0.1]], n: 4 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => quarticFeatures(parseAction('λ f^4'), { arch, params: resolveParams(arch, { dIn: 2 }), propagator: 'eft', cutoff: 10, points: [[0.1, 0.2]], n: 4 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => quarticFeatures(parseAction('λ f^4'), { arch, params: p1, propagator: 'eft', cutoff: 10, points: [[0.1]], n: 8 }))).toBe('INVALID_ARGUMENT');
  });
});
