/**
 * Adaptive piecewise tensor-product Chebyshev interpolation of a smooth
 * function of two variables on a rectangle, with an error bound: the 2-D
 * companion of ./chebyshev.ts, used to tabulate numeric GP kernels
 * K(x_p, y) for d_in ≥ 2, which depend on y only through |y| and x_p·y
 * (CONVENTIONS §2, §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4).
 *
 * A patch is sampled on the (n1+1)×(n2+1) grid of Chebyshev–Lobatto points
 * (n1, n2 ∈ 16, 32, 64, raised separately and nested, so each doubling reuses
 * every sample). Its coefficients C_ij (tensor DCT-I) give two tails,
 *   τ1 = Σ_{i ≥ 3n1/4} Σ_j |C_ij|,   τ2 = Σ_i Σ_{j ≥ 3n2/4} |C_ij|;
 * the direction whose tail is too large is refined (degree doubled, then the
 * patch halved in that direction). The error bound of an accepted patch is
 *   max(2 (τ1 + τ2), 2 max |f − p| at four check points)
 *   + Λ_{n1} Λ_{n2} · max_ij δ_ij      (sample errors times the product Lebesgue constant),
 * the 1-D construction applied per direction (the same heuristic: the tails of
 * geometrically decaying coefficients bound the truncation; the check points
 * catch the detectable exceptions).
 */
import { InvalidArgumentError } from '../core/errors.js';

/** Options of {@link chebyshevInterpolant2D}. */
export interface Chebyshev2DOptions {
  /** Relative tolerance per patch, against the largest |f| sampled on it (default 1e-10). */
  relTol?: number;
  /** Absolute tolerance floor (default 1e-300). */
  absTol?: number;
  /** Error bound of each sample f(s, t) (default 0). */
  sampleError?: (s: number, t: number, fst: number) => number;
  /** Largest degree per direction (16, 32 or 64; default 64). */
  maxDegree?: number;
  /** Most patches (default 64); beyond it patches are accepted with their bound, converged = false. */
  maxPatches?: number;
}

/** A piecewise tensor Chebyshev interpolant on [a1, b1] × [a2, b2]. */
export interface PiecewiseChebyshev2D {
  /** Number of patches. */
  readonly patches: number;
  /** Function evaluations spent (samples and checks). */
  readonly evaluations: number;
  /** Whether every patch met the tolerance. */
  readonly converged: boolean;
  /** The interpolant at (s, t) (clamped to the rectangle). */
  value(s: number, t: number): number;
  /** The error bound of the patch holding (s, t). */
  errorBound(s: number, t: number): number;
}

interface Patch {
  a1: number; b1: number; a2: number; b2: number;
  /** Row-major (n1+1) × (n2+1) coefficients. */
  c: Float64Array;
  n1: number; n2: number;
  /** Highest kept column per row (≤ n2): row i evaluates C_i0..C_i,len_i (negligible tails dropped). */
  lens?: Int32Array;
  errorBound: number;
}

/** A kd-tree node: a leaf patch, or a split of its rectangle at `at` in direction `dim`. */
type Node = { patch: Patch } | { dim: 0 | 1; at: number; lo: Node; hi: Node };

const CHECK = [0.3819660112501051, 0.7548776662466927]; // golden-ratio fractions: never a Lobatto node

/** DCT-I of `len`+1 values v[off + j·stride] into out[off + k·stride] (interpolation coefficients at Lobatto points). */
function dct1(v: Float64Array, out: Float64Array, off: number, stride: number, n: number, cosTab: Float64Array): void {
  const twoN = 2 * n;
  for (let k = 0; k <= n; k++) {
    let sum = 0.5 * (v[off]! + (k % 2 === 0 ? v[off + n * stride]! : -v[off + n * stride]!));
    for (let j = 1; j < n; j++) sum += v[off + j * stride]! * cosTab[(j * k) % twoN]!;
    out[off + k * stride] = (2 / n) * sum * (k === 0 || k === n ? 0.5 : 1);
  }
}

function cosTable(n: number): Float64Array {
  return Float64Array.from({ length: 2 * n }, (_, m) => Math.cos((Math.PI * m) / n));
}

