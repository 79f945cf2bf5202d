/**
 * Honest m_n intervals under heavy tails (src/nets/interval.ts): coverage over
 * independent replicas against the exact engine (an independent oracle: single-neuron
 * moments and cumulant algebra, no sampling), at the report's inputs and orders.
 */
import { describe, expect, it } from 'vitest';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import { correlatorPolynomials, reportAtWidths } from '../../src/exact/correlators.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { heavyTailSkewLimit, mInterval } from '../../src/nets/interval.js';
import type { SampleWidthResult } from '../../src/nets/result.js';
import { sampleCorrelators } from '../../src/nets/sample.js';

// The report's m_n stage: the paper's inputs, n = 4 and 6, 100 experiments (src/report/plan.ts);
// 20 000 networks per replica (half the quick report's) keeps 20 replicas near 15 CPU-s.
const REPLICAS = 20, NETS = 20_000, E = 100, N = 5;

async function coverage(name: 'gauss' | 'erf', ns: number[]) {
  const arch = getArchitecture(name);
  const points = INPUT_PRESETS[`paper-${name}`]!.points;
  const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
  const exact = reportAtWidths(correlatorPolynomials(arch, params, points, ns), [N], ns);
  const out = new Map(ns.map((n) => [n, { honest: 0, plain: 0, open: 0 }]));
  for (let seed = 1; seed <= REPLICAS; seed++) {
    const r = await sampleCorrelators(arch, params, points, { widths: [N], ns, nets: NETS, experiments: E, seed, threads: 1 });
    for (const w of r.results) {
      const want = exact.results.find((x) => x.n === w.n)!.m;
      const iv = mInterval(w, E)!;
      const c = out.get(w.n)!;
      c.honest += Number(iv.lo <= want && want <= iv.hi);
      c.plain += Number(Math.abs(iv.m - want) <= 2 * iv.sigma);
      c.open += Number(iv.heavyTailed === true);
    }
  }
  return out;
}

describe('m_n intervals: coverage of the exact value over independent replicas (N = 5)', () => {
  it('Gauss-net (log-normal outputs): the interval holds the exact m4 and m6 in ≥ 90 % of replicas, where the plain ±2σ fails', async () => {
    const c = await coverage('gauss', [4, 6]);
    for (const n of [4, 6]) expect(c.get(n)!.honest, `n = ${n}`).toBeGreaterThanOrEqual(0.9 * REPLICAS);
    // The test can fail: the plain interval misses the exact m6 in most replicas (it never held it in 30 tried).
    expect(c.get(6)!.plain).toBeLessThan(0.9 * REPLICAS);
  }, 180_000);

  it('Erf-net (bounded outputs): the intervals stay two-sided and still cover', async () => {
    const c = (await coverage('erf', [4])).get(4)!;
    expect(c.open).toBeLessThanOrEqual(1);
    expect(c.honest).toBeGreaterThanOrEqual(0.9 * REPLICAS);
  }, 120_000);
});

describe('mInterval', () => {
  const result = (maxSkewness: number | null): SampleWidthResult => ({
    width: 5, n: 4, m: 0.5, background: 1, maxSkewness,
    entries: [
      { index: [0, 0, 0, 0], G: { mean: 3.5, stdError: 0.2, n: 100, seed: 1 }, GP: 2, delta: { mean: 1.5, stdError: 0.2 }, m: 0.75, background: 1 },
      { index: [0, 0, 1, 1], G: { mean: 1.25, stdError: 0.1, n: 100, seed: 1 }, GP: -4, delta: { mean: 5.25, stdError: 0.1 }, m: 0.25, background: 1 },
    ],
  });
  it('σ is the mean of stdError/|G_GP|; two-sided when the skewness passes 4√(6/E), open above when it fails', () => {
    const sigma = (0.2 / 2 + 0.1 / 4) / 2;
    const limit = 4 * Math.sqrt(6 / 100);
    expect(heavyTailSkewLimit(100)).toBeCloseTo(limit, 15);
    expect(mInterval(result(limit * 0.99), 100)).toEqual({ m: 0.5, sigma, lo: 0.5 - 2 * sigma, hi: 0.5 + 2 * sigma, heavyTailed: false });
    expect(mInterval(result(limit * 1.01), 100)).toEqual({ m: 0.5, sigma, lo: 0.5 - 2 * sigma, hi: Infinity, heavyTailed: true });
  });
  it('untested (heavyTailed null) below 20 experiments', () => {
    for (const E of [2, 10, 19]) {
      expect(heavyTailSkewLimit(E)).toBeNull();
      expect(mInterval(result(2), E)!.heavyTailed).toBeNull();
    }
    // At the old quick plan's E = 10 no sample can fail the test: (E − 2)/√(E − 1), the largest skewness of E values, is below 4√(6/E).
    expect(8 / 3).toBeLessThan(4 * Math.sqrt(6 / 10));
    expect(mInterval(result(null), 100)!.heavyTailed).toBeNull();
  });
  it('clips the lower end at 0', () => {
    const r = result(0);
    expect(mInterval({ ...r, m: 0.01 }, 100)!.lo).toBe(0);
  });
});
