import { describe, expect, it } from 'vitest';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import type { Point } from '../../src/core/inputs.js';
import { entriesFromSampleJson, featuresFromPrediction, targetsFromEntries } from '../../src/fit/adapters.js';
import type { FeatureTable } from '../../src/fit/fit.js';
import { fitAction, rgAction, validateAction, type FitEngines } from '../../src/fit/pipeline.js';
import { TABLE5_MODELS, TABLE5_SETUPS, table5 } from '../../src/fit/table5.js';
import type { NnqftError } from '../../src/core/errors.js';

const code = async (f: () => unknown) => { try { await f(); } catch (e) { return (e as NnqftError).code; } return 'none'; };
const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/*
 * Closed-form engines for ReLU, σ_W = 1, σ_b = 0, d_in = 1, positive inputs (derivation in fit.test.ts):
 * K = x y/2; F0 = −24 Πx L⁵/80, F2 = −24 Πx L⁷/112, FNL = −8 Πx L⁶/48 for G4;
 * G4 data ΔG4 = 3.75 Πx/N; G6 data ΔG6 = 28.125 Πx/N + 82.5 Πx/N², G6c = 82.5 Πx/N².
 * First-order G6 features of a quartic coupling: Σ_15 K(x_e,x_f) F(x_a..x_d) = 15·(1/2)·F-per-Πx·Πx6.
 */
function reluEngines(N: number, couplings: string[]): FitEngines {
  const per = (L: number) => ({ λ0: (-24 * L ** 5) / 80, λ2: (-24 * L ** 7) / 112, λNL: (-8 * L ** 6) / 48 } as Record<string, number>);
  return {
    features(n, points, L): FeatureTable {
      const xs = points.map((p) => p[0]!);
      const k = n === 6 ? 7.5 : 1;
      return { couplings, rows: uniqueTuples(xs.length, n).map((index) => ({ index, features: couplings.map((c) => k * per(L)[c]! * prod(index.map((i) => xs[i]!))) })) };
    },
    correlators(points, ns) {
      const xs = points.map((p) => p[0]!);
      return new Map(ns.map((n) => [n, uniqueTuples(xs.length, n).map((index) => {
        const P = prod(index.map((i) => xs[i]!));
        return n === 4 ? { index, delta: (3.75 * P) / N } : { index, delta: (28.125 * P) / N + (82.5 * P) / (N * N), connected: (82.5 * P) / (N * N) };
      })] as const));
    },
    kernel: (points: Point[]) => points.map((a) => points.map((b) => (a[0]! * b[0]!) / 2)),
  };
}

const test5: Point[] = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2].map((x) => [x]);
const train5: Point[] = test5.map((p) => [(p[0]! * Math.SQRT2) / 2]);

describe('fit workflows on closed-form engines', () => {
  it('fitAction: M1 on ReLU gives λ0 = 12.5/(N L⁵) (paper sign)', async () => {
    const f = await fitAction(reluEngines(20, ['λ0']), { train: train5, test: test5, cutoff: 100 });
    expect(f.paper['λ0']!.value! / (12.5 / (20 * 1e10))).toBeCloseTo(1, 12);
    expect(f.test!.mape).toBeLessThan(1e-10);
  });
  it('validateAction: G6 prediction misses exactly the connected fraction 82.5/(28.125 N + 82.5)', async () => {
    const N = 5;
    const v = await validateAction(reluEngines(N, ['λ0']), { train: train5, test: test5, cutoff: 100 });
    const frac = 82.5 / (28.125 * N + 82.5);
    expect(v.g6.disconnected.mape).toBeLessThan(1e-9);
    expect(v.g6.total.mape).toBeCloseTo(100 * frac, 8);
    expect(Math.max(...v.g6.entries.map((e) => Math.abs(e.predictedConnected / e.predicted)))).toBeLessThan(1e-12);
    expect(v.g6Determined).toBe(true);
  });
  it('rgAction: slope −5 over the paper\'s cutoffs', async () => {
    const r = await rgAction(reluEngines(20, ['λ0']), { points: test5, cutoffs: [7, 10, 15, 20, 30, 50, 100, 1e3, 1e4, 1e5] });
    expect(r.slope).toBeCloseTo(-5, 10);
    expect(r.r2).toBeCloseTo(1, 12);
  });
});

