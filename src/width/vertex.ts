/**
 * The leading finite-width correction of deep networks (CONVENTIONS §8): the four-point-vertex and
 * next-to-leading-order kernel recursions of Roberts, Yaida, Hanin, *The Principles of Deep Learning
 * Theory*, arXiv:2106.10165, ch. 4 (and Yaida, arXiv:1910.00019), for several inputs and
 * unequal widths. One hidden layer: Halverson, Maiti, Stoner, arXiv:2008.08601 §4 (CONVENTIONS §4).
 *
 * Derivation. Write Ĝ^l_ab for layer l's pre-activation covariance conditional on layer l−1:
 * Ĝ^1 = K1 (deterministic) and Ĝ^{l+1}_ab = C_b + (C_W/n_l) Σ_j φ(z^l_j(a)) φ(z^l_j(b)), where, given
 * Ĝ^l, the rows z^l_j are i.i.d. N(0, Ĝ^l). With F_ab(G) = E_{z~N(0,G)}[φ(z_a)φ(z_b)] (a function of
 * G_aa, G_bb, G_ab), the law of total covariance and a second-order expansion of F about K^l give, to
 * O(1/n),
 *
 *   Cov(Ĝ^{l+1}_ab, Ĝ^{l+1}_cd) = (C_W²/n_l) [⟨φ_aφ_bφ_cφ_d⟩ − ⟨φ_aφ_b⟩⟨φ_cφ_d⟩]_{K^l}
 *                                + C_W² Σ ∂F_ab/∂G_β ∂F_cd/∂G_γ Cov(Ĝ^l_β, Ĝ^l_γ)
 *   δK^{l+1}_ab = E Ĝ^{l+1}_ab − K^{l+1}_ab = C_W [∇F_ab · δK^l + ½ ∇²F_ab : Cov(Ĝ^l)]
 *
 * (β, γ over the independent entries of the symmetric G: G_ab = G_ba is one variable). The output
 * f = z^{L+1} is, given the last hidden layer, N(0, Ĝ^{L+1}), so exactly
 *   G2 = E Ĝ^{L+1} = K^{L+1} + δK^{L+1},   G4c(a,b,c,d) = Σ_3 pairings Cov(Ĝ^{L+1}_ab, Ĝ^{L+1}_cd),
 * and ΔG4 = G4 − G4_GP = G4c + Σ_3 (δK_ab K_cd + K_ab δK_cd) at O(1/n); the neglected terms are O(1/n²).
 * At L = 1 the first term alone is CONVENTIONS §4's exact κ4 and δK = 0.
 *
 * Normalisation against RYH. The book writes the connected four-point function of layer ℓ as
 * (1/n_{ℓ−1}) [V^(ℓ)_(12)(34) + V^(ℓ)_(13)(24) + V^(ℓ)_(14)(23)]; here Cov(Ĝ^{l+1}_ab, Ĝ^{l+1}_cd) =
 * V^(l+1)_(ab)(cd) / n_l (their layer ℓ = our l+1; their n_{ℓ−1} = our n_l, the width feeding it). Their
 * recursion for V carries the factor n_{ℓ−1}/n_{ℓ−2} on the inherited term because V is scaled by the
 * current layer's width; we propagate the covariance itself, in which each layer's own term simply carries
 * its 1/n_l, so unequal widths need no extra factor. Their F-derivatives are written through the inverse
 * kernel (integration by parts); we differentiate the dual directly (./derivatives.ts), which stays
 * finite for nearby and collinear inputs.
 *
 * Numerics. Four-point expectations ⟨φφφφ⟩ under layer l's kernel come from the exact engine's moment
 * table (src/exact/moments.ts: ReLU exact sphere integrals up to rank 4, quadrature with error estimates
 * otherwise), fed with points whose pre-activation Gram matrix is K^l (a Cholesky factor); derivatives of
 * the dual by difference quotients with error estimates. Everything width-independent is computed once
 * ({@link finiteWidthPlan}); evaluating at widths is then cheap (width sweeps).
 */
import { BudgetExceededError, InvalidArgumentError } from '../core/errors.js';
import { uniqueTuples } from '../core/combinatorics.js';
import type { Point } from '../core/inputs.js';
import { validatePoints } from '../core/inputs.js';
import { binomial } from '../core/rational.js';
import { phaseReporter, type PhaseReporter, type ProgressCallback } from '../core/progress.js';
import { momentTable, tupleKey, type MomentOptions, type MomentTable } from '../exact/moments.js';
import { deviations } from '../exact/correlators.js';
import { NUMERIC_KERNEL_REL_TOL } from '../kernels/kernel.js';
import { archParams, layerKernels, validateNetwork, type NetworkSpec } from '../kernels/network.js';
import type { Architecture } from '../kernels/types.js';
import { diagonalDerivatives, pairDerivatives } from './derivatives.js';