/** Tensor coefficients of the grid values V ((n1+1)×(n2+1), row-major). */
function coefficients2D(V: Float64Array, n1: number, n2: number): Float64Array {
  const w = n2 + 1, tmp = new Float64Array(V.length), C = new Float64Array(V.length);
  const c2 = cosTable(n2), c1 = cosTable(n1);
  for (let i = 0; i <= n1; i++) dct1(V, tmp, i * w, 1, n2, c2);
  for (let j = 0; j <= n2; j++) dct1(tmp, C, j, w, n1, c1);
  return C;
}

/** Σ_ij C_ij T_i(x) T_j(y), x, y in [−1, 1] (Clenshaw in y per row, then in x). */
function eval2D(C: Float64Array, n1: number, n2: number, x: number, y: number, lens?: Int32Array): number {
  const w = n2 + 1, y2 = 2 * y, x2 = 2 * x;
  let B1 = 0, B2 = 0;
  for (let i = n1; i >= 0; i--) {
    let b1 = 0, b2 = 0;
    const o = i * w;
    for (let j = lens ? lens[i]! : n2; j >= 1; j--) { const t = y2 * b1 - b2 + C[o + j]!; b2 = b1; b1 = t; }
    const r = y * b1 - b2 + C[o]!;
    if (i === 0) return x * B1 - B2 + r;
    const t = x2 * B1 - B2 + r;
    B2 = B1; B1 = t;
  }
  return 0; // unreachable
}

/** g_j = Σ_i C_ij T_i(x) for j = 0..n2 (Clenshaw in x per column; rows shorter than j contribute 0). */
function collapse(p: Patch, x: number, g: Float64Array): void {
  const w = p.n2 + 1, x2 = 2 * x, lens = p.lens;
  for (let j = 0; j <= p.n2; j++) {
    let b1 = 0, b2 = 0;
    for (let i = p.n1; i >= 1; i--) {
      const c = lens && lens[i]! < j ? 0 : p.c[i * w + j]!;
      const u = x2 * b1 - b2 + c; b2 = b1; b1 = u;
    }
    g[j] = x * b1 - b2 + (lens && lens[0]! < j ? 0 : p.c[j]!);
  }
}

/**
 * Drops trailing rows and columns of negligible coefficients (evaluation cost is (n1+1)(n2+1)),
 * then the trailing entries of each row (smooth functions have roughly triangular coefficient
 * patterns), while the dropped |C_ij| sum to at most a tenth of the patch's bound; the bound grows by
 * that sum (|T_k| ≤ 1 on [−1, 1], so a dropped coefficient changes the value by at most its modulus).
 */
function trim(p: Patch): Patch {
  const w = p.n2 + 1, budget = 0.1 * p.errorBound;
  let r = p.n1, c = p.n2, dropped = 0;
  const rowSum = (i: number) => { let a = 0; for (let j = 0; j <= c; j++) a += Math.abs(p.c[i * w + j]!); return a; };
  const colSum = (j: number) => { let a = 0; for (let i = 0; i <= r; i++) a += Math.abs(p.c[i * w + j]!); return a; };
  for (;;) {
    const cr = r > 0 ? rowSum(r) : Infinity, cc = c > 0 ? colSum(c) : Infinity;
    if (cr <= cc && dropped + cr <= budget) { dropped += cr; r--; } else if (dropped + cc <= budget) { dropped += cc; c--; } else if (dropped + cr <= budget) { dropped += cr; r--; } else break;
  }
  const C = new Float64Array((r + 1) * (c + 1)), lens = new Int32Array(r + 1).fill(c);
  for (let i = 0; i <= r; i++) for (let j = 0; j <= c; j++) C[i * (c + 1) + j] = p.c[i * w + j]!;
  // Row tails, highest rows (smallest coefficients) first.
  for (let i = r; i >= 0; i--) {
    while (lens[i]! > 0 && dropped + Math.abs(C[i * (c + 1) + lens[i]!]!) <= budget) dropped += Math.abs(C[i * (c + 1) + lens[i]!--]!);
  }
  return { ...p, c: C, n1: r, n2: c, lens, errorBound: p.errorBound + dropped };
}

const lebesgue = (n: number) => (2 / Math.PI) * Math.log(n + 1) + 1;