describe('table5 on the ReLU closed form', () => {
  it('flags M2/M3 as degenerate; the published split lies on the determined line within its 2-digit rounding', async () => {
    const relu = TABLE5_SETUPS.find((s) => s.arch === 'relu')!;
    const names: Record<string, string[]> = {};
    for (const [m, a] of Object.entries(TABLE5_MODELS)) if (a) names[a] = m === 'M1' ? ['λ0'] : m === 'M2' ? ['λ0', 'λ2'] : ['λ0', 'λ2', 'λNL'];
    const rows = await table5((s) => {
      const base = (c: string[]) => reluEngines(s.width, c);
      return { correlators: base([]).correlators, features: (action, n, pts, L) => base(names[action]!).features(n, pts, L) };
    }, [relu]);
    expect(rows.map((r) => r.model)).toEqual(['M0', 'M1', 'M2', 'M3']);
    const [m0, m1, m2, m3] = rows as [typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0]];
    expect(m0.test.mape).toBe(100);
    // M0 MSE = mean ΔG4² over the test tuples, from the definition.
    const t = uniqueTuples(6, 4).map((i) => (3.75 * prod(i.map((k) => test5[k]![0]!))) / 20);
    expect(m0.test.mse).toBeCloseTo(t.reduce((a, b) => a + b * b, 0) / t.length, 15);
    expect(m1.degenerate).toBe(false);
    expect(m1.couplings.λ0!.value / 6.25e-11).toBeCloseTo(1, 10);
    for (const r of [m2, m3]) {
      expect(r.degenerate).toBe(true);
      expect(r.couplings.λ0).toBeNull();
      expect(r.determined[0]!.value / 6.25e-11).toBeCloseTo(1, 10);
      // Published 2-digit values: within 1% of the determined combination.
      expect(Math.abs(r.publishedOnDetermined! / r.determined[0]!.value - 1)).toBeLessThan(0.01);
    }
  });
});

describe('adapters', () => {
  it('prediction entries → feature columns per coupling monomial; sampled entries → targets with errors', () => {
    const f = featuresFromPrediction([
      { index: [0, 0, 0, 0], terms: [{ couplings: { λ0: 1 }, value: -2, absError: 1e-9 }, { couplings: { λNL: 1 }, value: -3 }] },
      { index: [0, 0, 0, 1], terms: [{ couplings: { λNL: 1 }, value: -5 }] },
    ]);
    expect(f.couplings).toEqual(['λ0', 'λNL']);
    expect(f.rows[1]!.features).toEqual([0, -5]);
    expect(f.rows[0]!.featureErrors).toEqual([1e-9, 0]);
    const t = targetsFromEntries([{ index: [0, 1, 2, 3], delta: { mean: 0.5, stdError: 0.01 } }, { index: [0, 0, 1, 1], G: 3, GP: 2.5 }]);
    expect(t).toEqual([{ index: [0, 1, 2, 3], value: 0.5, stdError: 0.01 }, { index: [0, 0, 1, 1], value: 0.5 }]);
  });
  it('refuses second-order terms and unreadable sampler files', async () => {
    expect(await code(() => featuresFromPrediction([{ index: [0, 0, 0, 0], terms: [{ couplings: { λ: 2 }, value: 1 }] }]))).toBe('INVALID_ARGUMENT');
    expect(await code(() => entriesFromSampleJson({ foo: 1 }, 4))).toBe('INVALID_ARGUMENT');
    expect(await code(() => entriesFromSampleJson({ results: [{ width: 5, entries: [{ index: [0, 0, 0, 0] }] }, { width: 7, entries: [{ index: [0, 0, 0, 0] }] }] }, 4))).toBe('INVALID_ARGUMENT');
    expect(entriesFromSampleJson({ results: [{ width: 5, entries: [{ index: [0, 0, 0, 0] }] }, { width: 7, entries: [{ index: [0, 1, 1, 1] }] }] }, 4, 7)).toEqual([{ index: [0, 1, 1, 1] }]);
  });
});

describe('table5 on the Gauss closed form (N = 1000, Λ = ∞, inputs 0.01 × …)', async () => {
  const { gaussEntries, gaussTable, modelCouplings } = await import('./closed-forms.js');
  it('M1 fits to a small test MAPE; M2\'s determined direction λ0 + λ2/4 reproduces M1\'s λ0; M3 is ill-conditioned', async () => {
    const gauss = TABLE5_SETUPS.find((s) => s.arch === 'gauss')!;
    const rows = await table5((s) => ({
      correlators: (pts, ns) => new Map(ns.map((n) => [n, gaussEntries(pts, s.sW, s.sb, s.width)] as const)),
      features: (action, _n, pts) => gaussTable(pts, modelCouplings(action), s.sW),
    }), [gauss]);
    const [m0, m1, m2, m3] = rows as [typeof rows[0], typeof rows[0], typeof rows[0], typeof rows[0]];
    expect(m0.test.mape).toBe(100);
    expect(m1.degenerate).toBe(false);
    expect(m1.couplings.λ0!.value).toBeGreaterThan(0);
    expect(m1.test.mape).toBeLessThan(0.05);
    // F2/F0 = 1/4 + (S/4)² with |S/4| ≤ 0.012: the best-determined direction of M2 is λ0 + λ2/4 ≈ M1's λ0.
    const d = m2.determined[0]!;
    expect(d.coefficients['λ2']).toBeCloseTo(0.25, 3);
    expect(Math.abs(d.value / m1.couplings.λ0!.value - 1)).toBeLessThan(1e-3);
    expect(m3.condition!).toBeGreaterThan(1e5);
    expect(m3.test.mape).toBeLessThan(m1.test.mape);
  });
});
