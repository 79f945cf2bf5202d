import { describe, expect, it } from 'vitest';
import { normalSampler } from '../helpers/random.js';
import { fitCouplings, type FeatureTable, type TargetRow } from '../../src/fit/fit.js';
import { errorMetrics, mape, mse } from '../../src/fit/metrics.js';
import { linearRegression, logLogSlope } from '../../src/core/regression.js';
import { rgFlow } from '../../src/fit/rg.js';
import { sixPointComparison } from '../../src/fit/sixpoint.js';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import type { NnqftError } from '../../src/core/errors.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as NnqftError).code; } return 'none'; };
const prod = (xs: number[]) => xs.reduce((a, b) => a * b, 1);

/*
 * ReLU-net, σ_b = 0, σ_W = 1, d_in = 1, positive inputs (hand derivation, CONVENTIONS §2, §4, §6):
 *   S(x,y) = x y. For x y > 0, cos t = 1, t = 0: K = √(x² y²)(0 + π)/(2π) = x y / 2.
 *   For x y < 0, cos t = −1, t = π: sin π + 0·cos π = 0, so K = 0.
 *   Hence for x_i > 0 only y > 0 contributes and Π_i K(x_i, y) = Πx · y⁴ / 16:
 *     T0 = ∫_{−L}^{L} Π K dy            = Πx L⁵ / 80
 *     T2 = ∫ y² Π K dy                 = Πx L⁷ / 112
 *     TNL = Σ_3 ∫K K dy ∫K K dz        = 3 Πx (L³/12)² = Πx L⁶ / 48
 *   Action-convention features: F0 = −24 T0, F2 = −24 T2, FNL = −8 TNL.
 *   Exact data: ΔG4 = 3.75 Πx / N (CONVENTIONS §4).
 *   So the paper-sign λ0 (M1) = ΔG4 / (24 T0) = 3.75·80 / (24 N L⁵) = 12.5 / (N L⁵).
 */
function reluTables(xs: number[], L: number, N: number, model: 'M1' | 'M2' | 'M3') {
  const couplings = model === 'M1' ? ['λ0'] : model === 'M2' ? ['λ0', 'λ2'] : ['λ0', 'λ2', 'λNL'];
  const tuples = uniqueTuples(xs.length, 4);
  const features: FeatureTable = {
    couplings,
    rows: tuples.map((index) => {
      const P = prod(index.map((i) => xs[i]!));
      const all = [-24 * P * L ** 5 / 80, -24 * P * L ** 7 / 112, -8 * P * L ** 6 / 48];
      return { index, features: all.slice(0, couplings.length) };
    }),
  };
  const targets: TargetRow[] = tuples.map((index) => ({ index, value: (3.75 * prod(index.map((i) => xs[i]!))) / N }));
  return { features, targets };
}

const test5 = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];
const train5 = test5.map((x) => (x * Math.SQRT2) / 2);

