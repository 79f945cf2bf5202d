import { describe, expect, it } from 'vitest';
import { perfectMatchings, uniqueTuples } from '../../src/core/combinatorics.js';
import { erf } from '../../src/core/special.js';
import { integrate1D } from '../../src/integrate/adaptive.js';
import { customKernel } from '../../src/kernels/custom.js';
import { kernelFunction } from '../../src/kernels/kernel.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators, type PredictReport } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';

const termOf = (r: PredictReport['entries'][number], c: string) => r.terms.find((t) => Object.keys(t.couplings)[0] === c)!;

/** ∫_{-L}^{L} exp(-A (y-μ)²) dy (erf closed form; L = ∞ allowed). */
function gaussInt(A: number, mu: number, L: number): number {
  const s = Math.sqrt(A);
  if (!Number.isFinite(L)) return Math.sqrt(Math.PI / A);
  return (0.5 * Math.sqrt(Math.PI / A)) * (erf(s * (L - mu)) + erf(s * (L + mu)));
}

describe('Gauss-net, Λ = ∞, against closed-form Gaussian integrals', () => {
  const arch = getArchitecture('gauss');
  const p = resolveParams(arch, { sW: 1.3, sb: 0.7, dIn: 1 });
  const sw2 = p.sW ** 2;
  const pts = [[-0.8], [0.01], [0.35], [1.1]];
  const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 1, 2]), { arch, params: p, propagator: 'eft', cutoff: Infinity, points: pts, n: 4, relTol: 1e-10 });
  // K_EFT(x,y) = σ_W² exp(-σ_W² (x-y)²/2): Π_i K_EFT(x_i, y) = σ_W^8 exp(-(σ_W²/2)[4(y-μ)² + Σx² - 4μ²]).
  const I4 = (xs: number[], w: number) => {
    const mu = xs.reduce((a, b) => a + b, 0) / 4, q = xs.reduce((a, b) => a + b * b, 0) - 4 * mu * mu;
    const base = sw2 ** 4 * Math.exp(-(sw2 / 2) * q) * Math.sqrt((2 * Math.PI) / (4 * sw2));
    return w === 0 ? base : base * (mu * mu + 1 / (4 * sw2)); // E[y²] of N(μ, 1/(4σ_W²))
  };
  const I2 = (a: number, b: number) => sw2 ** 2 * Math.exp((-sw2 * (a - b) ** 2) / 4) * Math.sqrt(Math.PI / sw2);
  it('GP is the Wick sum of the closed-form K; λ0, λ2, λNL terms match to 1e-9 with honest errors', () => {
    const K = kernelFunction(arch, p);
    expect(r.entries.length).toBe(uniqueTuples(4, 4).length);
    for (const e of r.entries) {
      const xs = e.index.map((i) => pts[i]![0]!);
      const gp = perfectMatchings(4).reduce((s, m) => s + m.reduce((q, [a, b]) => q * K([xs[a]!], [xs[b]!]), 1), 0);
      expect(e.GP).toBeCloseTo(gp, 13);
      const exp0 = -24 * I4(xs, 0), exp2 = -24 * I4(xs, 2);
      const expNL = -8 * perfectMatchings(4).reduce((s, [[a, b], [c, d]]) => s + I2(xs[a!]!, xs[b!]!) * I2(xs[c!]!, xs[d!]!), 0);
      for (const [c, ex] of [['λ0', exp0], ['λ2', exp2], ['λNL', expNL]] as const) {
        const t = termOf(e, c);
        expect(t.converged).toBe(true);
        expect(Math.abs(t.value - ex) / Math.abs(ex), `${c} at ${e.index}`).toBeLessThan(1e-9);
        expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
      }
      expect(e.G).toBe(e.GP); // no couplings given: G is the Gaussian prediction
    }
  });
  it('propagator "kernel" (with σ_b²) diverges at Λ = ∞ and says so', () => {
    expect(() => predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'kernel', cutoff: Infinity, points: pts, n: 4 }))
      .toThrow(expect.objectContaining({ code: 'DIVERGENT' }));
  });
  it('a custom kernel equal to K_EFT reproduces the eft prediction', () => {
    const q = resolveParams(arch, { sW: 1, sb: 0.5 });
    const opts = { arch, params: q, cutoff: Infinity, points: pts, n: 4, relTol: 1e-10 } as const;
    const a = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { ...opts, propagator: 'eft' });
    const b = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { ...opts, propagator: customKernel('exp(-(x-y)^2/2)') });
    a.entries.forEach((e, i) => expect(b.entries[i]!.terms[0]!.value).toBeCloseTo(e.terms[0]!.value, 12));
  });
});

