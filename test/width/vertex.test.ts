import { describe, expect, it } from 'vitest';
import { exactCorrelators } from '../../src/exact/correlators.js';
import { BudgetExceededError, InvalidArgumentError } from '../../src/core/errors.js';
import { getArchitecture } from '../../src/kernels/registry.js';
import type { Architecture } from '../../src/kernels/types.js';
import { firstLayerCovariance, type NetworkSpec } from '../../src/kernels/network.js';
import { finiteWidthCorrelators, finiteWidthPlan } from '../../src/width/vertex.js';
import { isserlis, pairsOf, squareNet } from './oracles.js';

const net = (activation: string, widths: number[], sW: number, sb: number, dIn: number): NetworkSpec => ({ activation, widths, sW, sb, dIn });

describe('one hidden layer = the exact engine (CONVENTIONS §4 κ4)', () => {
  const cases: { name: string; sW: number; sb: number; points: number[][]; N: number }[] = [
    { name: 'erf', sW: 1.2, sb: 1, points: [[-1], [0.2], [0.6]], N: 7 },
    { name: 'erf', sW: 1, sb: 0.5, points: [[-1, 1], [1, 1], [0.3, -0.7]], N: 3 },
    { name: 'relu', sW: 1.1, sb: 0.3, points: [[0.2], [-0.5], [1.2]], N: 5 },
    { name: 'relu', sW: 1, sb: 0.4, points: [[1, 0.5], [-0.3, 1], [0.7, -0.8]], N: 11 },
    { name: 'tanh', sW: 1, sb: 1, points: [[-1], [0.6], [1]], N: 4 },
    { name: 'gauss', sW: 1, sb: 1, points: [[-0.01], [0.006], [0.01]], N: 10 },
    { name: 'linear', sW: 1.3, sb: 0.2, points: [[1, 2], [-0.5, 0.3]], N: 6 },
  ];
  for (const c of cases) {
    it(`${c.name}, d_in = ${c.points[0]!.length}, ${c.points.length} inputs, N = ${c.N}`, () => {
      const arch = getArchitecture(c.name);
      const dIn = c.points[0]!.length;
      const fw = finiteWidthCorrelators(arch, net(c.name, [c.N], c.sW, c.sb, dIn), c.points);
      const ex = exactCorrelators(arch, { sW: c.sW, sb: c.sb, dIn }, c.points, { widths: [c.N], ns: [4] }).results[0]!;
      expect(fw.entries.map((e) => e.index)).toEqual(ex.entries.map((e) => e.index));
      const scale = Math.max(...ex.entries.map((e) => Math.abs(e.delta)));
      fw.entries.forEach((e, i) => {
        const x = ex.entries[i]!;
        expect(Math.abs(e.connected - x.connected)).toBeLessThanOrEqual(1e-10 * scale);
        expect(Math.abs(e.delta - x.delta)).toBeLessThanOrEqual(1e-10 * scale);
        expect(Math.abs(e.GP - x.GP)).toBeLessThanOrEqual(1e-10 * Math.abs(x.GP) + 1e-15);
        expect(e.absError.delta).toBeLessThan(1e-8 * scale);
      });
      expect(fw.kernelShift.flat().every((v) => v === 0)).toBe(true);
      expect(fw.m).toBeCloseTo(ex.m, 10);
    });
  }
});

/**
 * Deep linear networks with biases: given Ĝ^l, Ĝ^{l+1} − C_b = (C_W/n_l) Σ_j z_j z_jᵀ is a scaled Wishart
 * matrix, so the first two moments of Ĝ obey an exact recursion at any widths:
 *   μ^{l+1} = C_b + C_W μ^l,  Cov^{l+1}_{ab,cd} = C_W² [Cov^l_{ab,cd} + (S^l_{ac,bd} + S^l_{ad,bc})/n_l],
 * S = Cov + μμ. G4c = Σ_3 Cov^{L+1} exactly; its 1/n coefficient by Richardson in a common width scale s.
 */
