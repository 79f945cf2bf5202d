import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational, binomial, doubleFactorial, factorial } from '../../src/core/rational.js';

describe('Rational', () => {
  it('normalises sign and lowest terms', () => {
    const r = Rational.of(6n, -4n);
    expect(r.num).toBe(-3n);
    expect(r.den).toBe(2n);
    expect(r.toString()).toBe('-3/2');
    expect(Rational.parse(' -12 / 8 ').equals(r)).toBe(true);
  });
  it('field axioms hold on random rationals', () => {
    const arb = fc.tuple(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: 1n, max: 1000n })).map(([n, d]) => Rational.of(n, d));
    fc.assert(fc.property(arb, arb, arb, (a, b, c) => {
      expect(a.add(b).sub(b).equals(a)).toBe(true);
      expect(a.mul(b.add(c)).equals(a.mul(b).add(a.mul(c)))).toBe(true);
      if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
      expect(Math.abs(a.add(b).toNumber() - (a.toNumber() + b.toNumber()))).toBeLessThan(1e-9);
    }));
  });
  it('rejects zero denominators with a code', () => {
    expect(() => Rational.of(1n, 0n)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => Rational.parse('1/x')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
  it('converts huge fractions to doubles', () => {
    const big = Rational.of(10n ** 400n + 1n, 3n * 10n ** 400n);
    expect(big.toNumber()).toBeCloseTo(1 / 3, 14);
  });
  it('factorials by their recurrences', () => {
    for (let n = 1; n < 20; n++) {
      expect(factorial(n)).toBe(BigInt(n) * factorial(n - 1));
      if (n >= 2) expect(doubleFactorial(n)).toBe(BigInt(n) * doubleFactorial(n - 2));
      for (let k = 1; k < n; k++) expect(binomial(n, k)).toBe(binomial(n - 1, k - 1) + binomial(n - 1, k));
    }
    expect(doubleFactorial(-1)).toBe(1n);
  });
});