/** Options of {@link finiteWidthPlan} / {@link finiteWidthCorrelators}. */
export interface FiniteWidthOptions {
  /** Correlator order: 4 (G4, default) or 2 (G2 with its next-to-leading-order shift). */
  n?: number;
  /** Refuse more four-point moment tuples than this, summed over the layers (default 5e4). */
  maxTuples?: number;
  /** Controls of the numerical four-point moments (src/exact/moments.ts). */
  moments?: MomentOptions;
  /** Progress: phases "moments, layer l" (moment tuples) and "dual derivatives, layer l" (pairs). Does not change the result. */
  onProgress?: ProgressCallback;
}

/** One index tuple at one set of widths, every number with its absolute error estimate. */
export interface FiniteWidthEntry {
  index: number[];
  /** Wick sum of the NNGP kernel K^{L+1} (for n = 2: K^{L+1} itself). */
  GP: number;
  /** G4c at O(1/n) (for n = 2: G2 = K + δK). */
  connected: number;
  /** G − GP at O(1/n): G4c plus the NLO shift of G2 in the disconnected part (for n = 2: δK). */
  delta: number;
  /** GP + delta. */
  G: number;
  absError: { GP: number; connected: number; delta: number };
}

/** The report of {@link finiteWidthCorrelators}: the JSON of `nnqft finite-width --json`. */
export interface FiniteWidthReport {
  layers: number[];
  n: number;
  entries: FiniteWidthEntry[];
  /** Mean |delta|/|GP| over the tuples (CONVENTIONS §3, as `exact`). */
  m: number;
  /** Mean |connected|/|GP|. */
  mConnected: number;
  method: 'leading-1/n';
  truncation: 'O(1/n^2)';
  /** The NNGP kernel K^{L+1} and its O(1/n) shift δK^{L+1} on the inputs. */
  kernel: number[][];
  kernelShift: number[][];
  note: string;
}

/** One layer's width-independent ingredients (layer l's pre-activations, l = 1..L). */
interface LayerData {
  /** M2, M4 under K^l (the single-neuron moments of the next layer's sum). */
  moments: MomentTable;
  /** Per pair p = (a ≤ b): ∂F_ab/∂Ĝ on the pair indices it touches, and the Hessian there (l ≥ 2 only). */
  local?: PairLocal[];
}

interface PairLocal {
  /** Pair indices of (aa, bb, ab) (one entry for a = b). */
  at: number[];
  grad: number[];
  gradErr: number[];
  hess: number[][];
  hessErr: number[][];
}

/** The width-independent part of the recursion, evaluated at any widths by `at`. */
export interface FiniteWidthPlan {
  /** Number of input points. */
  readonly m: number;
  /** Kernels K^1..K^{L+1} on the inputs. */
  readonly kernels: number[][][];
  /** Largest estimated relative error of the four-point moments. */
  readonly maxMomentRelError: number;
  /** The correlators at hidden widths n_1..n_L (positive reals; the plan's depth). */
  at(widths: readonly number[]): FiniteWidthReport;
}

/** Index of the pair a ≤ b among the m(m+1)/2 unordered pairs. */
function pairIndex(a: number, b: number, m: number): number {
  if (a > b) [a, b] = [b, a];
  return a * m - (a * (a - 1)) / 2 + (b - a);
}

/**
 * A factor R (m × m, lower triangular) with R Rᵀ = K for a positive semi-definite K: Cholesky that
 * zeroes a pivot below 1e-14 of the largest diagonal (rank-deficient kernels, e.g. bias-free ReLU at
 * d_in = 1, are common; the reconstruction error is then below that threshold).
 */
export function psdFactor(K: readonly (readonly number[])[]): number[][] {
  const m = K.length;
  const R = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const maxDiag = Math.max(0, ...K.map((row, i) => row[i]!)), tiny = 1e-14 * maxDiag;
  for (let j = 0; j < m; j++) {
    let d = K[j]![j]!;
    for (let k = 0; k < j; k++) d -= R[j]![k]! ** 2;
    if (d < -1e-10 * maxDiag) throw new InvalidArgumentError(`the layer kernel is not positive semi-definite (pivot ${d})`);
    const piv = d > tiny ? Math.sqrt(d) : 0;
    R[j]![j] = piv;
    for (let i = j + 1; i < m; i++) {
      let s = K[i]![j]!;
      for (let k = 0; k < j; k++) s -= R[i]![k]! * R[j]![k]!;
      R[i]![j] = piv > 0 ? s / piv : 0;
    }
  }
  return R;
}

