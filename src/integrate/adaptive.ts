/**
 * Vector-valued adaptive integration over boxes [lo, hi]^dims with finite or
 * infinite bounds: Gauss–Kronrod (G7K15) in one dimension, adaptive Genz–Malik
 * cubature in two to six (backed up by randomised quasi-Monte-Carlo in six),
 * quasi-Monte-Carlo beyond. One call integrates
 * many integrands that share their expensive part (the kernel values
 * K(x_p, y) at the nodes: Halverson, Maiti, Stoner, arXiv:2008.08601 §4;
 * CONVENTIONS §5), each to its own tolerance, on one common subdivision.
 *
 * Every result is an {@link Estimate} whose `absError` is the raw difference of
 * the embedded rules (|K15 − G7|, |GM7 − GM5|) summed over regions — no
 * optimistic rescaling — or, for QMC, three standard errors over independent
 * random shifts.
 */
import { DivergentIntegralError, InvalidArgumentError } from '../core/errors.js';
import type { Estimate } from '../core/estimate.js';
import { G7_W, GK15_WK, GK15_X, genzMalikRule } from './rules.js';
import { mulberry32 } from '../core/rng.js';

/** f(y, out): writes the integrands' values at the point y into out (length nOut). */
export type VectorIntegrand = (y: Float64Array, out: Float64Array) => void;

/** Options of {@link integrateVector}. */
export interface IntegrateOptions {
  /** Lower bound of every coordinate (may be -Infinity). */
  lower: number;
  /** Upper bound of every coordinate (may be +Infinity). */
  upper: number;
  /** Coordinate values where the integrand is not smooth (kinks): every coordinate's range is split there. */
  breakpoints?: readonly number[];
  /** Relative tolerance, against ∫|f| of each integrand (default 1e-8). */
  relTol?: number;
  /** Absolute tolerance (default 0). */
  absTol?: number;
  /** Per-integrand relative tolerances (length nOut), overriding `relTol` (e.g. loose ones for error-bound integrands). */
  relTols?: ArrayLike<number>;
  /** Budget of integrand evaluations (points); default 2e6 / nOut-independent. */
  maxEvaluations?: number;
  /** Check the growth of the integrand at large |y| before integrating over an infinite range (default true). */
  probeDivergence?: boolean;
  /** Seed of the random shifts of quasi-Monte-Carlo (6-D back-up, > 6-D, or `method: 'qmc'`); cubature is deterministic. */
  seed?: number;
  /**
   * Method for dims ≥ 2: 'auto' (default: adaptive Genz–Malik cubature up to
   * {@link CUBATURE_MAX_DIMS} dimensions, quasi-Monte-Carlo beyond), 'cubature'
   * or 'qmc' to force one (benchmarks, cross-checks). One dimension is always G7K15.
   */
  method?: 'auto' | 'cubature' | 'qmc';
}

/** A coordinate map t -> y with Jacobian, taking a finite t-interval onto [lower, upper]. */
interface CoordMap {
  tLo: number;
  tHi: number;
  y(t: number): number;
  jac(t: number): number;
  t(y: number): number;
}

function coordMap(lo: number, hi: number): CoordMap {
  if (Number.isFinite(lo) && Number.isFinite(hi)) {
    return { tLo: lo, tHi: hi, y: (t) => t, jac: () => 1, t: (y) => y };
  }
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) {
    // y = t/(1 - t²) on (-1, 1): odd, y ≈ t near 0, so structure near the origin keeps its scale.
    return {
      tLo: -1, tHi: 1,
      y: (t) => t / (1 - t * t),
      jac: (t) => (1 + t * t) / ((1 - t * t) * (1 - t * t)),
      t: (y) => (2 * y) / (1 + Math.sqrt(1 + 4 * y * y)),
    };
  }
  if (Number.isFinite(lo)) {
    return { tLo: 0, tHi: 1, y: (t) => lo + t / (1 - t), jac: (t) => 1 / ((1 - t) * (1 - t)), t: (y) => (y - lo) / (1 + (y - lo)) };
  }
  return { tLo: -1, tHi: 0, y: (t) => hi + t / (1 + t), jac: (t) => 1 / ((1 + t) * (1 + t)), t: (y) => (y - hi) / (1 - (y - hi)) };
}