describe('ReLU-net, σ_b = 0, d_in = 1, positive inputs: polynomial closed form', () => {
  // For x > 0: S = σ_W² x y, K(x,y) = σ_W² · σ_W² x y / 2 for y > 0 (t = 0) and 0 for y < 0 (t = π). With c = σ_W⁴/2:
  // ∫_{-Λ}^{Λ} Π_i K = c^4 Π x_i Λ^5/5, with y²: Λ^7/7; pairs: c² x_a x_b Λ³/3.
  const arch = getArchitecture('relu');
  const p = resolveParams(arch, { sW: 1.2, sb: 0 });
  const c = p.sW ** 4 / 2, L = 100;
  const pts = [[0.2], [0.4], [0.6], [0.8], [1.0], [1.2]];
  it('λ0, λ2 and λNL terms at Λ = 100 to 1e-10', () => {
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 1, 2]), { arch, params: p, propagator: 'eft', cutoff: L, points: pts, n: 4 });
    for (const e of r.entries) {
      const xs = e.index.map((i) => pts[i]![0]!);
      const prod = xs.reduce((a, b) => a * b, 1);
      const expected = { λ0: -24 * c ** 4 * prod * L ** 5 / 5, λ2: -24 * c ** 4 * prod * L ** 7 / 7, λNL: -8 * 3 * c ** 4 * prod * (L ** 3 / 3) ** 2 };
      for (const [k, ex] of Object.entries(expected)) {
        const t = termOf(e, k);
        expect(Math.abs(t.value - ex) / Math.abs(ex)).toBeLessThan(1e-10);
        expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError + 1e-14 * Math.abs(ex));
      }
    }
  });
  it('a negative input kills the local term where every other input is positive (K = 0 on the other half-line)', () => {
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: 10, points: [[-0.5], [0.7]], n: 4 });
    const mixed = r.entries.find((e) => e.index.join() === '0,0,1,1')!;
    expect(Math.abs(mixed.terms[0]!.value)).toBeLessThan(1e-12);
    const neg = r.entries.find((e) => e.index.join() === '0,0,0,0')!;
    expect(neg.terms[0]!.value).toBeCloseTo(-24 * c ** 4 * 0.5 ** 4 * 10 ** 5 / 5, 6);
  });
  it('Λ = ∞ is DIVERGENT, detected quickly', () => {
    const t0 = Date.now();
    expect(() => predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: Infinity, points: pts, n: 4 }))
      .toThrow(expect.objectContaining({ code: 'DIVERGENT' }));
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('d_in = 2 against products of one-dimensional integrals (Gauss-net factorises)', () => {
  const arch = getArchitecture('gauss');
  const p = resolveParams(arch, { sW: 1.1, sb: 1, dIn: 2 });
  const sw2 = p.sW ** 2;
  const pts = [[0.3, -0.2], [-0.5, 0.4], [0.1, 0.9]];
  for (const L of [1.5, Infinity]) {
    it(`Λ = ${L}: ∫ d²y Π K_EFT = σ_W^8 Π_c ∫ dy_c exp(-(σ_W²/4) Σ_i (y_c - x_ic)²)`, () => {
      const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params: p, propagator: 'eft', cutoff: L, points: pts, n: 4, relTol: 1e-9 });
      for (const e of r.entries) {
        let ex = -24 * sw2 ** 4;
        for (const cc of [0, 1]) {
          const xs = e.index.map((i) => pts[i]![cc]!);
          const mu = xs.reduce((a, b) => a + b, 0) / 4, q = xs.reduce((a, b) => a + b * b, 0) - 4 * mu * mu;
          ex *= Math.exp((-sw2 / 4) * q) * gaussInt(sw2, mu, L); // (σ_W²/4)·4 = σ_W²
        }
        const t = e.terms[0]!;
        expect(Math.abs(t.value - ex) / Math.abs(ex)).toBeLessThan(1e-8);
        expect(Math.abs(t.value - ex)).toBeLessThanOrEqual(t.absError);
      }
    });
  }
});