/** The width-independent computation: layer kernels, four-point moments and dual derivatives per layer. */
export function finiteWidthPlan(arch: Architecture, net: NetworkSpec, points: readonly Point[], opts: FiniteWidthOptions = {}): FiniteWidthPlan {
  validateNetwork(arch, net);
  validatePoints(points, net.dIn);
  const n = opts.n ?? 4;
  if (n !== 2 && n !== 4) {
    throw new InvalidArgumentError(`finite-width computes n = 4 (and n = 2, G2 with its NLO shift) at leading order in 1/n; n = ${n} would need order 1/n^2`);
  }
  const m = points.length, L = net.widths.length;
  if (m === 0) throw new InvalidArgumentError('no input points');
  const tuples = L * Number(binomial(m + 3, 4));
  const maxTuples = opts.maxTuples ?? 5e4;
  if (tuples > maxTuples) throw new BudgetExceededError(`four-point moment tuples over ${L} layer(s) at ${m} inputs`, tuples, maxTuples);
  const kernels = layerKernels(arch, net, points);
  const layers: LayerData[] = [];
  let maxMomentRelError = 0;
  for (let l = 1; l <= L; l++) {
    const K = kernels[l - 1]!;
    let moments: MomentTable;
    const cb = opts.onProgress;
    const momentOpts: MomentOptions = { ...opts.moments, maxTuples: Infinity, onProgress: cb ? (d, t, phase) => cb(d, t, `${phase}, layer ${l}`) : undefined };
    if (l === 1) {
      // Layer 1 from the actual inputs and parameters: exactly the exact engine's table (Gauss-net's x-dependence included).
      moments = momentTable(arch, archParams(net), points, [2, 4], momentOpts);
    } else {
      // Points whose pre-activation Gram matrix (σ_W = 1, σ_b = 0, d_in = m: x·y/m) is K^l.
      const R = psdFactor(K);
      const fake = R.map((row) => row.map((v) => v * Math.sqrt(m)));
      moments = momentTable(arch, { sW: 1, sb: 0, dIn: m }, fake, [2, 4], momentOpts);
    }
    maxMomentRelError = Math.max(maxMomentRelError, moments.maxRelError);
    const layer: LayerData = { moments };
    if (l >= 2) layer.local = pairLocals(arch, K, m, phaseReporter(cb, `dual derivatives, layer ${l}`, (m * (m + 1)) / 2));
    layers.push(layer);
  }
  // The NNGP kernel's own error: rounding for closed-form duals, the quadrature tolerance per layer otherwise.
  const kRel = arch.dual ? 4e-16 * (L + 1) : (arch.numericKernelError ?? 2 * NUMERIC_KERNEL_REL_TOL) * (L + 1);
  return {
    m,
    kernels,
    maxMomentRelError,
    at: (widths) => evaluate(net, kernels, layers, widths, n, kRel),
  };
}