/** Per-region results of one adaptive step. */
interface Region {
  val: Float64Array;
  err: Float64Array;
  abs: Float64Array;
  splittable: boolean;
}

function checkFinite(out: Float64Array, y: Float64Array): void {
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k]!)) {
      throw new InvalidArgumentError(`integrand is not finite (${out[k]}) at y = (${Array.from(y).join(', ')})`, { y: Array.from(y) });
    }
  }
}

/**
 * The common adaptive loop: refine the regions with the largest error
 * relative to each integrand's tolerance until every integrand meets
 * max(relTol·∫|f|, absTol) or the budget is spent.
 */
function adaptiveLoop<R extends Region>(
  initial: R[], split: (r: R) => R[], nOut: number, relTol: ArrayLike<number>, absTol: number,
  maxEval: number, evals: () => number,
): { regions: R[]; converged: boolean } {
  let regions = initial;
  const val = new Float64Array(nOut), err = new Float64Array(nOut), abs = new Float64Array(nOut), tol = new Float64Array(nOut);
  for (;;) {
    val.fill(0); err.fill(0); abs.fill(0);
    for (const r of regions) for (let k = 0; k < nOut; k++) { val[k]! += r.val[k]!; err[k]! += r.err[k]!; abs[k]! += r.abs[k]!; }
    let bad = false;
    for (let k = 0; k < nOut; k++) {
      tol[k] = Math.max(relTol[k]! * abs[k]!, absTol, 1e-300);
      if (err[k]! > tol[k]!) bad = true;
    }
    if (!bad) return { regions, converged: true };
    if (evals() >= maxEval) return { regions, converged: false };
    const score = regions.map((r) => {
      if (!r.splittable) return 0;
      let s = 0;
      for (let k = 0; k < nOut; k++) if (err[k]! > tol[k]!) s = Math.max(s, r.err[k]! / tol[k]!);
      return s;
    });
    let top = 0;
    for (const sc of score) if (sc > top) top = sc;
    if (!(top > 0)) return { regions, converged: false };
    // Worst first, and no split once the budget is spent: a round may not overshoot it by more than one split.
    const chosen = score.map((_, i) => i).filter((i) => score[i]! >= 0.25 * top).sort((a, b) => score[b]! - score[a]! || a - b);
    const children = new Map<number, R[]>();
    for (const i of chosen) {
      if (children.size > 0 && evals() >= maxEval) break;
      children.set(i, split(regions[i]!));
    }
    const next: R[] = [];
    regions.forEach((r, i) => { const ch = children.get(i); if (ch) next.push(...ch); else next.push(r); });
    regions = next;
  }
}

function finish(regions: Region[], nOut: number, evaluations: number, converged: boolean): Estimate[] {
  const out: Estimate[] = [];
  for (let k = 0; k < nOut; k++) {
    let v = 0, e = 0, a = 0;
    for (const r of regions) { v += r.val[k]!; e += r.err[k]!; a += r.abs[k]!; }
    // Rounding of the sums themselves: a few ulps of ∫|f| per region.
    out.push({ value: v, absError: e + 1e-15 * a, evaluations, converged });
  }
  return out;
}

/** Splits [tLo, tHi] at the images of the breakpoints strictly inside it. */
function tBreaks(map: CoordMap, lo: number, hi: number, breakpoints: readonly number[]): number[] {
  const ts = breakpoints.filter((b) => Number.isFinite(b) && b > lo && b < hi).map((b) => map.t(b));
  return [...new Set([map.tLo, ...ts, map.tHi])].sort((a, b) => a - b);
}

