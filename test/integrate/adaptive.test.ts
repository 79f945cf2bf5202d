import { describe, expect, it } from 'vitest';
import { erf } from '../../src/core/special.js';
import { integrate, integrate1D, integrateVector } from '../../src/integrate/adaptive.js';
import { genzMalikRule } from '../../src/integrate/rules.js';

// Oracles: integrals with elementary closed forms.
const ONE_D: { name: string; f: (y: number) => number; a: number; b: number; exact: number; bp?: number[] }[] = [
  { name: 'x^7 on [0,1]', f: (y) => y ** 7, a: 0, b: 1, exact: 1 / 8 },
  { name: 'gaussian on R', f: (y) => Math.exp(-y * y), a: -Infinity, b: Infinity, exact: Math.sqrt(Math.PI) },
  { name: 'shifted gaussian on R', f: (y) => Math.exp(-((y - 3) ** 2) / 0.02), a: -Infinity, b: Infinity, exact: Math.sqrt(0.02 * Math.PI) },
  { name: 'e^-y on [0,inf)', f: (y) => Math.exp(-y), a: 0, b: Infinity, exact: 1 },
  { name: 'e^y on (-inf,1]', f: (y) => Math.exp(y), a: -Infinity, b: 1, exact: Math.E },
  { name: 'lorentzian on R', f: (y) => 1 / (1 + y * y), a: -Infinity, b: Infinity, exact: Math.PI },
  { name: '|y - 0.3| on [-1,1], no breakpoint', f: (y) => Math.abs(y - 0.3), a: -1, b: 1, exact: (1.3 ** 2 + 0.7 ** 2) / 2 },
  { name: '|y - 0.3| on [-1,1], breakpoint', f: (y) => Math.abs(y - 0.3), a: -1, b: 1, exact: (1.3 ** 2 + 0.7 ** 2) / 2, bp: [0.3] },
  { name: 'sqrt(y) on [0,1]', f: (y) => Math.sqrt(y), a: 0, b: 1, exact: 2 / 3 },
  { name: 'sin on [0,pi]', f: Math.sin, a: 0, b: Math.PI, exact: 2 },
  { name: 'cos(30y) on [-1,2]', f: (y) => Math.cos(30 * y), a: -1, b: 2, exact: (Math.sin(60) + Math.sin(30)) / 30 },
  { name: 'max(0,y)^4 e^{-y^2/2}', f: (y) => (y > 0 ? y ** 4 * Math.exp(-y * y / 2) : 0), a: -Infinity, b: Infinity, exact: 1.5 * Math.sqrt(2 * Math.PI) },
];