/** ∂F_ab/∂Ĝ and ∂²F_ab/∂Ĝ² on the independent entries (aa, bb, ab) of every pair, from derivatives in (A, B, ρ). */
function pairLocals(arch: Architecture, K: readonly (readonly number[])[], m: number, progress: PhaseReporter): PairLocal[] {
  const out: PairLocal[] = [];
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      if (a === b) {
        const d = diagonalDerivatives(arch, K[a]![a]!);
        out.push({ at: [pairIndex(a, a, m)], grad: [d.d1], gradErr: [d.d1Err], hess: [[d.d2]], hessErr: [[d.d2Err]] });
        progress.advance();
        continue;
      }
      const A = K[a]![a]!, B = K[b]![b]!, g = K[a]![b]!, s = Math.sqrt(A * B);
      const rho = g / s;
      const d = pairDerivatives(arch, A, B, rho);
      // Chain rule y = (A, B, ρ(A, B, g)): J = ∂y/∂(A, B, g), ∇_G F = Jᵀ ∇_y F, ∇²_G F = Jᵀ ∇²_y F J + F_ρ ∇²ρ.
      // For a collinear pair the ρ-derivatives are 0 (./derivatives.ts: ρ̂ does not fluctuate).
      const rA = -rho / (2 * A), rB = -rho / (2 * B), rg = 1 / s;
      const J = [[1, 0, 0], [0, 1, 0], [rA, rB, rg]];
      const hRho = [
        [(3 * rho) / (4 * A * A), rho / (4 * A * B), -1 / (2 * A * s)],
        [rho / (4 * A * B), (3 * rho) / (4 * B * B), -1 / (2 * B * s)],
        [-1 / (2 * A * s), -1 / (2 * B * s), 0],
      ];
      const grad = [0, 0, 0], gradErr = [0, 0, 0];
      const hess = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], hessErr = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 3; k++) { grad[i]! += J[k]![i]! * d.grad[k]!; gradErr[i]! += Math.abs(J[k]![i]!) * d.gradErr[k]!; }
      }
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          let v = d.grad[2] * hRho[i]![j]!, e = d.gradErr[2] * Math.abs(hRho[i]![j]!);
          for (let k = 0; k < 3; k++) {
            for (let q = 0; q < 3; q++) {
              v += J[k]![i]! * d.hess[k]![q]! * J[q]![j]!;
              e += Math.abs(J[k]![i]! * J[q]![j]!) * d.hessErr[k]![q]!;
            }
          }
          hess[i]![j] = v;
          hessErr[i]![j] = e;
        }
      }
      out.push({ at: [pairIndex(a, a, m), pairIndex(b, b, m), pairIndex(a, b, m)], grad, gradErr, hess, hessErr });
      progress.advance();
    }
  }
  progress.end();
  return out;
}