/**
 * Graded breakpoints 0, ±1, ±10, ±100, … inside a wide finite range. Why: a
 * G7K15 or Genz–Malik rule on [−10⁴, 10⁴] has no node within the unit-scale
 * structure near the inputs (a Gauss-net propagator is a bump of width ~1), sees
 * zeros everywhere, reports a zero error and "converges" to 0. The infinite-range
 * map keeps the unit scale near the origin by construction; these points give a
 * finite range the same resolution (a few intervals per decade of the cutoff).
 */
function gradedBreaks(lo: number, hi: number, perDecade: 1 | 2 = 1): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || hi - lo <= 8) return [];
  const out = [0];
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  for (let p = 1; p < top; p *= 10) {
    out.push(p, -p);
    if (perDecade === 2 && 3 * p < top) out.push(3 * p, -3 * p);
  }
  return out;
}

/** Integrand growth at large |y| along the axes and the diagonal; throws DivergentIntegralError when it does not decay. */
function probe(f: VectorIntegrand, dims: number, nOut: number, lo: number, hi: number): number {
  const sides = [...(Number.isFinite(hi) ? [] : [1]), ...(Number.isFinite(lo) ? [] : [-1])];
  const base = Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi : 0;
  const dirs: { coords: number[]; moved: number }[] = [];
  for (const s of sides) {
    for (let i = 0; i < dims; i++) dirs.push({ coords: Array.from({ length: dims }, (_, j) => (j === i ? s : 0)), moved: 1 });
    if (dims > 1) dirs.push({ coords: new Array(dims).fill(s), moved: dims });
  }
  const y = new Float64Array(dims), out = new Float64Array(nOut);
  let n = 0;
  for (const d of dirs) {
    const g: number[][] = [];
    for (const R of [1e4, 1e6, 1e8]) {
      for (let i = 0; i < dims; i++) y[i] = base + R * d.coords[i]!;
      f(y, out); n++;
      for (let k = 0; k < nOut; k++) {
        if (!Number.isFinite(out[k]!)) {
          throw new DivergentIntegralError(`the integrand is not finite at |y| = ${R} (value ${out[k]}): no integral over an infinite range`, { R });
        }
      }
      g.push(Array.from(out, (v) => R ** d.moved * Math.abs(v)));
    }
    for (let k = 0; k < nOut; k++) {
      const [g4, g6, g8] = [g[0]![k]!, g[1]![k]!, g[2]![k]!];
      // Convergence needs |y|^dims |f| -> 0; a decay slower than |y|^-0.05 per decade over four decades is divergence.
      if (g8 > 0 && g6 >= 0.79 * g4 && g8 >= 0.79 * g6) {
        throw new DivergentIntegralError(
          `the integral diverges over an infinite range: |y|^${d.moved}·|integrand| grows from ${g4.toExponential(3)} at |y| = 1e4 to ${g8.toExponential(3)} at 1e8 (use a finite cutoff)`,
          { growth: [g4, g6, g8] },
        );
      }
    }
  }
  return n;
}

/**
 * Integrates nOut integrands over [lower, upper]^dims together, each to
 * max(relTol·∫|f_k|, absTol). dims = 1: adaptive G7K15; 2–5: adaptive
 * Genz–Malik (degree 7 with embedded degree 5); 6: Genz–Malik on half the
 * budget, then, for the integrands it left unconverged, randomised
 * quasi-Monte-Carlo on the rest (each keeps the smaller claimed error);
 * > 6: quasi-Monte-Carlo (Kronecker sequence, independent random shifts).
 * `method` overrides the choice. Infinite bounds are mapped to finite ones; a
 * divergent infinite-range integral raises DivergentIntegralError.
 */
