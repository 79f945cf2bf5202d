/**
 * Adaptive piecewise Chebyshev interpolation (chebfun-style) of a smooth 1-D
 * function with an error bound, used to tabulate numeric GP kernels y ↦ K(x, y)
 * once per input point (CONVENTIONS §2, §5; Halverson, Maiti, Stoner,
 * arXiv:2008.08601 §4: the propagators inside the diagram integrals).
 *
 * On each piece the function is sampled at the n+1 Chebyshev–Lobatto points
 * (n = 16, 32, 64: nested, so each doubling reuses every sample); the piece is
 * accepted when the last quarter of its Chebyshev coefficients is below the
 * tolerance, otherwise it is halved. The error bound of a piece is
 *   2 Σ_{k ≥ 3n/4} |c_k|         (the unresolved tail, aliased at most twice)
 *   max with 2 |f − p| at two check points inside the piece (an a-posteriori
 *                                guard against a tail that only looks small)
 *   + Λ_n · max_j δ_j           (the samples' own errors δ_j, amplified by the
 *                                Lebesgue constant Λ_n ≤ (2/π) ln(n+1) + 1).
 * The tail bound is the usual heuristic for functions whose coefficients decay
 * geometrically (analytic functions); the check points catch the exceptions
 * we can detect.
 */
import { InvalidArgumentError } from '../core/errors.js';

/** One piece: [a, b], Chebyshev coefficients of t ↦ f on it (first-kind basis), its error bound. */
export interface ChebPiece {
  readonly a: number;
  readonly b: number;
  readonly coeffs: Float64Array;
  readonly errorBound: number;
}

/** A piecewise Chebyshev interpolant on [a, b]. */
export interface PiecewiseChebyshev {
  readonly pieces: readonly ChebPiece[];
  /** Function evaluations spent building it (samples and checks). */
  readonly evaluations: number;
  /** Whether every piece met the tolerance (else its errorBound says by how much it missed). */
  readonly converged: boolean;
  /** The interpolant at t in [a, b] (clamped to the ends). */
  value(t: number): number;
  /** The error bound of the piece holding t. */
  errorBound(t: number): number;
}

/** Options of {@link chebyshevInterpolant}. */
export interface ChebyshevOptions {
  /** Relative tolerance per piece, against the largest |f| sampled on the piece (default 1e-10). */
  relTol?: number;
  /** Absolute tolerance floor (default 1e-300). */
  absTol?: number;
  /** Points where f is not smooth: pieces end there. */
  breakpoints?: readonly number[];
  /** Error bound of each sample f(t) (default 0: exact samples). */
  sampleError?: (t: number, ft: number) => number;
  /** Largest polynomial degree per piece (16, 32, 64 or 128; default 64). */
  maxDegree?: number;
  /** Most pieces (default 256); beyond it pieces are accepted with their (large) error bound, converged = false. */
  maxPieces?: number;
}

const CHECK = [0.3819660112501051, 0.7548776662466927]; // golden-ratio fractions: never a Lobatto node

/** Clenshaw evaluation of Σ c_k T_k(s), s in [-1, 1]. */
export function chebEval(c: Float64Array, s: number): number {
  let b1 = 0, b2 = 0;
  const s2 = 2 * s;
  for (let k = c.length - 1; k >= 1; k--) {
    const t = s2 * b1 - b2 + c[k]!;
    b2 = b1; b1 = t;
  }
  return s * b1 - b2 + c[0]!;
}

/** Coefficients of the degree-n interpolant through values at s_j = cos(jπ/n), j = 0..n (DCT-I, direct O(n²)). */
function coefficients(v: Float64Array): Float64Array {
  const n = v.length - 1, c = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    let sum = 0.5 * (v[0]! + (k % 2 === 0 ? v[n]! : -v[n]!));
    for (let j = 1; j < n; j++) sum += v[j]! * Math.cos((Math.PI * j * k) / n);
    c[k] = (2 / n) * sum * (k === 0 || k === n ? 0.5 : 1);
  }
  return c;
}

/**
 * Builds the adaptive piecewise Chebyshev interpolant of f on the finite
 * interval [a, b] (see the module comment for the error bound). Deterministic.
 * Throws INVALID_ARGUMENT on an infinite or empty interval.
 */