function linearExactG4c(n0: NetworkSpec, points: number[][], s: number): { mu: number[][]; g4c: (a: number, b: number, c: number, d: number) => number } {
  const m = points.length, CW = n0.sW ** 2, Cb = n0.sb ** 2;
  let mu = firstLayerCovariance(n0, points);
  const key = (a: number, b: number, c: number, d: number) => [a, b, c, d].join(',');
  let cov = new Map<string, number>();
  const get = (M: Map<string, number>, a: number, b: number, c: number, d: number) => M.get(key(a, b, c, d)) ?? 0;
  for (const nl of n0.widths.map((w) => w * s)) {
    const next = new Map<string, number>();
    const S = (a: number, b: number, c: number, d: number) => get(cov, a, b, c, d) + mu[a]![b]! * mu[c]![d]!;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) for (let c = 0; c < m; c++) for (let d = 0; d < m; d++) {
      next.set(key(a, b, c, d), CW * CW * (get(cov, a, b, c, d) + (S(a, c, b, d) + S(a, d, b, c)) / nl));
    }
    cov = next;
    mu = mu.map((r) => r.map((v) => Cb + CW * v));
  }
  return { mu, g4c: (a, b, c, d) => get(cov, a, b, c, d) + get(cov, a, c, b, d) + get(cov, a, d, b, c) };
}

describe('deep linear networks: the recursion = the exact Wishart recursion\'s 1/n coefficient', () => {
  for (const widths of [[4, 9], [4, 9, 6]]) {
    it(`layers ${widths.join(',')}, biases, d_in = 2, three inputs`, () => {
      const arch = getArchitecture('linear');
      const points = [[1, 0.5], [-0.3, 1.2], [0.7, -0.8]];
      const spec = net('linear', widths, 1.3, 0.6, 2);
      const plan = finiteWidthPlan(arch, spec, points);
      const fw = plan.at(widths);
      const s = 1e6;
      const lo = linearExactG4c(spec, points, s), hi = linearExactG4c(spec, points, 2 * s);
      for (const e of fw.entries) {
        const [a, b, c, d] = e.index as [number, number, number, number];
        const coef = 2 * (2 * s) * hi.g4c(a, b, c, d) - s * lo.g4c(a, b, c, d);
        expect(e.connected).toBeCloseTo(coef, 8);
        expect(Math.abs(e.connected - coef)).toBeLessThanOrEqual(1e-9 * Math.abs(coef));
        // A linear dual has no curvature and G2 = K exactly: no NLO shift.
        expect(Math.abs(e.delta - e.connected)).toBeLessThanOrEqual(e.absError.delta);
        expect(e.absError.delta).toBeLessThan(1e-8 * Math.abs(e.GP));
      }
      expect(fw.kernel).toEqual(fw.kernel);
      lo.mu.forEach((r, a) => r.forEach((v, b) => expect(fw.kernel[a]![b]).toBeCloseTo(v, 12)));
      // Leading order is exactly linear in 1/n: doubling every width halves every correction.
      const twice = plan.at(widths.map((w) => 2 * w));
      twice.entries.forEach((e, i) => expect(e.connected * 2).toBeCloseTo(fw.entries[i]!.connected, 12));
    });
  }
});

/**
 * φ(z) = z² (F(G)_ab = G_aa G_bb + 2 G_ab², a polynomial), two hidden layers: everything follows from
 * Gaussian moments by Isserlis. Layer 2 is a mean of n_1 i.i.d. terms under the deterministic K1, so
 * Cov(Ĝ²) = (C_W²/n_1)(M8 − M4 M4) exactly, and since F is quadratic, E F(Ĝ²) = F(K²) + Cov(Ĝ²_aa, Ĝ²_bb)
 * + 2 Var(Ĝ²_ab) exactly: δK³ is exactly ∝ 1/n_1. G4c at layer 3 from the delta method written with the
 * gradient in the entries G directly (not the (A, B, ρ) coordinates of the library).
 */
