import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf } from '../../src/core/special.js';
import { erfFast } from '../../src/kernels/fast-erf.js';
import { ARCHITECTURES, resolveParams } from '../../src/kernels/registry.js';
import { exactAdd, exactMerge, exactValue } from '../../src/nets/exact-sum.js';

describe('erfFast', () => {
  it('agrees with core/special erf to 2e-15 relative on a dense grid and at the range edges', () => {
    const xs = [0, 1e-300, 3.7e-9, 0.84375, 1.25, 2.857142857142857, 6, 27, -0.84375, -1.25, -6];
    for (let i = 0; i <= 20000; i++) xs.push(-7 + (14 * i) / 20000);
    for (const x of xs) {
      const want = erf(x);
      expect(Math.abs(erfFast(x) - want)).toBeLessThanOrEqual(2e-15 * Math.max(Math.abs(want), 1e-300));
    }
  });
  it('is odd and handles NaN and infinities', () => {
    expect(Number.isNaN(erfFast(NaN))).toBe(true);
    expect(erfFast(Infinity)).toBe(1);
    expect(erfFast(-Infinity)).toBe(-1);
    for (const x of [0.1, 1, 2, 4]) expect(erfFast(-x)).toBe(-erfFast(x));
  });
});

describe('phiBatch (every registered architecture that has one)', () => {
  for (const arch of ARCHITECTURES) {
    it(`${arch.name}: phiBatch = phi elementwise`, () => {
      if (!arch.phiBatch) return;
      const p = resolveParams(arch, { sW: 1.3, sb: 0.7, dIn: 2 });
      const x = [0.3, -0.8];
      const z = Float64Array.from({ length: 401 }, (_, i) => -5 + i / 40);
      const out = new Float64Array(z.length);
      arch.phiBatch(z, out, x, p);
      for (let i = 0; i < z.length; i++) {
        const want = arch.phi(z[i]!, x, p);
        expect(Math.abs(out[i]! - want)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(want)));
      }
    });
  }
});

describe('exact summation', () => {
  it('is exact where naive summation is not', () => {
    const p: number[] = [];
    for (const x of [1e100, 1, -1e100, 1e-300, 3]) exactAdd(p, x);
    expect(exactValue(p)).toBe(4);
  });
  it('gives the same value in any order and after any split and merge', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 40 }),
      (xs, cut) => {
        const all: number[] = [];
        xs.forEach((x) => exactAdd(all, x));
        const rev: number[] = [];
        xs.slice().reverse().forEach((x) => exactAdd(rev, x));
        const a: number[] = [], b: number[] = [];
        xs.slice(0, cut).forEach((x) => exactAdd(a, x));
        xs.slice(cut).forEach((x) => exactAdd(b, x));
        exactMerge(b, a);
        expect(exactValue(rev)).toBe(exactValue(all));
        expect(exactValue(b)).toBe(exactValue(all));
      },
    ), { numRuns: 200 });
  });
  it('matches a BigInt-exact sum of dyadic values, correctly rounded', () => {
    // values k·2^-20 with |k| < 2^40: the exact sum is an integer multiple of 2^-20
    let s = 987654321;
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
    const ks: bigint[] = [];
    const p: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const k = BigInt(next()) * 256n - BigInt(next());
      ks.push(k);
      exactAdd(p, Number(k) / 2 ** 20);
    }
    const total = ks.reduce((a, b) => a + b, 0n);
    expect(exactValue(p)).toBe(Number(total) / 2 ** 20); // |total| < 2^53: Number(total) is exact
  });
  it('propagates a non-finite value instead of hiding it', () => {
    const p: number[] = [];
    exactAdd(p, 1); exactAdd(p, Infinity); exactAdd(p, 2);
    expect(exactValue(p)).toBe(Infinity);
    exactAdd(p, -Infinity);
    expect(Number.isNaN(exactValue(p))).toBe(true);
  });
});