export function integrateVector(f: VectorIntegrand, dims: number, nOut: number, opts: IntegrateOptions): Estimate[] {
  const { lower: lo, upper: hi } = opts;
  if (!(Number.isInteger(dims) && dims >= 1)) throw new InvalidArgumentError(`integration dimension must be a positive integer, got ${dims}`);
  if (Number.isNaN(lo) || Number.isNaN(hi) || !(lo < hi)) throw new InvalidArgumentError(`bad integration range [${lo}, ${hi}]`);
  const relTol = opts.relTol ?? 1e-8, absTol = opts.absTol ?? 0;
  if (!(relTol >= 0) || !(absTol >= 0) || relTol + absTol === 0) throw new InvalidArgumentError('tolerances must be non-negative, not both zero');
  const maxEval = opts.maxEvaluations ?? 2_000_000;
  let evaluations = 0;
  if ((!Number.isFinite(lo) || !Number.isFinite(hi)) && opts.probeDivergence !== false) evaluations += probe(f, dims, nOut, lo, hi);
  if (nOut === 0) return [];
  const map = coordMap(lo, hi);
  const userBreaks = opts.breakpoints ?? [];
  // From three dimensions on, two graded points per decade (1, 3, 10, 30, …): a Genz–Malik box over a whole
  // decade [1, 10] has no node within 0.2 of its lower end, misses a unit-scale bump sitting there with both
  // embedded rules alike, and reports a small error for it (measured: a 4-D gaussian on [−10, 10]^4 came out
  // 1.4% low with a claimed 4e-4). One dimension (15 Kronrod nodes) and two are fine with one per decade.
  const graded = gradedBreaks(lo, hi, dims >= 3 ? 2 : 1);
  let breaks = tBreaks(map, lo, hi, [...userBreaks, ...graded]);
  const method = opts.method ?? 'auto';
  if (method !== 'auto' && method !== 'cubature' && method !== 'qmc') throw new InvalidArgumentError(`unknown integration method '${String(method)}'`);
  const cubature = dims === 1 || method === 'cubature' || (method === 'auto' && dims <= CUBATURE_MAX_DIMS);
  if (cubature && dims > GENZ_MALIK_MAX_DIMS) {
    throw new InvalidArgumentError(`Genz–Malik cubature supports up to ${GENZ_MALIK_MAX_DIMS} dimensions, got ${dims}`);
  }
  // Genz–Malik starts from the product of the per-coordinate intervals, which may cost at most a quarter of
  // the budget: drop the outermost decades of the graded points first (0, ±1 resolve the unit-scale structure
  // near the inputs and go last); the user's breakpoints are kinks and stay.
  const np = dims === 1 ? 15 : genzMalikPoints(dims);
  for (let keep = graded.length; dims > 1 && keep > 0 && (breaks.length - 1) ** dims * np > maxEval / 4;) {
    keep = Math.max(0, keep - 2);
    breaks = tBreaks(map, lo, hi, [...userBreaks, ...graded.slice(0, keep)]);
  }
  const tols = opts.relTols ? Float64Array.from(opts.relTols) : new Float64Array(nOut).fill(relTol);
  if (tols.length !== nOut || !tols.every((t) => t > 0 || absTol > 0)) throw new InvalidArgumentError('relTols must have one positive tolerance per integrand');
  if (dims === 1) return gk1d(f, nOut, map, breaks, tols, absTol, maxEval, evaluations);
  if (cubature && method === 'auto' && dims >= HYBRID_MIN_DIMS) {
    // Measured (bench/integrate.bench.mjs): in six dimensions cubature wins on some integrands (finite boxes)
    // and QMC on others (Gaussians over R^6). Cubature gets half the budget; integrands it leaves unconverged
    // get QMC with the rest, and each keeps the estimate with the smaller claimed error (both are honest).
    const a = genzMalik(f, dims, nOut, map, breaks, tols, absTol, maxEval / 2, evaluations);
    if (a.every((e) => e.converged)) return a;
    const b = qmc(f, dims, nOut, map, tols, absTol, maxEval, a[0]!.evaluations, opts.seed ?? 1);
    const total = b[0]!.evaluations;
    return a.map((e, k) => ({ ...(e.converged || e.absError <= b[k]!.absError ? e : b[k]!), evaluations: total }));
  }
  if (cubature) return genzMalik(f, dims, nOut, map, breaks, tols, absTol, maxEval, evaluations);
  return qmc(f, dims, nOut, map, tols, absTol, maxEval, evaluations, opts.seed ?? 1);
}