export function chebyshevInterpolant(f: (t: number) => number, a: number, b: number, opts: ChebyshevOptions = {}): PiecewiseChebyshev {
  if (!(Number.isFinite(a) && Number.isFinite(b) && a < b)) throw new InvalidArgumentError(`chebyshevInterpolant needs a finite interval, got [${a}, ${b}]`);
  const relTol = opts.relTol ?? 1e-10, absTol = opts.absTol ?? 1e-300;
  const maxDegree = opts.maxDegree ?? 64, maxPieces = opts.maxPieces ?? 256;
  const sampleError = opts.sampleError;
  let evaluations = 0, converged = true;
  const call = (t: number) => { evaluations++; return f(t); };
  const pieces: ChebPiece[] = [];
  const ends = [a, ...[...new Set(opts.breakpoints ?? [])].filter((t) => t > a && t < b).sort((p, q) => p - q), b];
  // Work list of intervals (depth-first, left to right, so pieces come out sorted).
  const stack: [number, number][] = [];
  for (let i = ends.length - 2; i >= 0; i--) stack.push([ends[i]!, ends[i + 1]!]);
  while (stack.length > 0) {
    const [lo, hi] = stack.pop()!;
    const mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo);
    let n = 16;
    let vals = new Float64Array(n + 1), errs = new Float64Array(n + 1);
    for (let j = 0; j <= n; j++) {
      const t = mid + half * Math.cos((Math.PI * j) / n);
      vals[j] = call(t);
      errs[j] = sampleError ? sampleError(t, vals[j]!) : 0;
    }
    for (;;) {
      const c = coefficients(vals);
      let scale = 0, noise = 0;
      for (let j = 0; j <= n; j++) { scale = Math.max(scale, Math.abs(vals[j]!)); noise = Math.max(noise, errs[j]!); }
      let tail = 0;
      for (let k = Math.floor((3 * n) / 4); k <= n; k++) tail += Math.abs(c[k]!);
      const tol = Math.max(relTol * scale, absTol);
      const lebesgue = (2 / Math.PI) * Math.log(n + 1) + 1;
      const canSplit = pieces.length + stack.length + 2 <= maxPieces && half > 1e-12 * Math.max(1, Math.abs(mid));
      // Sample errors sit below the tail only up to their own size: do not chase noise.
      if (2 * tail <= Math.max(tol, 4 * lebesgue * noise) || (n >= maxDegree && !canSplit)) {
        let obs = 0;
        for (const q of CHECK) {
          const s = 2 * q - 1, t = mid + half * s;
          const ft = call(t);
          obs = Math.max(obs, Math.abs(ft - chebEval(c, s)) - (sampleError ? sampleError(t, ft) : 0));
        }
        const errorBound = Math.max(2 * tail, 2 * obs) + lebesgue * noise;
        if (errorBound > Math.max(tol, 8 * lebesgue * noise) && canSplit) { stack.push([mid, hi], [lo, mid]); break; }
        if (errorBound > Math.max(tol, 8 * lebesgue * noise)) converged = false;
        pieces.push({ a: lo, b: hi, coeffs: c, errorBound });
        break;
      }
      if (n < maxDegree) {
        // Double the degree: the old nodes are the even-indexed new ones.
        const m = 2 * n, v2 = new Float64Array(m + 1), e2 = new Float64Array(m + 1);
        for (let j = 0; j <= m; j++) {
          if (j % 2 === 0) { v2[j] = vals[j / 2]!; e2[j] = errs[j / 2]!; continue; }
          const t = mid + half * Math.cos((Math.PI * j) / m);
          v2[j] = call(t);
          e2[j] = sampleError ? sampleError(t, v2[j]!) : 0;
        }
        n = m; vals = v2; errs = e2;
        continue;
      }
      stack.push([mid, hi], [lo, mid]);
      break;
    }
  }
  const starts = Float64Array.from(pieces.map((p) => p.a));
  const find = (t: number): ChebPiece => {
    let l = 0, h = pieces.length - 1;
    while (l < h) {
      const m = (l + h + 1) >> 1;
      if (starts[m]! <= t) l = m; else h = m - 1;
    }
    return pieces[l]!;
  };
  return {
    pieces, evaluations, converged,
    value(t) {
      const p = find(t);
      const s = Math.max(-1, Math.min(1, (2 * t - p.a - p.b) / (p.b - p.a)));
      return chebEval(p.coeffs, s);
    },
    errorBound(t) { return find(t).errorBound; },
  };
}
