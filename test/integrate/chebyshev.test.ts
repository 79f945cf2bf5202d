import { describe, expect, it } from 'vitest';
import { chebEval, chebyshevInterpolant } from '../../src/integrate/chebyshev.js';

const grid = (a: number, b: number, m: number) => Array.from({ length: m }, (_, i) => a + ((b - a) * (i + 0.5)) / m);

describe('adaptive piecewise Chebyshev interpolation', () => {
  it('Clenshaw evaluates Σ c_k T_k against T_k(cos θ) = cos kθ', () => {
    const c = Float64Array.from([0.5, -1, 0.25, 2]);
    for (const th of [0, 0.3, 1.1, 2.9]) {
      const want = c.reduce((s, ck, k) => s + ck * Math.cos(k * th), 0);
      expect(chebEval(c, Math.cos(th))).toBeCloseTo(want, 14);
    }
  });

  it('entire and Runge functions: error below the bound everywhere, bound near the tolerance', () => {
    for (const [f, a, b] of [[Math.exp, -1, 3], [(x: number) => 1 / (1 + 25 * x * x), -1, 1], [(x: number) => Math.tanh(20 * x), -2, 2]] as const) {
      const I = chebyshevInterpolant(f, a, b, { relTol: 1e-12 });
      expect(I.converged).toBe(true);
      for (const x of grid(a, b, 997)) {
        const err = Math.abs(I.value(x) - f(x));
        expect(err).toBeLessThanOrEqual(I.errorBound(x));
        expect(I.errorBound(x)).toBeLessThan(1e-9);
      }
    }
    // tanh(50x) needs more than one degree-64 piece: splitting happened.
    expect(chebyshevInterpolant((x) => Math.tanh(50 * x), -2, 2, { relTol: 1e-12 }).pieces.length).toBeGreaterThan(1);
  });

  it('a kink: exact with the breakpoint there; without it the bound still covers the error', () => {
    const f = (x: number) => Math.abs(x - 0.3);
    const withBp = chebyshevInterpolant(f, -1, 1, { breakpoints: [0.3] });
    expect(withBp.pieces.length).toBe(2);
    for (const x of grid(-1, 1, 301)) expect(Math.abs(withBp.value(x) - f(x))).toBeLessThan(1e-14);
    const without = chebyshevInterpolant(f, -1, 1, { relTol: 1e-8 });
    for (const x of grid(-1, 1, 301)) expect(Math.abs(without.value(x) - f(x))).toBeLessThanOrEqual(without.errorBound(x));
  });

  it('noisy samples: the bound includes the samples\' errors (Lebesgue constant), deterministically', () => {
    const delta = 1e-7;
    // Deterministic "noise" of size ≤ δ that is not smooth.
    const noisy = (x: number) => Math.cos(3 * x) + delta * Math.sin(1e6 * x);
    const build = () => chebyshevInterpolant(noisy, -1, 1, { relTol: 1e-12, sampleError: () => delta });
    const I = build(), J = build();
    expect(J.pieces.map((p) => Array.from(p.coeffs))).toEqual(I.pieces.map((p) => Array.from(p.coeffs)));
    for (const x of grid(-1, 1, 499)) {
      expect(Math.abs(I.value(x) - Math.cos(3 * x))).toBeLessThanOrEqual(I.errorBound(x));
      expect(I.errorBound(x)).toBeGreaterThan(delta);
    }
    expect(I.pieces.length).toBeLessThan(8); // it does not chase the noise
  });

  it('refuses an infinite interval', () => {
    expect(() => chebyshevInterpolant(Math.exp, 0, Infinity)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
