import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf } from '../../src/core/special.js';

// Oracle: erf(x) = (2/√π) ∫_0^x e^{-t²} dt by composite Simpson with many panels.
function erfBySimpson(x: number): number {
  const n = 20000, h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
}

describe('erf', () => {
  it('matches the integral definition to 3e-14', () => {
    for (const x of [0.001, 0.1, 0.5, 1, 1.7, 2.4, 2.6, 3, 4]) {
      // 3e-14: the Simpson oracle's own rounding over 20000 panels.
      expect(Math.abs(erf(x) - erfBySimpson(x))).toBeLessThan(3e-14);
      expect(erf(-x)).toBe(-erf(x));
    }
  });
  it('erfc is accurate in the tail: asymptotic series e^{-x²}/(x√π)(1 - 1/(2x²) + 3/(4x⁴) - 15/(8x⁶))', () => {
    for (const x of [6, 8, 12, 20]) {
      const a = (Math.exp(-x * x) / (x * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x * x) + 3 / (4 * x ** 4) - 15 / (8 * x ** 6));
      expect(Math.abs(erfc(x) / a - 1)).toBeLessThan(105 / (16 * x ** 8));
    }
    expect(erfc(30)).toBe(0);
    expect(Number.isNaN(erf(NaN))).toBe(true);
  });
  it('continuity across the branch point 2.5', () => {
    expect(Math.abs(erf(2.5 - 1e-12) - erf(2.5 + 1e-12))).toBeLessThan(1e-14);
    expect(normalCdf(0)).toBe(0.5);
  });
});