/**
 * Highest dimension where {@link integrateVector} picks adaptive Genz–Malik
 * cubature by default (quasi-Monte-Carlo beyond): chosen by measurement
 * (bench/integrate.bench.mjs) on the diagram integrands of CONVENTIONS §5.
 */
export const CUBATURE_MAX_DIMS = 6;
/** Largest dimension accepted by `method: 'cubature'` (the rule has 2^d vertex points). */
export const GENZ_MALIK_MAX_DIMS = 10;
/** From this dimension on, 'auto' backs cubature up with quasi-Monte-Carlo (see {@link integrateVector}). */
const HYBRID_MIN_DIMS = 6;

/** Points of the Genz–Malik rule in d dimensions: 2^d + 2d² + 2d + 1. */
function genzMalikPoints(d: number): number {
  return 2 ** d + 2 * d * d + 2 * d + 1;
}

/** Scalar convenience wrapper of {@link integrateVector}. */
export function integrate(f: (y: Float64Array) => number, dims: number, opts: IntegrateOptions): Estimate {
  return integrateVector((y, out) => { out[0] = f(y); }, dims, 1, opts)[0]!;
}

/**
 * ∫_a^b f(y) dy (a, b may be infinite) to max(relTol·∫|f|, absTol): a lean
 * scalar adaptive G7K15 (no per-interval allocations; the hot path of the
 * numeric kernels), with the same maps, breakpoints and divergence probe as
 * {@link integrateVector}.
 */
export function integrate1D(f: (y: number) => number, a: number, b: number, opts: Omit<IntegrateOptions, 'lower' | 'upper'> = {}): Estimate {
  if (Number.isNaN(a) || Number.isNaN(b) || !(a < b)) throw new InvalidArgumentError(`bad integration range [${a}, ${b}]`);
  const relTol = opts.relTol ?? 1e-8, absTol = opts.absTol ?? 0;
  if (!(relTol >= 0) || !(absTol >= 0) || relTol + absTol === 0) throw new InvalidArgumentError('tolerances must be non-negative, not both zero');
  const maxEval = opts.maxEvaluations ?? 2_000_000;
  let evaluations = 0;
  if ((!Number.isFinite(a) || !Number.isFinite(b)) && opts.probeDivergence !== false) {
    evaluations += probe((y, out) => { out[0] = f(y[0]!); }, 1, 1, a, b);
  }
  const map = coordMap(a, b);
  const breaks = tBreaks(map, a, b, [...(opts.breakpoints ?? []), ...gradedBreaks(a, b)]);
  const finite = Number.isFinite(a) && Number.isFinite(b);
  // Interval store: parallel arrays (lo, hi, value, error, |f|).
  const lo: number[] = [], hi: number[] = [], val: number[] = [], err: number[] = [], abs: number[] = [];
  let rv = 0, re = 0, ra = 0;
  const evalInterval = (x0: number, x1: number) => {
    const c = 0.5 * (x0 + x1), h = 0.5 * (x1 - x0);
    let k = 0, g = 0, s = 0;
    for (let j = 0; j < 8; j++) {
      const wk = GK15_WK[j]!, wg = j & 1 ? G7_W[(j - 1) >> 1]! : 0;
      for (let sgn = j === 7 ? 0 : -1; sgn <= 1; sgn += 2) {
        const t = c + (j === 7 ? 0 : sgn) * h * GK15_X[j]!;
        const v = finite ? f(t) : f(map.y(t)) * map.jac(t);
        if (!Number.isFinite(v)) throw new InvalidArgumentError(`integrand is not finite (${v}) at y = ${finite ? t : map.y(t)}`);
        k += wk * v; g += wg * v; s += wk * Math.abs(v);
        if (j === 7) break;
      }
    }
    evaluations += 15;
    rv = k * h; re = Math.abs(k - g) * h; ra = s * h;
  };
  for (let i = 0; i + 1 < breaks.length; i++) {
    evalInterval(breaks[i]!, breaks[i + 1]!);
    lo.push(breaks[i]!); hi.push(breaks[i + 1]!); val.push(rv); err.push(re); abs.push(ra);
  }
  let converged = false;
  for (;;) {
    let V = 0, E = 0, A = 0, worst = -1, we = -1;
    for (let i = 0; i < val.length; i++) {
      V += val[i]!; E += err[i]!; A += abs[i]!;
      if (err[i]! > we && hi[i]! - lo[i]! > 1e-13 * Math.max(Math.abs(lo[i]!), Math.abs(hi[i]!), 1e-300)) { we = err[i]!; worst = i; }
    }
    if (E <= Math.max(relTol * A, absTol)) { converged = true; }
    if (converged || evaluations >= maxEval || worst < 0) {
      return { value: V, absError: E + 1e-15 * A, evaluations, converged };
    }
    const x0 = lo[worst]!, x1 = hi[worst]!, m = 0.5 * (x0 + x1);
    evalInterval(x0, m);
    hi[worst] = m; val[worst] = rv; err[worst] = re; abs[worst] = ra;
    evalInterval(m, x1);
    lo.push(m); hi.push(x1); val.push(rv); err.push(re); abs.push(ra);
  }
}