/**
 * Builds the adaptive piecewise tensor Chebyshev interpolant of f on the
 * finite rectangle [a1, b1] × [a2, b2] (see the module comment for the error
 * bound). Deterministic. Throws INVALID_ARGUMENT on an infinite or empty rectangle.
 */
export function chebyshevInterpolant2D(
  f: (s: number, t: number) => number, a1: number, b1: number, a2: number, b2: number, opts: Chebyshev2DOptions = {},
): PiecewiseChebyshev2D {
  if (![a1, b1, a2, b2].every(Number.isFinite) || !(a1 < b1 && a2 < b2)) {
    throw new InvalidArgumentError(`chebyshevInterpolant2D needs a finite rectangle, got [${a1}, ${b1}] × [${a2}, ${b2}]`);
  }
  const relTol = opts.relTol ?? 1e-10, absTol = opts.absTol ?? 1e-300;
  const maxDegree = opts.maxDegree ?? 64, maxPatches = opts.maxPatches ?? 64;
  const sampleError = opts.sampleError;
  let evaluations = 0, converged = true, patches = 0, pending = 0;
  const call = (s: number, t: number) => { evaluations++; return f(s, t); };

  const build = (lo1: number, hi1: number, lo2: number, hi2: number): Node => {
    const m1 = 0.5 * (lo1 + hi1), h1 = 0.5 * (hi1 - lo1), m2 = 0.5 * (lo2 + hi2), h2 = 0.5 * (hi2 - lo2);
    const s = (i: number, n: number) => m1 + h1 * Math.cos((Math.PI * i) / n);
    const t = (j: number, n: number) => m2 + h2 * Math.cos((Math.PI * j) / n);
    let n1 = 16, n2 = 16;
    let V = new Float64Array((n1 + 1) * (n2 + 1)), E = new Float64Array(V.length);
    const sample = (Vn: Float64Array, En: Float64Array, k: number, si: number, tj: number) => {
      Vn[k] = call(si, tj);
      En[k] = sampleError ? sampleError(si, tj, Vn[k]!) : 0;
    };
    for (let i = 0; i <= n1; i++) for (let j = 0; j <= n2; j++) sample(V, E, i * (n2 + 1) + j, s(i, n1), t(j, n2));
    const canSplit = (dim: 0 | 1) => patches + pending + 2 <= maxPatches &&
      (dim === 0 ? h1 > 1e-12 * Math.max(1, Math.abs(m1)) : h2 > 1e-12 * Math.max(1, Math.abs(m2)));
    const split = (dim: 0 | 1): Node => {
      pending += 2;
      if (dim === 0) {
        // Depth-first: the lower half is built (and counted) before the upper one.
        pending--; const lo = build(lo1, m1, lo2, hi2);
        pending--; const hi = build(m1, hi1, lo2, hi2);
        return { dim, at: m1, lo, hi };
      }
      pending--; const lo = build(lo1, hi1, lo2, m2);
      pending--; const hi = build(lo1, hi1, m2, hi2);
      return { dim, at: m2, lo, hi };
    };
    for (;;) {
      const C = coefficients2D(V, n1, n2), w = n2 + 1;
      let scale = 0, noise = 0;
      for (let k = 0; k < V.length; k++) { scale = Math.max(scale, Math.abs(V[k]!)); noise = Math.max(noise, E[k]!); }
      let tail1 = 0, tail2 = 0;
      const q1 = Math.floor((3 * n1) / 4), q2 = Math.floor((3 * n2) / 4);
      for (let i = 0; i <= n1; i++) for (let j = 0; j <= n2; j++) {
        const a = Math.abs(C[i * w + j]!);
        if (i >= q1) tail1 += a;
        if (j >= q2) tail2 += a;
      }
      const tol = Math.max(relTol * scale, absTol), leb = lebesgue(n1) * lebesgue(n2);
      // Sample errors sit below the tails only up to their own size: do not chase noise.
      const target = Math.max(tol, 4 * leb * noise);
      const atMax = n1 >= maxDegree && n2 >= maxDegree;
      if (2 * (tail1 + tail2) <= target || (atMax && !canSplit(0) && !canSplit(1))) {
        let obs = 0;
        for (const qa of CHECK) for (const qb of CHECK) {
          const x = 2 * qa - 1, y = 2 * qb - 1, si = m1 + h1 * x, tj = m2 + h2 * y;
          const v = call(si, tj);
          obs = Math.max(obs, Math.abs(v - eval2D(C, n1, n2, x, y)) - (sampleError ? sampleError(si, tj, v) : 0));
        }
        const errorBound = Math.max(2 * (tail1 + tail2), 2 * obs) + leb * noise;
        const ok = errorBound <= Math.max(tol, 8 * leb * noise);
        if (!ok) {
          const dim: 0 | 1 = tail1 >= tail2 ? 0 : 1;
          if (canSplit(dim)) return split(dim);
          if (canSplit(dim === 0 ? 1 : 0)) return split(dim === 0 ? 1 : 0);
          converged = false;
        }
        patches++;
        return { patch: trim({ a1: lo1, b1: hi1, a2: lo2, b2: hi2, c: C, n1, n2, errorBound }) };
      }
      // Refine the direction(s) whose tail is too large (the larger one when neither is alone).
      let grow1 = 2 * tail1 > target / 2, grow2 = 2 * tail2 > target / 2;
      if (!grow1 && !grow2) { grow1 = tail1 >= tail2; grow2 = !grow1; }
      const d1 = grow1 && n1 < maxDegree, d2 = grow2 && n2 < maxDegree;
      if (d1 || d2) {
        const N1 = d1 ? 2 * n1 : n1, N2 = d2 ? 2 * n2 : n2, W = N2 + 1;
        const V2 = new Float64Array((N1 + 1) * W), E2 = new Float64Array(V2.length);
        for (let i = 0; i <= N1; i++) for (let j = 0; j <= N2; j++) {
          const k = i * W + j;
          const oi = d1 ? (i % 2 === 0 ? i / 2 : -1) : i, oj = d2 ? (j % 2 === 0 ? j / 2 : -1) : j;
          // Nested grids: the old nodes are the even-indexed new ones.
          if (oi >= 0 && oj >= 0) { V2[k] = V[oi * w + oj]!; E2[k] = E[oi * w + oj]!; } else sample(V2, E2, k, s(i, N1), t(j, N2));
        }
        n1 = N1; n2 = N2; V = V2; E = E2;
        continue;
      }
      const dim: 0 | 1 = grow1 && grow2 ? (tail1 >= tail2 ? 0 : 1) : grow1 ? 0 : 1;
      if (canSplit(dim)) return split(dim);
      converged = false;
      patches++;
      return { patch: { a1: lo1, b1: hi1, a2: lo2, b2: hi2, c: C, n1, n2, errorBound: 2 * (tail1 + tail2) + leb * noise } };
    }
  };
  const root = build(a1, b1, a2, b2);
  const find = (s: number, t: number): Patch => {
    let nd = root;
    while (!('patch' in nd)) nd = (nd.dim === 0 ? s : t) < nd.at ? nd.lo : nd.hi;
    return nd.patch;
  };
  // Per-patch cache of the last collapse (state of this interpolant only; evaluation stays deterministic).
  const collapsed = new Map<Patch, { s: number; g: Float64Array }>();
  return {
    patches, evaluations, converged,
    value(s, t) {
      const p = find(s, t);
      const y = Math.max(-1, Math.min(1, (2 * t - p.a2 - p.b2) / (p.b2 - p.a2)));
      // Callers read many t at one s (kernel lines from several inputs at one |y|): the first variable is
      // summed out once per (patch, s), g_j = Σ_i C_ij T_i(x), leaving a 1-D Clenshaw sum in t.
      let g = collapsed.get(p);
      if (!g || g.s !== s) {
        const x = Math.max(-1, Math.min(1, (2 * s - p.a1 - p.b1) / (p.b1 - p.a1)));
        g = { s, g: g?.g ?? new Float64Array(p.n2 + 1) };
        collapse(p, x, g.g);
        collapsed.set(p, g);
      }
      let b1 = 0, b2 = 0;
      const gj = g.g, y2 = 2 * y;
      for (let j = p.n2; j >= 1; j--) { const u = y2 * b1 - b2 + gj[j]!; b2 = b1; b1 = u; }
      return y * b1 - b2 + gj[0]!;
    },
    errorBound(s, t) { return find(s, t).errorBound; },
  };
}
