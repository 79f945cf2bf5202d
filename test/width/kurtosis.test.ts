import { describe, expect, it } from 'vitest';
import { exactCorrelators } from '../../src/exact/correlators.js';
import { getArchitecture } from '../../src/kernels/registry.js';
import type { Architecture } from '../../src/kernels/types.js';
import type { NetworkSpec } from '../../src/kernels/network.js';
import { exactSingleInputKurtosis } from '../../src/width/kurtosis.js';
import { finiteWidthCorrelators } from '../../src/width/vertex.js';
import { gaussianLine } from '../exact/oracles.js';
import { leakyNet } from './oracles.js';

const net = (activation: string, widths: number[], sW: number, sb = 0, dIn = 1): NetworkSpec => ({ activation, widths, sW, sb, dIn });

/**
 * The kurtosis from its definition: E[V_{l+1}² | V_l] = (C_W/n)² [n E φ⁴ + n(n−1) (E φ²)²] with
 * E φ^k = c_k V_l^{k/2} (homogeneity), c_k = E[φ(t)^k], t ~ N(0, 1) integrated numerically here, and
 * E f⁴ = 3 E V_{L+1}², E f² = E V_{L+1} (f Gaussian given the last layer).
 */
function kurtosisFromDefinition(arch: Architecture, widths: number[], sW: number, x: number): number {
  const phi = (z: number) => arch.phi(z, [x], { sW, sb: 0, dIn: 1 });
  const c2 = gaussianLine((t) => phi(t) ** 2, { breaks: [0] }), c4 = gaussianLine((t) => phi(t) ** 4, { breaks: [0] });
  const CW = sW * sW;
  let EV = CW * x * x, EV2 = EV * EV;
  for (const n of widths) {
    EV2 = (CW / n) ** 2 * (n * c4 + n * (n - 1) * c2 * c2) * EV2;
    EV = CW * c2 * EV;
  }
  return (3 * EV2) / (EV * EV);
}

const cases: { arch: Architecture; c: number }[] = [
  { arch: getArchitecture('relu'), c: 5 },
  { arch: getArchitecture('linear'), c: 2 },
  // Leaky slope a: c2 = (1 + a²)/2, c4 = 3(1 + a⁴)/2, c = c4/c2² − 1.
  { arch: leakyNet, c: (6 * (1 + 0.1 ** 4)) / (1 + 0.1 ** 2) ** 2 - 1 },
];

describe('exact single-input kurtosis of bias-free deep networks (CONVENTIONS §8)', () => {
  it('ReLU: 3 Π(1 + 5/n_l), linear: 3 Π(1 + 2/n_l) — the stated closed forms', () => {
    const widths = [3, 7, 2, 20];
    expect(exactSingleInputKurtosis(getArchitecture('relu'), net('relu', widths, 1))).toBeCloseTo(3 * widths.reduce((a, n) => a * (1 + 5 / n), 1), 12);
    expect(exactSingleInputKurtosis(getArchitecture('linear'), net('linear', widths, 1))).toBeCloseTo(3 * widths.reduce((a, n) => a * (1 + 2 / n), 1), 12);
    expect(exactSingleInputKurtosis(getArchitecture('relu'), net('relu', [10], 1.7))).toBeCloseTo(4.5, 13); // CONVENTIONS §8
  });
  for (const { arch } of cases) {
    it(`${arch.name}: = the E[V²] recursion from Gaussian moments, at any widths and σ_W`, () => {
      for (const widths of [[1], [5], [3, 8], [2, 9, 4]]) {
        for (const sW of [0.7, 1.4]) {
          const k = exactSingleInputKurtosis(arch, net(arch.name, widths, sW))!;
          expect(Math.abs(k - kurtosisFromDefinition(arch, widths, sW, 0.8))).toBeLessThanOrEqual(1e-10 * k);
        }
      }
    });
  }
  it('one hidden layer: = the exact engine\'s G4/(G2)² (ReLU, linear)', () => {
    for (const name of ['relu', 'linear']) {
      const arch = getArchitecture(name);
      for (const N of [2, 10, 37]) {
        const r = exactCorrelators(arch, { sW: 1.3, sb: 0, dIn: 1 }, [[0.9]], { widths: [N], ns: [4] }).results[0]!.entries[0]!;
        // G_GP = 3K² at one input.
        expect(exactSingleInputKurtosis(arch, net(name, [N], 1.3))).toBeCloseTo((3 * r.G) / r.GP, 12);
      }
    }
  });
  it('undefined where no closed form applies: biases, erf, tanh, Gauss-net', () => {
    expect(exactSingleInputKurtosis(getArchitecture('relu'), net('relu', [5, 5], 1, 0.1))).toBeUndefined();
    expect(exactSingleInputKurtosis(getArchitecture('erf'), net('erf', [5, 5], 1))).toBeUndefined();
    expect(exactSingleInputKurtosis(getArchitecture('tanh'), net('tanh', [5], 1))).toBeUndefined();
    expect(exactSingleInputKurtosis(getArchitecture('gauss'), net('gauss', [5], 1))).toBeUndefined();
  });
});

describe('the vertex recursion\'s diagonal = the closed form\'s 1/n expansion', () => {
  for (const { arch, c } of cases) {
    for (const widths of [[6, 15], [6, 15, 4]]) {
      it(`${arch.name}, layers ${widths.join(',')}`, () => {
        const spec = net(arch.name, widths, 1.2);
        // The coefficient of 1/s in kurtosis(s·widths)/3 − 1, by Richardson from the closed form at large s.
        const k = (s: number) => exactSingleInputKurtosis(arch, { ...spec, widths: widths.map((n) => n * s) })! / 3 - 1;
        const s = 1e4, coef = 2 * (2 * s) * k(2 * s) - s * k(s);
        expect(coef).toBeCloseTo(widths.reduce((a, n) => a + c / n, 0), 7);
        // Two inputs (one negative for the asymmetric activations): the diagonal tuples of each.
        const fw = finiteWidthCorrelators(arch, spec, [[0.8], [-1.3]]);
        for (const [a, x] of [[0, 0.8], [1, -1.3]] as const) {
          const e = fw.entries.find((t) => t.index.every((i) => i === a))!;
          const K = fw.kernel[a]![a]!;
          expect(e.GP).toBeCloseTo(3 * K * K, 12);
          // E f² is exact at every width for bias-free homogeneous networks (no NLO shift), and E f² = K:
          expect(Math.abs(fw.kernelShift[a]![a]!)).toBeLessThanOrEqual(1e-8 * K);
          const CW = 1.44, c2 = arch.name === 'linear' ? 1 : arch.name === 'relu' ? 0.5 : (1 + 0.01) / 2;
          expect(K).toBeCloseTo(CW ** (widths.length + 1) * c2 ** widths.length * x * x, 12);
          // ΔG4 = E f⁴ − 3(E f²)² = 3K² Σ c/n_l at O(1/n).
          expect(Math.abs(e.delta / (3 * K * K) - coef)).toBeLessThanOrEqual(1e-7 * coef);
          expect(Math.abs(e.connected / (3 * K * K) - coef)).toBeLessThanOrEqual(1e-7 * coef);
        }
      }, 60_000);
    }
  }
});