interface Interval extends Region { a: number; b: number }

function gk1d(
  f: VectorIntegrand, nOut: number, map: CoordMap, breaks: number[],
  relTol: Float64Array, absTol: number, maxEval: number, evals0: number,
): Estimate[] {
  let evaluations = evals0;
  const y = new Float64Array(1), out = new Float64Array(nOut);
  const evalInterval = (a: number, b: number): Interval => {
    const c = 0.5 * (a + b), h = 0.5 * (b - a);
    const rk = new Float64Array(nOut), rg = new Float64Array(nOut), ra = new Float64Array(nOut);
    for (let j = 0; j < 8; j++) {
      const wk = GK15_WK[j]!, wg = j % 2 === 1 ? G7_W[(j - 1) >> 1]! : 0;
      for (const s of j === 7 ? [0] : [1, -1]) {
        const t = c + s * h * GK15_X[j]!;
        y[0] = map.y(t);
        const jac = map.jac(t);
        f(y, out);
        checkFinite(out, y);
        for (let k = 0; k < nOut; k++) {
          const v = out[k]! * jac;
          rk[k]! += wk * v;
          rg[k]! += wg * v;
          ra[k]! += wk * Math.abs(v);
        }
      }
    }
    evaluations += 15;
    const err = new Float64Array(nOut);
    for (let k = 0; k < nOut; k++) { err[k] = Math.abs(rk[k]! - rg[k]!) * h; rk[k]! *= h; ra[k]! *= h; }
    const splittable = b - a > 1e-13 * Math.max(Math.abs(a), Math.abs(b), 1e-300) && h > 1e-300;
    return { a, b, val: rk, err, abs: ra, splittable };
  };
  const init: Interval[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) init.push(evalInterval(breaks[i]!, breaks[i + 1]!));
  const split = (r: Interval) => { const m = 0.5 * (r.a + r.b); return [evalInterval(r.a, m), evalInterval(m, r.b)]; };
  const { regions, converged } = adaptiveLoop(init, split, nOut, relTol, absTol, maxEval, () => evaluations);
  return finish(regions, nOut, evaluations, converged);
}

interface Box extends Region { c: Float64Array; h: Float64Array; axis: number }

