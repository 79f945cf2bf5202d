/**
 * Exact finite-width correlators of one-hidden-layer networks, their Gaussian
 * parts and the deviations m_n = |ΔG|/G_GP (CONVENTIONS §3–4; Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §4, whose Figures 2–4 sample what is computed here
 * exactly). No sampling noise: G(n) follows from single-neuron moments by
 * cumulant algebra (./cumulants.ts), as an exact polynomial in 1/N.
 */
import { InvalidArgumentError, NotConvergedError } from '../core/errors.js';
import { uniqueTuples } from '../core/combinatorics.js';
import { binomial } from '../core/rational.js';
import type { Point } from '../core/inputs.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { evaluateAtWidth, MAX_EXACT_N, polynomialTable, type TuplePolynomial } from './cumulants.js';
import { momentTable, type MomentOptions, type MomentTable } from './moments.js';
import { checkQuadratureOptions } from './quadrature.js';
import { logLogSlope as powerLawSlope } from '../core/regression.js';
import { phaseReporter, type ProgressCallback } from '../core/progress.js';

/** One index tuple's correlators at one width. */
export interface ExactEntry {
  index: number[];
  /** G(n) = E[f(x_i1)…f(x_in)] at this width. */
  G: number;
  /** Wick sum of K (the width → ∞ limit). */
  GP: number;
  /** G − GP. */
  delta: number;
  /** The connected part: the n-th joint cumulant of f (K itself for n = 2). */
  connected: number;
}

/** All tuples at one (width, n), with the mean deviations. */
export interface ExactResult {
  width: number;
  n: number;
  entries: ExactEntry[];
  /** Mean over the tuples of |delta| / |GP| (see `deviations` for G_GP = 0). */
  m: number;
  /** Mean over the tuples of |connected| / |GP| (for n = 2: |K|/|K| = 1). */
  mConnected: number;
}

/** The report of `exactCorrelators`, exactly the JSON of `nnqft exact --json`. */
export interface ExactReport {
  results: ExactResult[];
  /**
   * Least-squares slope of log m against log N across the widths, per n (key
   * String(n)). Absent for an n whose m vanishes (n = 2) or with fewer than two widths.
   */
  slopes: Record<string, number>;
}

/** Options of `exactCorrelators`. */
export interface ExactOptions {
  /** Widths N (positive reals; non-integer widths are allowed). */
  widths: number[];
  /** Even orders n (2 <= n <= 10). */
  ns: number[];
  /** Controls of the single-neuron moments. */
  moments?: MomentOptions;
  /**
   * Progress: phase "moments" (single-neuron moment tuples), then "correlators"
   * (index tuples, summed over n). Does not change the result.
   */
  onProgress?: ProgressCallback;
}

/** G(n) on every unique tuple of the input set, as 1/N polynomials, for each requested n. */
export interface CorrelatorPolynomials {
  /** By n. */
  polynomials: Map<number, TuplePolynomial[]>;
  moments: MomentTable;
}

function checkOrders(ns: readonly number[]): void {
  if (ns.length === 0) throw new InvalidArgumentError('no correlator order n given');
  for (const n of ns) {
    if (!Number.isInteger(n) || n < 2 || n % 2 === 1) {
      throw new InvalidArgumentError(`n must be an even integer >= 2 (odd correlators vanish identically: the networks are symmetric under W1, b1 → −W1, −b1, i.e. f → −f), got ${n}`);
    }
    if (n > MAX_EXACT_N) throw new InvalidArgumentError(`n must be <= ${MAX_EXACT_N}, got ${n}`);
  }
}

/**
 * The width-independent part of the computation: single-neuron moments of
 * orders 2, 4, …, max n on the input set, then each unique tuple's G(n) as a
 * polynomial in 1/N (plus its connected part). `opts.onProgress` sees the
 * phases "moments" and "correlators" (see {@link ExactOptions.onProgress}).
 */
export function correlatorPolynomials(
  arch: Architecture,
  params: ArchParams,
  points: readonly Point[],
  ns: readonly number[],
  opts: MomentOptions = {},
): CorrelatorPolynomials {
  checkOrders(ns);
  checkQuadratureOptions(opts);
  const nMax = Math.max(...ns);
  const orders: number[] = [];
  for (let k = 2; k <= nMax; k += 2) orders.push(k);
  const moments = momentTable(arch, params, points, orders, opts);
  const polynomials = new Map<number, TuplePolynomial[]>();
  const distinct = [...new Set(ns)];
  const progress = phaseReporter(opts.onProgress, 'correlators', distinct.reduce((s, n) => s + Number(binomial(points.length + n - 1, n)), 0));
  for (const n of distinct) {
    polynomials.set(n, polynomialTable(moments, params, n, uniqueTuples(points.length, n), () => progress.advance()));
  }
  progress.end();
  return { polynomials, moments };
}

