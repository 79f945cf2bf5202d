import { describe, expect, it } from 'vitest';
import { orderings, perfectMatchings, setPartitions, uniqueTuples, wickSum } from '../../src/core/combinatorics.js';
import { binomial, doubleFactorial } from '../../src/core/rational.js';

describe('combinatorics', () => {
  it('perfect matchings: (n-1)!! distinct, each a partition into pairs', () => {
    for (const n of [0, 2, 4, 6, 8]) {
      const ms = perfectMatchings(n);
      expect(BigInt(ms.length)).toBe(doubleFactorial(n - 1));
      const keys = new Set(ms.map((m) => JSON.stringify(m)));
      expect(keys.size).toBe(ms.length);
      for (const m of ms) expect(m.flat().sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    }
    expect(perfectMatchings(3)).toEqual([]);
  });
  it('set partitions: Bell numbers by their recurrence', () => {
    const bell = [1];
    for (let n = 0; n < 8; n++) {
      let s = 0n;
      for (let k = 0; k <= n; k++) s += binomial(n, k) * BigInt(bell[k]!);
      bell.push(Number(s));
    }
    for (let n = 0; n <= 8; n++) expect(setPartitions(n).length).toBe(bell[n]);
  });
  it('unique tuples count C(m+n-1, n) and orderings sum to m^n', () => {
    for (const [m, n] of [[6, 4], [6, 6], [4, 2], [3, 5]] as const) {
      const ts = uniqueTuples(m, n);
      expect(BigInt(ts.length)).toBe(binomial(m + n - 1, n));
      expect(ts.reduce((s, t) => s + orderings(t), 0)).toBe(m ** n);
    }
  });
});

describe('wickSum', () => {
  it('equals the explicit sum over perfect matchings', () => {
    const m = 4;
    const K = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => 1 / (1 + i + j) + (i === j ? 1 : 0)));
    for (const idx of [[0, 1, 2, 3], [0, 0, 1, 1], [3, 3, 3, 3, 3, 3], [0, 1, 2, 3, 0, 1]]) {
      const explicit = perfectMatchings(idx.length).reduce((s, mt) => s + mt.reduce((p, [a, b]) => p * K[idx[a]!]![idx[b]!]!, 1), 0);
      expect(wickSum(K, idx)).toBeCloseTo(explicit, 12);
    }
    // E[z^6] = 15 σ^6 for one variable.
    expect(wickSum([[2]], [0, 0, 0, 0, 0, 0])).toBe(15 * 8);
    expect(wickSum(K, [0, 1, 2])).toBe(0);
  });
});