function genzMalik(
  f: VectorIntegrand, dims: number, nOut: number, map: CoordMap, breaks: number[],
  relTol: Float64Array, absTol: number, maxEval: number, evals0: number,
): Estimate[] {
  let evaluations = evals0;
  const rule = genzMalikRule(dims);
  const np = rule.w7.length;
  const y = new Float64Array(dims), out = new Float64Array(nOut);
  const axisVals = new Float64Array((1 + 4 * dims) * nOut);
  const evalBox = (c: Float64Array, h: Float64Array): Box => {
    let vol = 1;
    for (let i = 0; i < dims; i++) vol *= 2 * h[i]!;
    const i7 = new Float64Array(nOut), i5 = new Float64Array(nOut), ia = new Float64Array(nOut);
    for (let p = 0; p < np; p++) {
      let jac = 1;
      for (let i = 0; i < dims; i++) {
        const t = c[i]! + h[i]! * rule.coords[p * dims + i]!;
        y[i] = map.y(t);
        jac *= map.jac(t);
      }
      f(y, out);
      checkFinite(out, y);
      const w7 = rule.w7[p]!, w5 = rule.w5[p]!;
      for (let k = 0; k < nOut; k++) {
        const v = out[k]! * jac;
        i7[k]! += w7 * v;
        i5[k]! += w5 * v;
        // The rule applied to |f|: Σ|w7|·|f| would overstate ∫|f| (negative weights: Σ|w7| ≈ 2.8 in 4-D,
        // 3.5 in 5-D) and loosen every relative tolerance by that factor.
        ia[k]! += w7 * Math.abs(v);
        if (p <= 4 * dims) axisVals[p * nOut + k] = v;
      }
    }
    evaluations += np;
    const err = new Float64Array(nOut);
    for (let k = 0; k < nOut; k++) { err[k] = Math.abs(i7[k]! - i5[k]!) * vol; i7[k]! *= vol; ia[k] = Math.abs(ia[k]! * vol); }
    // Split axis: largest fourth difference (Genz–Malik), each integrand weighted by its own size.
    let axis = 0, best = -1;
    for (let i = 0; i < dims; i++) {
      const { l2, l3 } = rule.axis[i]!;
      let d = 0;
      for (let k = 0; k < nOut; k++) {
        const f0 = axisVals[k]!;
        const d2 = axisVals[l2[0] * nOut + k]! + axisVals[l2[1] * nOut + k]! - 2 * f0;
        const d3 = axisVals[l3[0] * nOut + k]! + axisVals[l3[1] * nOut + k]! - 2 * f0;
        d += Math.abs(d2 - rule.ratio * d3) / (ia[k]! / vol + 1e-300);
      }
      if (d > best * (1 + 1e-12) || (Math.abs(d - best) <= 1e-12 * best && h[i]! > h[axis]!)) { best = d; axis = i; }
    }
    let splittable = false;
    for (let i = 0; i < dims; i++) if (h[i]! > 1e-13 * Math.max(Math.abs(c[i]!), 1e-300)) splittable = true;
    return { c, h, axis, val: i7, err, abs: ia, splittable };
  };
  // Initial boxes: the product of the breakpoint intervals of every coordinate, within a quarter of the budget.
  let init: Box[] = [];
  const startBudget = maxEval / 4;
  let coordBreaks = (breaks.length - 1) ** dims * np <= startBudget ? breaks : [map.tLo, map.tHi];
  // At least four initial cells per coordinate (two where 4^dims boxes would eat the start budget):
  // an adaptive rule that never samples a feature cannot see it.
  if (coordBreaks.length < 5) {
    const q = (map.tHi - map.tLo) / 4;
    const quarters = [...new Set([...coordBreaks, map.tLo + q, map.tLo + 2 * q, map.tLo + 3 * q])].sort((a, b) => a - b);
    const halves = [...new Set([...coordBreaks, map.tLo + 2 * q])].sort((a, b) => a - b);
    if ((quarters.length - 1) ** dims * np <= startBudget) coordBreaks = quarters;
    else if ((halves.length - 1) ** dims * np <= startBudget) coordBreaks = halves;
  }
  const nb = coordBreaks.length - 1;
  for (let idx = 0; idx < nb ** dims; idx++) {
    const c = new Float64Array(dims), h = new Float64Array(dims);
    let r = idx;
    for (let i = 0; i < dims; i++) {
      const j = r % nb; r = Math.floor(r / nb);
      c[i] = 0.5 * (coordBreaks[j]! + coordBreaks[j + 1]!);
      h[i] = 0.5 * (coordBreaks[j + 1]! - coordBreaks[j]!);
    }
    init.push(evalBox(c, h));
  }
  const split = (b: Box): Box[] => {
    const h = Float64Array.from(b.h);
    h[b.axis]! *= 0.5;
    const c1 = Float64Array.from(b.c), c2 = Float64Array.from(b.c);
    c1[b.axis]! -= h[b.axis]!;
    c2[b.axis]! += h[b.axis]!;
    return [evalBox(c1, h), evalBox(c2, Float64Array.from(h))];
  };
  const { regions, converged } = adaptiveLoop(init, split, nOut, relTol, absTol, maxEval, () => evaluations);
  init = [];
  return finish(regions, nOut, evaluations, converged);
}

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97];