describe('integrate1D (adaptive G7K15)', () => {
  for (const tol of [1e-6, 1e-10]) {
    it(`meets relTol ${tol} and its error estimate is honest on a set of known integrals`, () => {
      for (const c of ONE_D) {
        const e = integrate1D(c.f, c.a, c.b, { relTol: tol, breakpoints: c.bp });
        const trueErr = Math.abs(e.value - c.exact);
        expect(e.converged, c.name).toBe(true);
        expect(trueErr, c.name).toBeLessThanOrEqual(e.absError);
        expect(trueErr / Math.abs(c.exact), c.name).toBeLessThan(tol * 10);
      }
    });
  }
  it('splitting at a kink saves evaluations', () => {
    const f = (y: number) => Math.abs(y - 0.3);
    const a = integrate1D(f, -1, 1, { relTol: 1e-12 });
    const b = integrate1D(f, -1, 1, { relTol: 1e-12, breakpoints: [0.3] });
    expect(b.evaluations).toBeLessThan(a.evaluations / 3);
  });
  it('detects divergence over infinite ranges from growth, quickly', () => {
    const t0 = Date.now();
    for (const f of [(y: number) => Math.abs(y) ** 4, (y: number) => 1 / (1 + Math.abs(y)), () => 1, (y: number) => Math.exp(Math.abs(y))]) {
      expect(() => integrate1D(f, -Infinity, Infinity)).toThrow(expect.objectContaining({ code: 'DIVERGENT' }));
    }
    expect(() => integrate1D((y) => y * y, 0, Infinity)).toThrow(expect.objectContaining({ code: 'DIVERGENT' }));
    expect(Date.now() - t0).toBeLessThan(2000);
  });
  it('a NaN integrand is a clear error, not a silent NaN', () => {
    expect(() => integrate1D((y) => (y > 0.5 ? NaN : 1), 0, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
  it('reports non-convergence within the budget honestly', () => {
    const e = integrate1D((y) => Math.sqrt(Math.abs(y - 1 / 3)), 0, 1, { relTol: 1e-14, maxEvaluations: 300 });
    expect(e.converged).toBe(false);
    const exact = (2 / 3) * ((1 / 3) ** 1.5 + (2 / 3) ** 1.5);
    expect(Math.abs(e.value - exact)).toBeLessThanOrEqual(e.absError);
  });
  it('bad ranges and tolerances are INVALID_ARGUMENT', () => {
    expect(() => integrate1D(() => 1, 1, 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => integrate1D(() => 1, 0, NaN)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => integrate1D(() => 1, 0, 1, { relTol: 0, absTol: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
  it('vector integrands each meet their own tolerance on one subdivision', () => {
    const ks = [0, 1, 2, 5, 8];
    const est = integrateVector((y, out) => { ks.forEach((k, i) => { out[i] = y[0]! ** k * Math.exp(-y[0]! * y[0]! / 2); }); }, 1, ks.length,
      { lower: -Infinity, upper: Infinity, relTol: 1e-11 });
    // E[y^k] under N(0,1) times sqrt(2π): (k-1)!! for even k, 0 for odd.
    const df = (k: number): number => (k <= 0 ? 1 : k * df(k - 2));
    ks.forEach((k, i) => {
      const exact = k % 2 ? 0 : df(k - 1) * Math.sqrt(2 * Math.PI);
      expect(Math.abs(est[i]!.value - exact)).toBeLessThanOrEqual(est[i]!.absError);
      expect(Math.abs(est[i]!.value - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    });
  });
});

describe('Genz–Malik cubature (2–3 dimensions)', () => {
  it('the degree-7 rule is exact for degree-7 monomials and both rules integrate 1 exactly', () => {
    for (const d of [2, 3]) {
      const r = genzMalikRule(d);
      const np = r.w7.length;
      expect(np).toBe(1 + 4 * d + 2 * d * (d - 1) + 2 ** d);
      const integ = (w: Float64Array, pw: number[]) => {
        let s = 0;
        for (let p = 0; p < np; p++) s += w[p]! * pw.reduce((acc, e, i) => acc * r.coords[p * d + i]! ** e, 1);
        return s;
      };
      const exact = (pw: number[]) => pw.reduce((acc, e) => acc * (e % 2 ? 0 : 1 / (e + 1)), 1); // mean over [-1,1]^d
      expect(integ(r.w7, new Array(d).fill(0))).toBeCloseTo(1, 14);
      expect(integ(r.w5, new Array(d).fill(0))).toBeCloseTo(1, 14);
      for (const pw of [[2, 4], [6, 0], [4, 2], [2, 2]]) {
        const p = [...pw, ...new Array(d - 2).fill(0)];
        expect(integ(r.w7, p)).toBeCloseTo(exact(p), 14);
      }
    }
  });
  it('gaussians over R^2 and R^3, products over boxes: honest errors', () => {
    const cases: { d: number; f: (y: Float64Array) => number; lo: number; hi: number; exact: number; bp?: number[] }[] = [
      { d: 2, f: (y) => Math.exp(-(y[0]! ** 2 + y[1]! ** 2)), lo: -Infinity, hi: Infinity, exact: Math.PI },
      { d: 3, f: (y) => Math.exp(-(y[0]! ** 2 + y[1]! ** 2 + y[2]! ** 2)), lo: -Infinity, hi: Infinity, exact: Math.PI ** 1.5 },
      { d: 2, f: (y) => Math.exp(-((y[0]! - y[1]!) ** 2) - 0.5 * y[1]! ** 2), lo: -Infinity, hi: Infinity, exact: Math.PI * Math.SQRT2 },
      { d: 2, f: (y) => Math.abs(y[0]!) * Math.max(0, y[1]!), lo: -2, hi: 2, exact: 4 * 2, bp: [0] },
      { d: 3, f: (y) => Math.cos(y[0]!) * Math.exp(y[1]!) * y[2]! ** 2, lo: -1, hi: 1, exact: 2 * Math.sin(1) * (Math.E - 1 / Math.E) * (2 / 3) },
    ];
    for (const c of cases) {
      const e = integrate(c.f, c.d, { lower: c.lo, upper: c.hi, relTol: 1e-7, breakpoints: c.bp });
      expect(e.converged).toBe(true);
      expect(Math.abs(e.value - c.exact)).toBeLessThanOrEqual(e.absError);
      expect(Math.abs(e.value - c.exact) / c.exact).toBeLessThan(1e-6);
    }
  });
  it('divergence in 2D is detected', () => {
    expect(() => integrate((y) => 1 / (1 + y[0]! ** 2), 2, { lower: -Infinity, upper: Infinity }))
      .toThrow(expect.objectContaining({ code: 'DIVERGENT' }));
  });
});

describe("quasi-Monte-Carlo (method 'qmc'; the default beyond 6 dimensions)", () => {
  it('a 4D gaussian box integral within its 3-sigma error, deterministic for a seed', () => {
    const f = (y: Float64Array) => Math.exp(-(y[0]! ** 2 + y[1]! ** 2 + y[2]! ** 2 + y[3]! ** 2));
    const exact = (Math.sqrt(Math.PI) * erf(2)) ** 4;
    const a = integrate(f, 4, { lower: -2, upper: 2, relTol: 1e-3, seed: 7, method: 'qmc' });
    const b = integrate(f, 4, { lower: -2, upper: 2, relTol: 1e-3, seed: 7, method: 'qmc' });
    expect(a.value).toBe(b.value);
    expect(a.converged).toBe(true);
    expect(Math.abs(a.value - exact)).toBeLessThanOrEqual(a.absError);
    expect(a.absError / exact).toBeLessThan(2e-3);
  });
  it('independent seeds scatter within the error (z-scores)', () => {
    const f = (y: Float64Array) => Math.exp(-(y[0]! ** 2 + y[1]! ** 2 + y[2]! ** 2 + y[3]! ** 2 + y[4]! ** 2));
    const exact = Math.PI ** 2.5;
    let bad = 0;
    for (let s = 1; s <= 10; s++) {
      const e = integrate(f, 5, { lower: -Infinity, upper: Infinity, relTol: 3e-3, seed: s, method: 'qmc' });
      if (Math.abs(e.value - exact) > e.absError) bad++;
    }
    expect(bad).toBeLessThanOrEqual(1);
  });
});

describe('Gauss–Hermite rule', () => {
  it('integrates e^{-x²} x^{2k} exactly: √π (2k-1)!!/2^k', async () => {
    const { gaussHermite } = await import('../../src/integrate/rules.js');
    for (const n of [8, 32, 64]) {
      const { x, w } = gaussHermite(n);
      for (const k of [0, 1, 3, Math.min(n - 1, 10)]) {
        let s = 0, df = 1;
        for (let i = 0; i < n; i++) s += w[i]! * x[i]! ** (2 * k);
        for (let j = 2 * k - 1; j > 1; j -= 2) df *= j;
        expect(Math.abs(s / ((Math.sqrt(Math.PI) * df) / 2 ** k) - 1)).toBeLessThan(1e-13);
      }
    }
  });
});
