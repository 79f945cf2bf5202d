import { describe, expect, it } from 'vitest';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import type { Estimator } from '../../src/nets/engine.js';
import {
  MAX_COMPILED_STATEMENTS, accumulateNet, compiledAccumulator, tableAccumulator, tuplePlan,
} from '../../src/nets/tuples.js';
import { normalSampler } from '../helpers/random.js';

/** Σ over perfect matchings of the tuple's positions of Π C[a][b]: the Wick sum, by recursion on the first position. */
function wick(t: number[], C: number[][]): number {
  if (t.length === 0) return 1;
  let s = 0;
  for (let q = 1; q < t.length; q++) s += C[t[0]!]![t[q]!]! * wick(t.filter((_, r) => r !== 0 && r !== q), C);
  return s;
}

/** Sums (and sums of squares) over a few networks of the per-network values, from the definition. */
function byDefinition(m: number, ns: number[], estimator: Estimator, nets: number[][]): Float64Array {
  const tuples = ns.flatMap((n) => uniqueTuples(m, n));
  const T = tuples.length;
  const out = new Float64Array(2 * T);
  for (const v of nets) {
    const C = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) => v[a * m + b]!));
    tuples.forEach((t, i) => {
      const x = estimator === 'plain' ? t.reduce((p, a) => p * v[a]!, 1) : wick(t, C);
      out[i] += x;
      out[T + i] += x * x;
    });
  }
  return out;
}

function randomNets(estimator: Estimator, m: number, count: number, seed: number): number[][] {
  const g = normalSampler(seed);
  return Array.from({ length: count }, () => {
    if (estimator === 'plain') return Array.from({ length: m }, g);
    // a symmetric positive matrix, like a covariance: C = σ² + Σ_j φ_a φ_b / k
    const phi = Array.from({ length: 3 }, () => Array.from({ length: m }, g));
    return Array.from({ length: m * m }, (_, i) => {
      const a = Math.floor(i / m), b = i % m;
      return 0.5 + phi.reduce((s, p) => s + p[a]! * p[b]!, 0) / 3;
    });
  });
}

const CASES: [number, number[]][] = [
  [1, [2]], [1, [2, 4, 6]], [2, [4]], [3, [2, 4]], [4, [6]], [5, [4, 6]], [6, [4]], [6, [2, 4, 6]], [7, [2, 4]], [3, [8]],
];

describe('per-network accumulation over unique tuples', () => {
  for (const estimator of ['plain', 'conditional'] as const) {
    for (const [m, ns] of CASES) {
      it(`${estimator}, m = ${m}, n = ${ns.join(',')}: compiled = tables bit for bit, and both = the definition`, () => {
        const plan = tuplePlan(m, ns, estimator);
        const nets = randomNets(estimator, m, 5, 1000 * m + ns.length);
        const want = byDefinition(m, ns, estimator, nets);
        const T = plan.tuples.length;
        for (const squares of [false, true]) {
          const compiled = compiledAccumulator(plan, squares);
          expect(compiled).toBeDefined();
          const a = new Float64Array(2 * T), b = new Float64Array(2 * T), c = new Float64Array(2 * T);
          for (const v of nets) {
            compiled!(v, a);
            tableAccumulator(plan, squares)(v, b);
            accumulateNet(plan, v, c, squares);
          }
          expect(Array.from(a)).toEqual(Array.from(b));
          expect(Array.from(c)).toEqual(Array.from(b));
          for (let i = 0; i < 2 * T; i++) {
            const expected = i < T || squares ? want[i]! : 0;
            expect(Math.abs(a[i]! - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
          }
        }
      });
    }
  }

  it(`plans over ${MAX_COMPILED_STATEMENTS} statements use the tables (13 points, n = 6: 18,564 tuples)`, () => {
    const plan = tuplePlan(13, [6], 'conditional');
    expect(compiledAccumulator(plan, false)).toBeUndefined();
    const v = randomNets('conditional', 13, 1, 7)[0]!;
    const out = new Float64Array(2 * plan.tuples.length);
    accumulateNet(plan, v, out, false);
    const C = Array.from({ length: 13 }, (_, a) => Array.from({ length: 13 }, (_, b) => v[a * 13 + b]!));
    for (const i of [0, 1, 777, plan.tuples.length - 1]) {
      expect(out[i]).toBeCloseTo(wick(plan.tuples[i]!, C), 10);
    }
  });

  it('a table-only plan gives the same bits as a compiled one', () => {
    const compiled = tuplePlan(6, [4, 6], 'conditional');
    const tables = tuplePlan(6, [4, 6], 'conditional', false);
    const nets = randomNets('conditional', 6, 4, 3);
    const a = new Float64Array(2 * compiled.tuples.length), b = new Float64Array(a.length);
    for (const v of nets) { accumulateNet(compiled, v, a); accumulateNet(tables, v, b); }
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});