describe('quadratic activation, two hidden layers: NLO kernel and G4c from Isserlis', () => {
  const points = [[0.8, -0.2], [0.1, 0.9], [-0.6, 0.4]];
  const spec = net('square-test', [5, 8], 0.9, 0.5, 2);
  const CW = spec.sW ** 2, Cb = spec.sb ** 2, [n1, n2] = spec.widths as [number, number];
  const K1 = firstLayerCovariance(spec, points);
  const m = points.length;
  const E = (K: number[][], idx: number[]) => isserlis(idx.flatMap((i) => [i, i]), (a, b) => K[a]![b]!);
  const K2 = K1.map((r, a) => r.map((_, b) => Cb + CW * E(K1, [a, b])));
  const cov2 = (a: number, b: number, c: number, d: number) => (CW * CW / n1) * (E(K1, [a, b, c, d]) - E(K1, [a, b]) * E(K1, [c, d]));
  const fw = finiteWidthCorrelators(squareNet as Architecture, spec, points);

  it('δK³ = C_W [Cov(Ĝ²_aa, Ĝ²_bb) + 2 Var(Ĝ²_ab)] (exact)', () => {
    for (const [a, b] of pairsOf(m)) {
      const expected = CW * (cov2(a, a, b, b) + 2 * cov2(a, b, a, b));
      expect(Math.abs(fw.kernelShift[a]![b]! - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
    }
  });
  it('G4c = Σ_3 [(C_W²/n_2)(M4 − M2M2)(K²) + C_W² ∇F·Cov(Ĝ²)·∇F]', () => {
    const grad = (a: number, b: number): [number, number, number][] =>
      a === b ? [[a, a, 6 * K2[a]![a]!]] : [[a, a, K2[b]![b]!], [b, b, K2[a]![a]!], [a, b, 4 * K2[a]![b]!]];
    const cov3 = (a: number, b: number, c: number, d: number) => {
      let v = (CW * CW / n2) * (E(K2, [a, b, c, d]) - E(K2, [a, b]) * E(K2, [c, d]));
      for (const [p, q, g] of grad(a, b)) for (const [r, s, h] of grad(c, d)) v += CW * CW * g * h * cov2(p, q, r, s);
      return v;
    };
    for (const e of fw.entries) {
      const [a, b, c, d] = e.index as [number, number, number, number];
      const expected = cov3(a, b, c, d) + cov3(a, c, b, d) + cov3(a, d, b, c);
      expect(Math.abs(e.connected - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
      const shift = [[a, b, c, d], [a, c, b, d], [a, d, b, c]].reduce((s, [w, x, y, z]) =>
        s + fw.kernelShift[w!]![x!]! * fw.kernel[y!]![z!]! + fw.kernel[w!]![x!]! * fw.kernelShift[y!]![z!]!, 0);
      expect(e.delta).toBeCloseTo(e.connected + shift, 12);
    }
  });
});

describe('the numerical dual path agrees with the closed form', () => {
  it('erf without its dual (trapezoidal rules and their difference quotients) = erf, two hidden layers', () => {
    const erf = getArchitecture('erf');
    const { dual: _dual, kernel: _kernel, ...rest } = erf;
    const numeric: Architecture = { ...rest, name: 'erf-numeric' };
    const points = [[-1], [0.3], [0.9]];
    const spec = net('erf', [6, 4], 1.1, 0.7, 1);
    const a = finiteWidthCorrelators(erf, spec, points), b = finiteWidthCorrelators(numeric, spec, points);
    a.entries.forEach((e, i) => {
      const f = b.entries[i]!;
      expect(Math.abs(e.delta - f.delta)).toBeLessThanOrEqual(e.absError.delta + f.absError.delta + 1e-9 * Math.abs(e.delta));
      expect(Math.abs(e.connected - f.connected)).toBeLessThanOrEqual(1e-8 * Math.abs(e.connected));
      expect(f.absError.delta).toBeLessThan(1e-6 * Math.abs(f.delta));
    });
  }, 120_000);
});

describe('progress', () => {
  it('reports the moment and derivative phases of every layer and does not change the result', () => {
    const erf = getArchitecture('erf'), spec = net('erf', [5, 7], 1, 1, 1), points = [[-1], [0.4]];
    const phases = new Set<string>();
    const withCb = finiteWidthCorrelators(erf, spec, points, { onProgress: (_d, _t, phase) => phases.add(phase) });
    expect([...phases].sort()).toEqual(['dual derivatives, layer 2', 'moments, layer 1', 'moments, layer 2']);
    expect(withCb).toEqual(finiteWidthCorrelators(erf, spec, points));
  });
});

describe('refusals', () => {
  const erf = getArchitecture('erf');
  it('n ≠ 2, 4: one line naming the order', () => {
    expect(() => finiteWidthPlan(erf, net('erf', [5, 5], 1, 1, 1), [[1]], { n: 6 })).toThrow(InvalidArgumentError);
  });
  it('too many four-point tuples: BudgetExceededError with the estimate', () => {
    const points = Array.from({ length: 12 }, (_, i) => [i / 12]);
    try {
      finiteWidthPlan(erf, net('erf', [5, 5, 5], 1, 1, 1), points, { maxTuples: 100 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BudgetExceededError);
      expect((e as BudgetExceededError).estimate).toBe(3 * 1365); // 3 layers × C(15, 4)
    }
  });
  it('Gauss-net deeper than one layer', () => {
    expect(() => finiteWidthPlan(getArchitecture('gauss'), net('gauss', [5, 5], 1, 1, 1), [[0.01]])).toThrow(InvalidArgumentError);
  });
  it('wrong number of widths in at()', () => {
    expect(() => finiteWidthPlan(erf, net('erf', [5, 5], 1, 1, 1), [[1]]).at([5])).toThrow(InvalidArgumentError);
  });
});
