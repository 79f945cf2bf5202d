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

/**
 * Dense index of sorted tuples of one length k over m points: the colex rank of
 * the strictly increasing t_i + i (combinatorial number system), in
 * [0, C(m + k − 1, k)). Replaces hashed keys in the hot loops of {@link polynomialTable}.
 */
function multisetRanker(m: number, kMax: number): { rank(buf: Int32Array, k: number): number; size(k: number): number } {
  const A = m + kMax;
  const C: Float64Array[] = [];
  for (let a = 0; a <= A; a++) {
    const row = new Float64Array(kMax + 2);
    row[0] = 1;
    for (let b = 1; b <= kMax + 1 && b <= a; b++) row[b] = C[a - 1]![b - 1]! + (b <= a - 1 ? C[a - 1]![b]! : 0);
    C.push(row);
  }
  return {
    rank(buf, k) {
      let r = 0;
      for (let i = 0; i < k; i++) r += C[buf[i]! + i]![i + 1]!;
      return r;
    },
    size: (k) => C[m + k - 1]![k]!,
  };
}

/**
 * {@link tuplePolynomial} on many tuples of one order n, bit for bit the same
 * numbers (same partitions, same order of products and sums), with the cumulants
 * and moments memoised in dense tables indexed by {@link multisetRanker} and the
 * sub-tuples gathered into scratch buffers instead of new arrays: the partition
 * sums are the hot loop of large jobs (C(20, 8) tuples × 2 × 379 partitions at
 * 13 points, n = 8). `onEach` is called after each tuple (progress).
 */
export function polynomialTable(
  moments: MomentTable,
  p: ArchParams,
  n: number,
  tuples: readonly (readonly number[])[],
  onEach?: () => void,
): TuplePolynomial[] {
  if (n % 2 === 1 || n === 0) throw new InvalidArgumentError(`correlators are defined here for even n >= 2, got ${n}`);
  const m = moments.m;
  const ranker = multisetRanker(m, n);
  const sW2 = p.sW * p.sW;
  const sb2 = p.sb * p.sb;
  // Partitions as flat position lists: blocks of partition π at offsets start[b]..start[b+1] of pos.
  type Flat = { pos: Int32Array; start: Int32Array; mobius: number; power: number };
  const flat = (k: number): Flat[] => evenPartitions(k).map(({ blocks, mobius, power }) => {
    const start = new Int32Array(blocks.length + 1);
    for (let b = 0; b < blocks.length; b++) start[b + 1] = start[b]! + blocks[b]!.length;
    return { pos: Int32Array.from(blocks.flat()), start, mobius, power };
  });
  const partsOf: (Flat[] | undefined)[] = [];
  const mu: Float64Array[] = [], kap: Float64Array[] = [];
  for (let k = 2; k <= n; k += 2) {
    mu[k] = new Float64Array(ranker.size(k)).fill(NaN);
    kap[k] = new Float64Array(ranker.size(k)).fill(NaN);
  }
  const muOf = (b: Int32Array, k: number): number => {
    const r = ranker.rank(b, k);
    let v = mu[k]![r]!;
    if (Number.isNaN(v)) {
      v = sW2 ** (k / 2) * doubleFactorial(k - 1) * moments.get(Array.from(b.subarray(0, k)));
      mu[k]![r] = v;
    }
    return v;
  };
  const inner = new Int32Array(n);
  const kappaOf = (t: Int32Array, k: number): number => {
    const r = ranker.rank(t, k);
    let v = kap[k]![r]!;
    if (!Number.isNaN(v)) return v;
    if (k === 2) v = sb2 + muOf(t, 2);
    else {
      const ps = (partsOf[k] ??= flat(k));
      v = 0;
      for (const { pos, start, mobius } of ps) {
        let prod = mobius;
        for (let b = 0; b + 1 < start.length; b++) {
          const s0 = start[b]!, len = start[b + 1]! - s0;
          for (let q = 0; q < len; q++) inner[q] = t[pos[s0 + q]!]!;
          prod *= muOf(inner, len);
        }
        v += prod;
      }
    }
    kap[k]![r] = v;
    return v;
  };
  const parts = flat(n);
  const tb = new Int32Array(n), sub = new Int32Array(n);
  return tuples.map((index) => {
    if (index.length !== n) throw new InvalidArgumentError(`tuple of length ${index.length} among tuples of order ${n}`);
    for (let q = 0; q < n; q++) tb[q] = index[q]!;
    const coeffs = new Array<number>(n / 2).fill(0);
    for (const { pos, start, power } of parts) {
      let prod = 1;
      for (let b = 0; b + 1 < start.length; b++) {
        const s0 = start[b]!, len = start[b + 1]! - s0;
        for (let q = 0; q < len; q++) sub[q] = tb[pos[s0 + q]!]!;
        prod *= kappaOf(sub, len);
      }
      coeffs[power]! += prod;
    }
    onEach?.();
    return { index: index.slice(), coeffs, connected: { coeff: kappaOf(tb, n), power: n === 2 ? 0 : n / 2 - 1 } };
  });
}