describe('first-order G4 and G6 from diagrams equal the CONVENTIONS §5 formulas written out', () => {
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, {});
  const L = 3, lam = 0.01, kap = 0.002;
  const pts = [[-1], [0.2], [0.6]];
  const K = kernelFunction(arch, p);
  const Ke = (x: number, y: number) => K([x], [y]) - p.sb ** 2;
  // Independent path: one scalar integral per formula term.
  const I = (xs: number[], loop: boolean) => integrate1D((y) => xs.reduce((q, x) => q * Ke(x, y), 1) * (loop ? Ke(y, y) : 1), -L, L, { relTol: 1e-11 }).value;
  it('G4 = Σ_3 KK − 24λ ∫Π4 K − 360κ ∫Π4 K · K(z,z)', () => {
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 3]), { arch, params: p, propagator: 'eft', cutoff: L, points: pts, n: 4, couplings: { λ0: lam, κ: kap } });
    for (const e of r.entries) {
      const xs = e.index.map((i) => pts[i]![0]!);
      const gp = perfectMatchings(4).reduce((s, m) => s + m.reduce((q, [a, b]) => q * K([xs[a]!], [xs[b]!]), 1), 0);
      const g = gp - 24 * lam * I(xs, false) - 360 * kap * I(xs, true);
      expect(Math.abs(e.G - g)).toBeLessThan(1e-9 * Math.abs(g));
    }
  });
  it('G6 = Σ_15 KKK − 24λ Σ_15 K(xa,xb) ∫Π4 K − 720κ ∫Π6 K − 360κ Σ_15 K(xa,xb) ∫Π4 K · K(z,z)', () => {
    const r = predictCorrelators(ACTION, firstOrderDiagrams(6, [0, 3]), { arch, params: p, propagator: 'eft', cutoff: L, points: pts, n: 6, couplings: { λ0: lam, κ: kap } });
    const pairs: [number, number][] = [];
    for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) pairs.push([a, b]);
    expect(pairs.length).toBe(15);
    for (const e of r.entries.filter((_, i) => i % 4 === 0)) {
      const xs = e.index.map((i) => pts[i]![0]!);
      const gp = perfectMatchings(6).reduce((s, m) => s + m.reduce((q, [a, b]) => q * K([xs[a]!], [xs[b]!]), 1), 0);
      let g = gp - 720 * kap * I(xs, false);
      for (const [a, b] of pairs) {
        const rest = xs.filter((_, i) => i !== a && i !== b);
        g -= K([xs[a]!], [xs[b]!]) * (24 * lam * I(rest, false) + 360 * kap * I(rest, true));
      }
      expect(Math.abs(e.G - g)).toBeLessThan(1e-9 * Math.abs(g));
    }
  });
});

describe('bad input is a clear error', () => {
  const arch = getArchitecture('gauss');
  const p = resolveParams(arch, {});
  const base = { arch, params: p, propagator: 'eft' as const, cutoff: 10, points: [[0.1], [0.2]], n: 4 };
  it('codes', () => {
    const d = firstOrderDiagrams(4, [0]);
    expect(() => predictCorrelators(ACTION, d, { ...base, couplings: { κ: 1 } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => predictCorrelators(ACTION, d, { ...base, points: [[0.1, 0.2]] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => predictCorrelators(ACTION, d, { ...base, n: 6 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => predictCorrelators(ACTION, d, { ...base, cutoff: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => predictCorrelators(ACTION, d, { ...base, params: { ...p, dIn: 2 }, points: [[0, 1]], propagator: customKernel('x*y') }))
      .toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => predictCorrelators({ terms: [] }, d, base)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    // Erf-net: K_EFT tends to a constant at large |y|, so Λ = ∞ diverges.
    expect(() => predictCorrelators(ACTION, d, { ...base, arch: getArchitecture('erf'), cutoff: Infinity }))
      .toThrow(expect.objectContaining({ code: 'DIVERGENT' }));
  });
  it('G with couplings = GP + Σ coupling × term', () => {
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 1]), { ...base, couplings: { λ0: 0.3, λ2: -0.1 } });
    for (const e of r.entries) expect(e.G).toBeCloseTo(e.GP + 0.3 * termOf(e, 'λ0').value - 0.1 * termOf(e, 'λ2').value, 10);
  });
});