/**
 * Exact G(n), G_GP, Δ and the connected part on every unique index tuple of
 * `points`, for every width and n; the mean deviations per (width, n) and the
 * log–log slope of m against N per n.
 */
export function exactCorrelators(
  arch: Architecture,
  params: ArchParams,
  points: number[][],
  opts: ExactOptions,
): ExactReport {
  checkWidths(opts.widths);
  const momentOpts = opts.onProgress ? { ...opts.moments, onProgress: opts.onProgress } : opts.moments;
  return reportAtWidths(correlatorPolynomials(arch, params, points, opts.ns, momentOpts), opts.widths, opts.ns);
}

/**
 * Largest width the exact engine evaluates. ΔG ∝ 1/N: for the paper's settings m_4 ≈ 0.06/N, so at
 * N = 10¹² the printed G = G_GP + ΔG keeps only about three digits of ΔG in double precision, at
 * N ≈ 10¹⁵ none, and terms in 1/N² underflow long before 10³⁰⁸. Non-integer widths stay allowed
 * (smooth curves in N); a width beyond this is a mistake (an exponent typed wrongly), not a network.
 */
export const MAX_EXACT_WIDTH = 1e12;

/** Validates widths for the exact engine (positive, finite, at most {@link MAX_EXACT_WIDTH}); throws INVALID_ARGUMENT. */
export function checkWidths(widths: readonly number[]): void {
  if (widths.length === 0) throw new InvalidArgumentError('no width given');
  for (const N of widths) {
    if (!(Number.isFinite(N) && N > 0)) throw new InvalidArgumentError(`widths must be positive finite numbers, got ${N}`);
    if (N > MAX_EXACT_WIDTH) {
      throw new InvalidArgumentError(
        `width ${N} is beyond ${MAX_EXACT_WIDTH.toExponential(0)}: there G = G_GP + ΔG keeps almost no digits of ΔG ∝ 1/N in double precision`,
      );
    }
  }
}

/** Evaluates precomputed 1/N polynomials at the widths: the report of `exactCorrelators`. */
export function reportAtWidths(polys: CorrelatorPolynomials, widths: readonly number[], ns: readonly number[]): ExactReport {
  checkWidths(widths);
  checkOrders(ns);
  const { polynomials } = polys;
  const results: ExactResult[] = [];
  for (const width of widths) {
    for (const n of ns) {
      if (!polynomials.has(n)) throw new InvalidArgumentError(`n = ${n} was not among the orders computed`);
      const entries = polynomials.get(n)!.map((poly) => ({ index: poly.index, ...evaluateAtWidth(poly, width) }));
      // Bounded moments times σ_W^n can overflow (erf, σ_W = 1e300: ∞ − ∞ = NaN): refuse, never print NaN.
      for (const e of entries) {
        if (![e.G, e.GP, e.delta, e.connected].every(Number.isFinite)) {
          throw new NotConvergedError(`G${n} at width ${width}, tuple [${e.index.join(',')}] is not finite in double precision (overflow: reduce σ_W, σ_b or the inputs)`);
        }
      }
      results.push({ width, n, entries, ...deviations(entries) });
    }
  }
  const slopes: Record<string, number> = {};
  for (const n of [...new Set(ns)]) {
    const rows = results.filter((r) => r.n === n);
    const s = logLogSlope(rows.map((r) => r.width), rows.map((r) => r.m));
    if (s !== undefined) slopes[String(n)] = s;
  }
  return { results, slopes };
}

/**
 * Mean deviations over tuples: m = mean |Δ|/|G_GP|, mConnected = mean |connected|/|G_GP|.
 * (|G_GP| in the denominator: CONVENTIONS §3 writes G_GP, which is positive for
 * the paper's inputs; the absolute value keeps m a size where it is not.)
 * A tuple with G_GP = 0 is left out of a mean where its numerator vanishes too
 * (e.g. an input with zero pre-activation variance, f ≡ b1 = 0 there) and makes
 * the mean Infinity where it does not; never a silent NaN. No tuple left: 0.
 */
export function deviations(entries: readonly { GP: number; delta: number; connected: number }[]): { m: number; mConnected: number } {
  const mean = (num: (e: { GP: number; delta: number; connected: number }) => number) => {
    let s = 0, count = 0;
    for (const e of entries) {
      const a = Math.abs(num(e)), g = Math.abs(e.GP);
      if (g === 0) {
        if (a === 0) continue;
        return Infinity;
      }
      s += a / g;
      count++;
    }
    return count === 0 ? 0 : s / count;
  };
  return { m: mean((e) => e.delta), mConnected: mean((e) => e.connected) };
}

/**
 * Log–log slope of m against N (core/regression), or undefined where it is not
 * defined: fewer than two distinct widths, or an m that is zero or not finite.
 */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): number | undefined {
  if (xs.length < 2 || new Set(xs).size < 2) return undefined;
  if (!ys.every((y) => Number.isFinite(y) && y > 0)) return undefined;
  return powerLawSlope(xs, ys).slope;
}