describe('metrics', () => {
  it('MAPE (%) and MSE from their definitions', () => {
    expect(mape([0, 0], [1, -2])).toBe(100);
    expect(mape([1.1, 1.8], [1, 2])).toBeCloseTo(100 * (0.1 + 0.1) / 2, 12);
    expect(mse([1, 3], [2, 1])).toBeCloseTo((1 + 4) / 2, 14);
    const m = errorMetrics([1, 1], [0, 2]);
    expect(m.excluded).toBe(1);
    expect(m.mape).toBeCloseTo(50, 12);
    // Zero up to round-off (1e-18 of the largest value) is excluded too.
    const r = errorMetrics([1, 0.5], [1, 1e-18]);
    expect(r.excluded).toBe(1);
    expect(r.mape).toBe(0);
    expect(code(() => mape([1], [1, 2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => mse([], []))).toBe('INVALID_ARGUMENT');
  });
  it('linear regression: exact line, R² = 1; scattered data against hand sums', () => {
    const r = logLogSlope([1, 10, 100], [3, 3e-5, 3e-10]);
    expect(r.slope).toBeCloseTo(-5, 12);
    expect(r.r2).toBeCloseTo(1, 12);
    // (0,0),(1,1),(2,1): mean x = 1, mean y = 2/3; Sxy = 1, Sxx = 2 → slope 1/2; SSres = 1/6, SStot = 2/3 → R² = 3/4.
    const s = linearRegression([0, 1, 2], [0, 1, 1]);
    expect(s.slope).toBeCloseTo(0.5, 14);
    expect(s.r2).toBeCloseTo(0.75, 14);
    expect(code(() => linearRegression([1, 1], [1, 2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => logLogSlope([1, 2], [0, 1]))).toBe('INVALID_ARGUMENT');
  });
});

describe('fitCouplings on the ReLU closed form (σ_b = 0, positive inputs)', () => {
  const N = 20, L = 100;
  it('M1: λ0 = 12.5/(N L⁵) in the paper sign, −12.5/(N L⁵) in the action convention; exact on train and test', () => {
    const tr = reluTables(train5, L, N, 'M1'), te = reluTables(test5, L, N, 'M1');
    const f = fitCouplings(tr.features, tr.targets, { test: te });
    const expected = 12.5 / (N * L ** 5);
    expect(f.degenerate).toBe(false);
    expect(f.paper['λ0']!.value! / expected).toBeCloseTo(1, 12);
    expect(f.couplings['λ0']!.value! / -expected).toBeCloseTo(1, 12);
    expect(f.train.mape).toBeLessThan(1e-10);
    expect(f.test!.mape).toBeLessThan(1e-10);
    expect(f.test!.determined).toBe(true);
    expect(f.weighted).toBe(false);
  });
  it('M3: every feature ∝ x1x2x3x4, so the fit is degenerate; it reports λ0 + (5L²/7) λ2 + (5L/9) λNL, not a split', () => {
    const tr = reluTables(train5, L, N, 'M3'), te = reluTables(test5, L, N, 'M3');
    const f = fitCouplings(tr.features, tr.targets, { test: te });
    expect(f.degenerate).toBe(true);
    expect(f.rank).toBe(1);
    expect(f.condition).toBe(Infinity);
    for (const n of ['λ0', 'λ2', 'λNL']) {
      expect(f.couplings[n]!.value).toBeNull();
      expect(f.couplings[n]!.determined).toBe(false);
    }
    const c = f.combinations[0]!;
    // F2/F0 = (L⁷/112)/(L⁵/80) = 5L²/7; FNL/F0 = (8 L⁶/48)/(24 L⁵/80) = 5L/9.
    expect(c.coefficients['λ0']).toBeCloseTo(1, 12);
    expect(c.coefficients['λ2']! / (5 * L * L / 7)).toBeCloseTo(1, 10);
    expect(c.coefficients['λNL']! / (5 * L / 9)).toBeCloseTo(1, 10);
    expect(c.paperValue / (12.5 / (N * L ** 5))).toBeCloseTo(1, 10);
    expect(c.text).toContain('λ0 + ');
    // Predictions on the test set are still determined (same single direction) and exact.
    expect(f.test!.determined).toBe(true);
    expect(f.test!.mape).toBeLessThan(1e-8);
  });
  it('weights: sampled-like targets with errors give χ²/dof and a stdError that scales with σ', () => {
    const tr = reluTables(train5, L, N, 'M1');
    const targets = tr.targets.map((t) => ({ ...t, stdError: Math.abs(t.value) * 0.01 }));
    const f = fitCouplings(tr.features, targets);
    expect(f.weighted).toBe(true);
    const f2 = fitCouplings(tr.features, targets.map((t) => ({ ...t, stdError: t.stdError * 2 })));
    expect(f2.couplings['λ0']!.stdError! / f.couplings['λ0']!.stdError!).toBeCloseTo(2, 10);
    // Exactly proportional data: relative error of λ0 is 1%/√m for m rows at 1% each.
    const m = tr.targets.length;
    expect(f.couplings['λ0']!.stdError! / Math.abs(f.couplings['λ0']!.value!)).toBeCloseTo(0.01 / Math.sqrt(m), 10);
  });
  it('errors: missing tuple, mismatched test couplings, no couplings', () => {
    const tr = reluTables(train5, L, N, 'M1');
    expect(code(() => fitCouplings(tr.features, tr.targets.slice(1)))).toBe('INVALID_ARGUMENT');
    const te = reluTables(test5, L, N, 'M2');
    expect(code(() => fitCouplings(tr.features, tr.targets, { test: te }))).toBe('INVALID_ARGUMENT');
    expect(code(() => fitCouplings({ couplings: [], rows: [] }, tr.targets))).toBe('INVALID_ARGUMENT');
    expect(code(() => fitCouplings(tr.features, tr.targets, { weighted: true }))).toBe('INVALID_ARGUMENT');
  });
});

describe('rgFlow on the ReLU closed form', () => {
  it('λ(L) = 12.5/(N L⁵): slope −5, R² = 1, and the predicted ΔG4 does not run', () => {
    const N = 20, cutoffs = [7, 10, 15, 20, 50, 100, 1e3, 1e4, 1e5];
    const per = cutoffs.map((L) => ({ cutoff: L, features: reluTables(test5, L, N, 'M1').features }));
    const { targets } = reluTables(test5, 7, N, 'M1');
    const r = rgFlow(targets, per);
    expect(r.slope).toBeCloseTo(-5, 10);
    expect(r.r2).toBeCloseTo(1, 12);
    for (const p of r.points) {
      expect(p.lambda / (12.5 / (N * p.cutoff ** 5))).toBeCloseTo(1, 10);
      for (const e of p.perElement) expect(e / p.lambda).toBeCloseTo(1, 10);
    }
    expect(r.elementSlopes.min).toBeCloseTo(-5, 10);
    expect(r.predictedSpread).toBeLessThan(1e-10);
    expect(r.frozenSpread).toBeGreaterThan(1);
  });
  it('refuses one cutoff, infinite cutoffs and several couplings', () => {
    const t = reluTables(test5, 10, 20, 'M2');
    expect(code(() => rgFlow(t.targets, [{ cutoff: 10, features: reluTables(test5, 10, 20, 'M1').features }]))).toBe('INVALID_ARGUMENT');
    expect(code(() => rgFlow(t.targets, [10, 20].map((L) => ({ cutoff: L, features: reluTables(test5, L, 20, 'M2').features }))))).toBe('INVALID_ARGUMENT');
    expect(code(() => rgFlow(t.targets, [10, Infinity].map((L) => ({ cutoff: L, features: reluTables(test5, 10, 20, 'M1').features }))))).toBe('INVALID_ARGUMENT');
  });
});

describe('sixPointComparison on the ReLU closed form', () => {
  /*
   * For x > 0, u(x) = W1 relu(w x) = x V with V = W1 relu(w) (σ_W = 1, d_in = 1, σ_b = 0), so every
   * cumulant of f factorises: κ_n(f)(x1..xn) = N κ_n(V) Πx. With E V² = 1/(2N), E V⁴ = 3·(3/2)/N²,
   * E V⁶ = 15·(15/2)/N³ (E relu(w)^k = 1/2, 3/2, 15/2 for k = 2, 4, 6):
   *   κ4(V) = E V⁴ − 3 (E V²)² = 3.75/N²,   κ6(V) = E V⁶ − 15 E V⁴ E V² + 30 (E V²)³ = 82.5/N³.
   * So ΔG4 = 3.75 Πx/N, G6c = 82.5 Πx/N², and Σ_15 K·ΔG4 = 15 · (1/2) · 3.75 Πx/N = 28.125 Πx/N.
   */
  it('a quartic fit reproduces the O(1/N) part exactly and misses exactly the connected part', () => {
    const N = 5, xs = test5;
    const K = xs.map((a) => xs.map((b) => (a * b) / 2));
    const d4 = (idx: number[]) => (3.75 * prod(idx.map((i) => xs[i]!))) / N;
    const targets = uniqueTuples(xs.length, 6).map((index) => {
      const P = prod(index.map((i) => xs[i]!));
      return { index, delta: (28.125 * P) / N + (82.5 * P) / (N * N), connected: (82.5 * P) / (N * N) };
    });
    const r = sixPointComparison({ K, targets, delta4Pred: d4, delta4Data: d4 });
    const frac = 82.5 / (28.125 * N + 82.5);
    expect(r.disconnected.mape).toBeLessThan(1e-10);
    expect(r.connectedFraction).toBeCloseTo(frac, 12);
    expect(r.total.mape).toBeCloseTo(100 * frac, 9);
    expect(r.connected.mape).toBe(100);
    for (const e of r.entries) expect(e.actualConnected / e.predicted).toBeCloseTo(82.5 / (28.125 * N), 10);
  });
});

describe('fitReplicas: honest errors for sampled data whose tuples share networks', async () => {
  const { fitReplicas } = await import('../../src/fit/fit.js');
  const rng = normalSampler;
  it('z-scores of the replica error are ~N(0,1); the formula error, blind to the shared noise, is far too small', () => {
    const N = 20, L = 100, R = 20;
    const tr = reluTables(train5, L, N, 'M1');
    const truth = 12.5 / (N * L ** 5);
    const z: number[] = [], zFormula: number[] = [];
    for (let trial = 0; trial < 60; trial++) {
      const g = rng(1000 + trial);
      // Each replica: a common fluctuation of the whole ΔG4 (shared networks) plus small independent noise per tuple.
      const reps = Array.from({ length: R }, () => {
        const common = 0.2 * g();
        return tr.targets.map((t) => ({ index: t.index, value: t.value * (1 + common / 3.75) + 1e-4 * t.value * g() }));
      });
      const f = fitReplicas(tr.features, reps);
      expect(f.errors).toBe('replicas');
      const l = f.paper['λ0']!;
      z.push((l.value! - truth) / l.stdError!);
      zFormula.push((l.value! - truth) / l.stdErrorFormula!);
    }
    const mz2 = z.reduce((a, b) => a + b * b, 0) / z.length;
    const mz2f = zFormula.reduce((a, b) => a + b * b, 0) / zFormula.length;
    // t with 19 dof: E z² = 19/17 ≈ 1.12; 60 trials: the mean z² lies in [0.6, 1.8] with overwhelming probability.
    expect(mz2).toBeGreaterThan(0.6);
    expect(mz2).toBeLessThan(1.8);
    expect(mz2f).toBeGreaterThan(100);
  });
});