/** The recursion at given widths. */
function evaluate(net: NetworkSpec, kernels: number[][][], layers: LayerData[], widths: readonly number[], n: number, kRel: number): FiniteWidthReport {
  const L = layers.length, m = kernels[0]!.length, P = (m * (m + 1)) / 2;
  if (widths.length !== L) throw new InvalidArgumentError(`expected ${L} widths, got ${widths.length}`);
  for (const w of widths) if (!(Number.isFinite(w) && w > 0)) throw new InvalidArgumentError(`widths must be positive finite numbers, got ${w}`);
  const CW = net.sW * net.sW;
  const pairs: [number, number][] = [];
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) pairs.push([a, b]);
  const zeros = () => Array.from({ length: P }, () => new Array<number>(P).fill(0));
  let C = zeros(), Ce = zeros();
  let dK = new Array<number>(P).fill(0), dKe = new Array<number>(P).fill(0);
  for (let l = 1; l <= L; l++) {
    const { moments, local } = layers[l - 1]!;
    const nl = widths[l - 1]!;
    const byKey = new Map(moments.entries.map((e) => [tupleKey(e.index, m), e]));
    const entry = (t: number[]) => byKey.get(tupleKey([...t].sort((x, y) => x - y), m))!;
    // Moments with their errors, looked up once per pair / quadruple.
    const m2 = pairs.map(([a, b]) => { const e = entry([a, b]); return [e.value, e.absError] as const; });
    const nC = zeros(), nCe = zeros();
    const ndK = new Array<number>(P).fill(0), ndKe = new Array<number>(P).fill(0);
    // The inherited part: u_p = Σ_β ∂F_p/∂G_β (C v_q)_β, with C's row restricted to the ≤ 3 entries F_q touches.
    for (let p = 0; p < P; p++) {
      const [a, b] = pairs[p]!;
      for (let q = p; q < P; q++) {
        const [c, d] = pairs[q]!;
        const e4 = entry([a, b, c, d]);
        let v = (CW * CW / nl) * (e4.value - m2[p]![0] * m2[q]![0]);
        let err = (CW * CW / nl) * (e4.absError + Math.abs(m2[p]![0]) * m2[q]![1] + Math.abs(m2[q]![0]) * m2[p]![1]);
        if (local) {
          const lp = local[p]!, lq = local[q]!;
          for (let i = 0; i < lp.at.length; i++) {
            for (let j = 0; j < lq.at.length; j++) {
              const c0 = C[lp.at[i]!]![lq.at[j]!]!, c0e = Ce[lp.at[i]!]![lq.at[j]!]!;
              v += CW * CW * lp.grad[i]! * lq.grad[j]! * c0;
              err += CW * CW * (Math.abs(lp.grad[i]! * lq.grad[j]!) * c0e + (lp.gradErr[i]! * Math.abs(lq.grad[j]!) + Math.abs(lp.grad[i]!) * lq.gradErr[j]!) * Math.abs(c0));
            }
          }
        }
        nC[p]![q] = nC[q]![p] = v;
        nCe[p]![q] = nCe[q]![p] = err;
      }
      if (local) {
        const lp = local[p]!;
        let v = 0, err = 0;
        for (let i = 0; i < lp.at.length; i++) {
          v += lp.grad[i]! * dK[lp.at[i]!]!;
          err += lp.gradErr[i]! * Math.abs(dK[lp.at[i]!]!) + Math.abs(lp.grad[i]!) * dKe[lp.at[i]!]!;
          for (let j = 0; j < lp.at.length; j++) {
            const c0 = C[lp.at[i]!]![lp.at[j]!]!;
            v += 0.5 * lp.hess[i]![j]! * c0;
            err += 0.5 * (lp.hessErr[i]![j]! * Math.abs(c0) + Math.abs(lp.hess[i]![j]!) * Ce[lp.at[i]!]![lp.at[j]!]!);
          }
        }
        ndK[p] = CW * v;
        ndKe[p] = CW * err;
      }
    }
    C = nC; Ce = nCe; dK = ndK; dKe = ndKe;
  }
  const K = kernels[L]!;
  const Kp = (a: number, b: number) => K[a]![b]!;
  const D = (a: number, b: number) => dK[pairIndex(a, b, m)]!;
  const De = (a: number, b: number) => dKe[pairIndex(a, b, m)]!;
  const Cv = (a: number, b: number, c: number, d: number) => C[pairIndex(a, b, m)]![pairIndex(c, d, m)]!;
  const Cev = (a: number, b: number, c: number, d: number) => Ce[pairIndex(a, b, m)]![pairIndex(c, d, m)]!;
  const entries: FiniteWidthEntry[] = [];
  for (const t of uniqueTuples(m, n)) {
    if (n === 2) {
      const [a, b] = t as [number, number];
      const GP = Kp(a, b), delta = D(a, b);
      entries.push({ index: t, GP, connected: GP + delta, delta, G: GP + delta, absError: { GP: kRel * Math.abs(GP), connected: kRel * Math.abs(GP) + De(a, b), delta: De(a, b) } });
      continue;
    }
    const [a, b, c, d] = t as [number, number, number, number];
    const pairings: [number, number, number, number][] = [[a, b, c, d], [a, c, b, d], [a, d, b, c]];
    let GP = 0, conn = 0, connE = 0, shift = 0, shiftE = 0, gpAbs = 0;
    for (const [w, x, y, z] of pairings) {
      GP += Kp(w, x) * Kp(y, z);
      gpAbs += Math.abs(Kp(w, x) * Kp(y, z));
      conn += Cv(w, x, y, z);
      connE += Cev(w, x, y, z);
      shift += D(w, x) * Kp(y, z) + Kp(w, x) * D(y, z);
      shiftE += De(w, x) * Math.abs(Kp(y, z)) + Math.abs(Kp(w, x)) * De(y, z) + 2 * kRel * (Math.abs(D(w, x) * Kp(y, z)) + Math.abs(Kp(w, x) * D(y, z)));
    }
    const delta = conn + shift;
    entries.push({ index: t, GP, connected: conn, delta, G: GP + delta, absError: { GP: 2 * kRel * gpAbs, connected: connE, delta: connE + shiftE } });
  }
  const { m: mDev, mConnected } = deviations(entries);
  return {
    layers: [...widths],
    n,
    entries,
    m: mDev,
    mConnected,
    method: 'leading-1/n',
    truncation: 'O(1/n^2)',
    kernel: K.map((r) => [...r]),
    kernelShift: Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) => D(a, b))),
    note:
      L >= 2
        ? 'connected = G4c; delta = G - G_GP includes the O(1/n) shift of G2 (the next-to-leading-order kernel, kernelShift) in the disconnected part: an EFT fit must use the dressed G2 as its propagator or fit connected (CONVENTIONS §8)'
        : 'one hidden layer: G2 = K at every width, so delta = connected = the exact kappa_4 (CONVENTIONS §4)',
  };
}

/**
 * G4 (or G2) of a deep network at leading order in 1/n on every unique index tuple of `points`
 * (CONVENTIONS §8): {@link finiteWidthPlan} evaluated at the network's widths.
 */
export function finiteWidthCorrelators(arch: Architecture, net: NetworkSpec, points: readonly Point[], opts: FiniteWidthOptions = {}): FiniteWidthReport {
  return finiteWidthPlan(arch, net, points, opts).at(net.widths);
}
