/**
 * Cumulant algebra of a one-hidden-layer network at finite width (CONVENTIONS §3–4;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §3–4).
 *
 * f = b1 + Σ_{j=1..N} u_j with u_j = W1_j φ_j iid, W1 ~ N(0, σ_W²/N) independent of φ:
 *
 *   E[u(x_1)…u(x_k)] = (σ_W²/N)^{k/2} (k−1)!! M_k          (0 for odd k)
 *   κ_k(u)           = Σ_π (−1)^{|π|−1} (|π|−1)! Π_{B∈π} E[u_B]      (Möbius on set partitions)
 *   κ_k(f)           = N κ_k(u) (k ≥ 3),   κ_2(f) = σ_b² + N κ_2(u) = K
 *   G(n)             = E[f_1…f_n] = Σ_π Π_{B∈π} κ_{|B|}(f)_B
 *
 * Every block moment of u carries N^{−|B|/2}, so κ_k(u) = N^{−k/2} κ̃_k with κ̃_k
 * the same partition sum evaluated at N = 1; hence κ_k(f) = N^{1−k/2} κ̃_k and G(n)
 * is a polynomial in 1/N of degree n/2 − 1 whose constant term is the Wick sum of
 * K (only all-pair partitions are N-independent). The coefficients are computed
 * once; any width, integer or not, then costs one polynomial evaluation.
 *
 * Odd moments of u vanish identically (W1 is symmetric), so only partitions into
 * blocks of even size contribute, and odd-n correlators are zero.
 */
import { BudgetExceededError, InvalidArgumentError } from '../core/errors.js';
import { setPartitions } from '../core/combinatorics.js';
import type { ArchParams } from '../kernels/types.js';
import { tupleKey, type MomentTable } from './moments.js';

/** G(n) at one index tuple as a polynomial in 1/N, and its connected part. */
export interface TuplePolynomial {
  /** Sorted index tuple into the input set. */
  index: number[];
  /** G(n) = Σ_p coeffs[p] N^{−p}; coeffs[0] is G_GP (the Wick sum of K). */
  coeffs: number[];
  /** The connected n-point function (n-th joint cumulant of f) = coeff · N^{−power}. */
  connected: { coeff: number; power: number };
}

/** Largest n the partition sums accept (Bell(10) = 115975 partitions). */
export const MAX_EXACT_N = 10;

/**
 * Set partitions of {0..n−1} into blocks of even size, each with its Möbius
 * weight (−1)^{|π|−1}(|π|−1)! (exact small integers) and its power of 1/N in
 * G(n): Σ_B (|B|/2 − 1).
 */
export function evenPartitions(n: number): { blocks: number[][]; mobius: number; power: number }[] {
  if (n > MAX_EXACT_N) throw new BudgetExceededError(`set partitions of ${n} points`, bell(n), bell(MAX_EXACT_N));
  const out: { blocks: number[][]; mobius: number; power: number }[] = [];
  for (const pi of setPartitions(n)) {
    if (!pi.every((b) => b.length % 2 === 0)) continue;
    let f = 1;
    for (let i = 2; i < pi.length; i++) f *= i;
    out.push({ blocks: pi, mobius: (pi.length % 2 === 1 ? 1 : -1) * f, power: pi.reduce((s, b) => s + b.length / 2 - 1, 0) });
  }
  return out;
}

function bell(n: number): number {
  let row = [1];
  for (let i = 0; i < n; i++) {
    const next = [row[row.length - 1]!];
    for (const v of row) next.push(next[next.length - 1]! + v);
    row = next;
  }
  return row[0]!;
}

function doubleFactorial(k: number): number {
  let r = 1;
  for (let i = k; i > 1; i -= 2) r *= i;
  return r;
}

/**
 * Builds, from a moment table, the N-independent pieces of the cumulants of f:
 * κ̃(B) for every sorted sub-tuple B (memoised), with κ̃ of size 2 equal to
 * K = σ_b² + σ_W² M_2, and κ̃ of size k ≥ 4 the joint cumulant of u at N = 1.
 */
export function cumulantTable(moments: MomentTable, p: ArchParams): (sorted: readonly number[]) => number {
  const m = moments.m;
  const mu = new Map<number, number>();
  const kap = new Map<number, number>();
  const parts = new Map<number, ReturnType<typeof evenPartitions>>();
  const sW2 = p.sW * p.sW;
  // μ(B) = σ_W^{|B|} (|B|−1)!! M_{|B|}(B): the moment of u at N = 1.
  const muOf = (b: readonly number[]): number => {
    const key = tupleKey(b, m);
    let v = mu.get(key);
    if (v === undefined) {
      v = sW2 ** (b.length / 2) * doubleFactorial(b.length - 1) * moments.get(b);
      mu.set(key, v);
    }
    return v;
  };
  const kappa = (t: readonly number[]): number => {
    const k = t.length;
    if (k % 2 === 1) return 0;
    const key = tupleKey(t, m);
    let v = kap.get(key);
    if (v !== undefined) return v;
    if (k === 2) v = p.sb * p.sb + muOf(t);
    else {
      let ps = parts.get(k);
      if (!ps) { ps = evenPartitions(k); parts.set(k, ps); }
      v = 0;
      for (const { blocks, mobius } of ps) {
        let prod = mobius;
        // Positions ascend inside a block and t is sorted, so each sub-tuple is sorted as built.
        for (const bl of blocks) prod *= muOf(bl.map((q) => t[q]!));
        v += prod;
      }
    }
    kap.set(key, v);
    return v;
  };
  return kappa;
}

/** The 1/N polynomial of G(n) and the connected part at one sorted tuple. */
export function tuplePolynomial(
  index: readonly number[],
  kappa: (sorted: readonly number[]) => number,
  partitions: ReturnType<typeof evenPartitions>,
): TuplePolynomial {
  const n = index.length;
  if (n % 2 === 1 || n === 0) throw new InvalidArgumentError(`correlators are defined here for even n >= 2, got ${n}`);
  const coeffs = new Array<number>(n / 2).fill(0);
  for (const { blocks, power } of partitions) {
    let prod = 1;
    for (const bl of blocks) prod *= kappa(bl.map((q) => index[q]!));
    coeffs[power]! += prod;
  }
  return { index: index.slice(), coeffs, connected: { coeff: kappa(index), power: n === 2 ? 0 : n / 2 - 1 } };
}

/** Evaluates a tuple polynomial at width N (any positive real): G, G_GP, Δ = G − G_GP, connected. */
export function evaluateAtWidth(poly: TuplePolynomial, N: number): { G: number; GP: number; delta: number; connected: number } {
  let delta = 0;
  // Horner in 1/N on the N-dependent part, so that Δ is not a difference of nearly equal numbers.
  for (let q = poly.coeffs.length - 1; q >= 1; q--) delta = (delta + poly.coeffs[q]!) / N;
  const GP = poly.coeffs[0]!;
  return { G: GP + delta, GP, delta, connected: poly.connected.coeff / N ** poly.connected.power };
}