function qmc(
  f: VectorIntegrand, dims: number, nOut: number, map: CoordMap,
  relTol: Float64Array, absTol: number, maxEval: number, evals0: number, seed: number,
): Estimate[] {
  if (dims > PRIMES.length) throw new InvalidArgumentError(`quasi-Monte-Carlo supports up to ${PRIMES.length} dimensions, got ${dims}`);
  const M = 16;
  const rand = mulberry32(seed);
  const shifts = Array.from({ length: M * dims }, rand);
  const alpha = PRIMES.slice(0, dims).map((p) => Math.sqrt(p) % 1);
  const span = map.tHi - map.tLo;
  const y = new Float64Array(dims), out = new Float64Array(nOut);
  let evaluations = evals0;
  const sums = Array.from({ length: M }, () => new Float64Array(nOut));
  const abss = new Float64Array(nOut);
  let N = 0, target = 4096;
  for (;;) {
    for (let i = N; i < target; i++) {
      for (let s = 0; s < M; s++) {
        let jac = 1;
        for (let d = 0; d < dims; d++) {
          let u = (i * alpha[d]! + shifts[s * dims + d]!) % 1;
          // Tent (baker's) transform periodises the integrand: a rank-1 lattice-like rate for smooth f.
          u = 1 - Math.abs(2 * u - 1);
          if (u <= 0 || u >= 1) u = 0.5 / target;
          const t = map.tLo + span * u;
          y[d] = map.y(t);
          jac *= map.jac(t) * span;
        }
        f(y, out);
        checkFinite(out, y);
        for (let k = 0; k < nOut; k++) { sums[s]![k]! += out[k]! * jac; abss[k]! += Math.abs(out[k]! * jac); }
      }
    }
    evaluations += (target - N) * M;
    N = target;
    const est: Estimate[] = [];
    let ok = true;
    for (let k = 0; k < nOut; k++) {
      const means = sums.map((s) => s[k]! / N);
      const mean = means.reduce((a, b) => a + b, 0) / M;
      const sd = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1));
      const err = (3 * sd) / Math.sqrt(M);
      if (err > Math.max(relTol[k]! * (abss[k]! / (N * M)), absTol)) ok = false;
      est.push({ value: mean, absError: err, evaluations: 0, converged: false });
    }
    // The next round (doubling N) costs N·M evaluations.
    if (ok || evaluations + N * M > maxEval) {
      return est.map((e) => ({ ...e, evaluations, converged: ok }));
    }
    target = 2 * N;
  }
}
