/**
 * Closed-form oracles for the fit tests (derived by hand from CONVENTIONS §1–6):
 *
 * Gauss-net, d_in = 1: K_EFT(x,y) = σ_W² exp(−σ_W²(x−y)²/2), so with S = Σx_i, Q = Σx_i²
 *   T0(x) = ∫ Π_i K_EFT(x_i,y) dy = σ_W⁸ exp(−σ_W²(Q − S²/4)/2) √(π/(2σ_W²))   (Gaussian in y, mean S/4, variance 1/(4σ_W²))
 *   T2(x) = ∫ y² Π K dy = T0 · (1/(4σ_W²) + (S/4)²)
 *   P(a,b) = ∫ K(a,y)K(b,y) dy = σ_W⁴ √(π/σ_W²) exp(−σ_W²(a−b)²/4),  TNL = Σ_3 pairings P P
 *   Single-neuron moments (φ = e^z / e^{σ_b² + σ_W² x²}): Var(Σ_i z_i) = k²σ_b² + σ_W² S², so
 *   M_k = exp(k²σ_b²/2 + σ_W²S²/2 − kσ_b² − σ_W²Q), and ΔG4 = (σ_W⁴/N)[3M4 − Σ_3 M2 M2].
 *
 * ReLU-net, σ_b = 0, σ_W = 1, d_in = 1, x_i > 0: K = x y/2 θ(x y), T0 = Πx L⁵/80, T2 = Πx L⁷/112,
 *   TNL = Πx L⁶/48, ΔG4 = 3.75 Πx/N (see fit.test.ts).
 */
import { uniqueTuples } from '../../src/core/combinatorics.js';
import type { Point } from '../../src/core/inputs.js';
import type { FeatureTable } from '../../src/fit/fit.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function gaussMoment(xs: number[], sW: number, sb: number): number {
  const k = xs.length, S = sum(xs), Q = sum(xs.map((x) => x * x));
  return Math.exp((k * k * sb * sb) / 2 + (sW * sW * S * S) / 2 - k * sb * sb - sW * sW * Q);
}

export function gaussDelta4(x: number[], sW: number, sb: number, N: number): number {
  const M = (ys: number[]) => gaussMoment(ys, sW, sb);
  const [a, b, c, d] = x as [number, number, number, number];
  return (sW ** 4 / N) * (3 * M(x) - (M([a, b]) * M([c, d]) + M([a, c]) * M([b, d]) + M([a, d]) * M([b, c])));
}

export function gaussFeatures(x: number[], sW: number): { T0: number; T2: number; TNL: number } {
  const S = sum(x), Q = sum(x.map((v) => v * v));
  const T0 = sW ** 8 * Math.exp((-sW * sW * (Q - (S * S) / 4)) / 2) * Math.sqrt(Math.PI / (2 * sW * sW));
  const T2 = T0 * (1 / (4 * sW * sW) + (S / 4) ** 2);
  const P = (a: number, b: number) => sW ** 4 * Math.sqrt(Math.PI / (sW * sW)) * Math.exp((-sW * sW * (a - b) ** 2) / 4);
  const [a, b, c, d] = x as [number, number, number, number];
  return { T0, T2, TNL: P(a, b) * P(c, d) + P(a, c) * P(b, d) + P(a, d) * P(b, c) };
}

/** Action-convention feature tables of the Table 5 models (F0 = −24 T0, F2 = −24 T2, FNL = −8 TNL). */
export function gaussTable(points: Point[], couplings: string[], sW = 1): FeatureTable {
  return {
    couplings,
    rows: uniqueTuples(points.length, 4).map((index) => {
      const t = gaussFeatures(index.map((i) => points[i]![0]!), sW);
      const all: Record<string, number> = { λ0: -24 * t.T0, λ2: -24 * t.T2, λNL: -8 * t.TNL };
      return { index, features: couplings.map((c) => all[c]!) };
    }),
  };
}

export function gaussEntries(points: Point[], sW: number, sb: number, N: number) {
  return uniqueTuples(points.length, 4).map((index) => ({ index, delta: gaussDelta4(index.map((i) => points[i]![0]!), sW, sb, N) }));
}

/** Coupling names of a Table 5 model action. */
export function modelCouplings(action: string): string[] {
  return ['λ0', 'λ2', 'λNL'].filter((n) => new RegExp(`${n}(?![0-9A-Za-z])`).test(action));
}
