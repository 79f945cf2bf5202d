/**
 * The four-point vertex recursion against Monte Carlo (issue 12 item 8; CONVENTIONS §8): n·G4c of
 * deep Erf networks (every hidden width n, depth 2, σ_b > 0, three inputs) sampled with the
 * conditional estimator, against the recursion's n·G4c (independent of n). The truncation is
 * O(1/n²), i.e. n·G4c(MC) − n·G4c(recursion) = c/n + noise: the test bounds |c| ≤ |n·G4c|·1 (the
 * O(1/n²) term at most 1/n relative: measured c/(n·G4c) are 0.1–0.3 here, bench/width-convergence.mjs)
 * and asks |residual| ≤ 4σ + |rec|/n at n = 16 and 64. A wrong recursion term (the inherited vertex,
 * the 1/n_l factors, a pairing) moves n·G4c by far more than the 1.6 % allowed at n = 64.
 *
 * Estimator (see bench/width-convergence.mjs): per replica G4c = (G4 − Σ₃ Ĝ2Ĝ2)·N/(N − 1), unbiased
 * for the conditional estimator; σ from the spread of independent replicas.
 */
import { describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/kernels/registry.js';
import { sampleCorrelators } from '../../src/nets/sample.js';
import { finiteWidthPlan } from '../../src/width/vertex.js';
import { wickSum } from '../../src/core/combinatorics.js';

const arch = getArchitecture('erf');
const params = { sW: 1.5, sb: 0.5, dIn: 1 };
const points = [[-1], [0.3], [1.2]];
const depth = 2, R = 10, NETS = 20_000;

async function nG4c(n: number): Promise<{ index: number[]; mean: number; se: number }[]> {
  const reps: number[][] = [];
  let index: number[][] = [];
  for (let r = 0; r < R; r++) {
    const res = await sampleCorrelators(arch, params, points, {
      widths: [n], layers: [new Array(depth).fill(n)], ns: [2, 4], nets: NETS, experiments: 1, seed: 100 + r, estimator: 'conditional', threads: 1,
    });
    const G2 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    for (const e of res.results.find((x) => x.n === 2)!.entries) G2[e.index[0]!]![e.index[1]!] = G2[e.index[1]!]![e.index[0]!] = e.G.mean;
    const e4 = res.results.find((x) => x.n === 4)!.entries;
    index = e4.map((e) => e.index);
    reps.push(e4.map((e) => (n * (e.G.mean - wickSum(G2, e.index)) * NETS) / (NETS - 1)));
  }
  return index.map((idx, k) => {
    const v = reps.map((x) => x[k]!), mean = v.reduce((a, b) => a + b, 0) / R;
    return { index: idx, mean, se: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1) / R) };
  });
}

describe('vertex recursion against the deep sampler', () => {
  const plan = finiteWidthPlan(arch, { activation: 'erf', widths: [16, 16], ...params }, points);
  for (const n of [16, 64]) {
    it(`n = ${n}: n·G4c(MC) − n·G4c(recursion) within 4σ + |rec|/n on every tuple`, async () => {
      const rec = plan.at([n, n]).entries;
      const mc = await nG4c(n);
      const scale = Math.max(...rec.map((e) => n * Math.abs(e.connected)));
      for (let k = 0; k < mc.length; k++) {
        const r = n * rec[k]!.connected, d = mc[k]!.mean - r;
        expect(mc[k]!.index).toEqual(rec[k]!.index);
        expect(Math.abs(d), `tuple ${mc[k]!.index}: MC ${mc[k]!.mean} ± ${mc[k]!.se}, recursion ${r}`).toBeLessThan(4 * mc[k]!.se + Math.abs(r) / n);
        // the test resolves what it checks: σ below 0.5 % of the largest n·G4c (a 10 % error in a term would show)
        expect(mc[k]!.se).toBeLessThan(0.005 * scale);
      }
    }, 60_000);
  }
});
