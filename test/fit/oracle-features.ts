/**
 * First-order G4 and G6 features of quartic interaction terms at d_in ≤ 3, by
 * adaptive Gauss–Kronrod quadrature (iterated over the axes for d_in > 1) (CONVENTIONS §5–6;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4–5, Table 5).
 *
 * Test oracle: an independent implementation (its own quadrature, no diagram
 * engine) that the general prediction engine (src/predict), which handles every
 * action, order and d_in, must agree with. Scope: terms whose field powers sum to 4, local (c·x^k f⁴) or
 * multi-local (c ∫∫ x^k y^l f(x)^a f(y)^b ...). For such a term with points p_j,
 * field powers q_j and weights y^{w_j}, the first-order G4 term at unit coupling is
 *
 *   F(x1..x4) = −prefactor · Σ_{assignments of the 4 externals to the points, q_j each} Π_j q_j! ∫ dy y^{w_j} Π_{i→j} K(x_i, y)
 *
 * (24 ∫ΠK for λ f⁴; 8 per pairing for λNL ∫∫ f²f²). Terms with odd or two field
 * legs give no first-order G4 term (odd: zero; two: a self-energy, dropped in
 * the paper's skeleton convention). The G6 term of a quartic coupling is a
 * spectator line times the G4 term, Σ_15 K(x_e,x_f) F(x_a..x_d): class total
 * 360 = 15 × 24. The spectator is the network's exact two-point function, the
 * full kernel K.
 */
import { InvalidArgumentError, NotConvergedError, DivergentIntegralError } from '../../src/core/errors.js';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import type { Point } from '../../src/core/inputs.js';
import type { Action, Term } from '../../src/dsl/types.js';
import { kernelMatrix } from '../../src/kernels/kernel.js';
import type { ArchParams, Architecture } from '../../src/kernels/types.js';
import { actionCouplings, monomialName } from '../../src/fit/adapters.js';
import type { FeatureTable } from '../../src/fit/fit.js';
import { sumOverSpectators } from '../../src/fit/sixpoint.js';

// Gauss–Kronrod 7/15 nodes and weights (abscissae on [−1, 1], symmetric).
const XGK = [0.991455371120812639, 0.949107912342758525, 0.864864423359769073, 0.741531185599394440, 0.586087235467691130, 0.405845151377397167, 0.207784955007898468, 0];
const WGK = [0.022935322010529225, 0.063092092629978553, 0.104790010322250184, 0.140653259715525919, 0.169004726639267903, 0.190350578064785410, 0.204432940075298892, 0.209482141084727828];
const WG = [0.129484966168869693, 0.279705391489276668, 0.381830050505118945, 0.417959183673469388];

function gk15(f: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = (a + b) / 2, h = (b - a) / 2;
  const fc = f(c);
  let k = fc * WGK[7]!, g = fc * WG[3]!;
  for (let i = 0; i < 7; i++) {
    const d = h * XGK[i]!;
    const s = f(c - d) + f(c + d);
    k += WGK[i]! * s;
    if (i % 2 === 1) g += WG[(i - 1) / 2]! * s;
  }
  return { value: k * h, error: Math.abs((k - g) * h) };
}

/** Adaptive GK15 over [a, b] split at `breaks`; relative tolerance rtol. */
export function integrate1d(f: (x: number) => number, a: number, b: number, breaks: readonly number[] = [], rtol = 1e-11, maxIntervals = 4000, bestEffort = false): { value: number; absError: number } {
  const pts = [a, ...breaks.filter((x) => x > a && x < b).sort((x, y) => x - y), b];
  let intervals = [] as { a: number; b: number; value: number; error: number }[];
  for (let i = 0; i + 1 < pts.length; i++) if (pts[i + 1]! > pts[i]!) intervals.push({ a: pts[i]!, b: pts[i + 1]!, ...gk15(f, pts[i]!, pts[i + 1]!) });
  for (let it = 0; ; it++) {
    const value = intervals.reduce((s, x) => s + x.value, 0);
    const error = intervals.reduce((s, x) => s + x.error, 0);
    if (!Number.isFinite(value)) throw new DivergentIntegralError('feature integral is not finite');
    if (error <= Math.max(rtol * Math.abs(value), 1e-300)) return { value, absError: error };
    if (intervals.length >= maxIntervals && bestEffort) return { value, absError: error };
    if (intervals.length >= maxIntervals) throw new NotConvergedError(`feature integral did not reach rtol ${rtol} in ${maxIntervals} intervals`, { value, error });
    // Bisect the worst interval.
    let w = 0;
    for (let i = 1; i < intervals.length; i++) if (intervals[i]!.error > intervals[w]!.error) w = i;
    const { a: lo, b: hi } = intervals[w]!, mid = (lo + hi) / 2;
    intervals = [...intervals.slice(0, w), { a: lo, b: mid, ...gk15(f, lo, mid) }, { a: mid, b: hi, ...gk15(f, mid, hi) }, ...intervals.slice(w + 1)];
  }
}

/** ∫_{−L}^{L} g(y) dy, L = ∞ through y = t/(1 − t²) on (−1, 1). */
function integrateCutoff(g: (y: number) => number, L: number, breaks: number[], rtol = 1e-11, bestEffort = false): { value: number; absError: number } {
  if (Number.isFinite(L)) return integrate1d(g, -L, L, breaks, rtol, bestEffort ? 300 : 4000, bestEffort);
  const map = (t: number) => t / (1 - t * t);
  const h = (t: number) => {
    const d = 1 - t * t;
    if (d <= 0) return 0;
    const v = g(map(t));
    return v === 0 ? 0 : (v * (1 + t * t)) / (d * d);
  };
  // Breakpoints in t: the inverse map of y (t = 2y / (1 + √(1 + 4y²))).
  return integrate1d(h, -1, 1, breaks.map((y) => (y === 0 ? 0 : (2 * y) / (1 + Math.sqrt(1 + 4 * y * y)))), rtol, bestEffort ? 300 : 4000, bestEffort);
}

/**
 * ∫ over [−L, L]^d of g(y) by iterated adaptive quadrature (d ≤ 3). `innerBreaks`
 * gives breakpoints of the innermost axis for fixed outer coordinates (kinks of
 * the integrand there); the outer axes split at 0 and the given per-axis points.
 */
function integrateCube(g: (y: number[]) => number, L: number, d: number, axisBreaks: number[][], innerBreaks: (outer: number[]) => number[], rtol: number): { value: number; absError: number } {
  if (d === 1) return integrateCutoff((y) => g([y]), L, axisBreaks[0]!);
  let err = 0;
  const level = (outer: number[], axis: number): number => {
    const last = axis === d - 1;
    const f = (y: number) => {
      const o = [...outer, y];
      return last ? g(o) : level(o, axis + 1);
    };
    const br = last ? innerBreaks(outer) : axisBreaks[axis]!;
    // Inner levels a little tighter than the outermost, whose error is reported. Inner levels are
    // best-effort: far from the inputs their values are negligible and a relative tolerance on them
    // would only burn evaluations (the outer level's adaptivity sees any inaccuracy that matters).
    const r = axis === 0 ? integrateCutoff(f, L, br, rtol) : integrateCutoff(f, L, br, rtol / 10, true);
    if (axis === 0) err = r.absError;
    return r.value;
  };
  const value = level([], 0);
  return { value, absError: err + rtol * Math.abs(value) };
}


/** Options of {@link quarticFeatures}. */
export interface QuarticFeatureOptions {
  arch: Architecture;
  params: ArchParams;
  propagator: 'eft' | 'kernel';
  cutoff: number;
  points: Point[];
  /** 4 or 6. */
  n: number;
}

function termGroups(t: Term): { weight: number; power: number }[] {
  return t.points.map((p) => ({ power: p.power, weight: t.weight[p.variable] ?? 0 }));
}

/** The ordered assignments of 4 external slots to points with the given powers. */
function assignments(powers: number[]): number[][][] {
  const out: number[][][] = [];
  const rec = (slot: number, groups: number[][]) => {
    if (slot === 4) { if (groups.every((g, j) => g.length === powers[j])) out.push(groups.map((g) => g.slice())); return; }
    for (let j = 0; j < powers.length; j++) {
      if (groups[j]!.length < powers[j]!) { groups[j]!.push(slot); rec(slot + 1, groups); groups[j]!.pop(); }
    }
  };
  rec(0, powers.map(() => []));
  return out;
}

/**
 * First-order features (terms at unit coupling) of G4 or G6 on the unique
 * n-tuples of `points`, d_in ≤ 3 (relative accuracy ~1e-11, 1e-9, 1e-7 for d_in = 1, 2, 3), for actions whose terms are quartic (or give
 * no first-order G4 term). Throws INVALID_ARGUMENT for anything else.
 */
export function quarticFeatures(action: Action, o: QuarticFeatureOptions): FeatureTable {
  const d = o.params.dIn;
  if (d > 3) throw new InvalidArgumentError(`built-in features handle d_in ≤ 3, got ${d} (use the prediction engine)`);
  if (o.points.some((p) => p.length !== d)) throw new InvalidArgumentError(`input points must have d_in = ${d} coordinates`);
  if (o.n !== 4 && o.n !== 6) throw new InvalidArgumentError(`built-in features handle n = 4 and 6, got ${o.n}`);
  if (!(o.cutoff > 0)) throw new InvalidArgumentError(`cutoff must be positive, got ${o.cutoff}`);
  const k = o.arch.kernel;
  if (!k) throw new InvalidArgumentError(`architecture "${o.arch.name}" has no closed-form kernel`);
  const shift = o.propagator === 'eft' ? o.params.sb * o.params.sb : 0;
  const xs = o.points;
  const names = actionCouplings(action);
  const quartic = action.terms.filter((t) => {
    const q = t.points.reduce((s, p) => s + p.power, 0);
    if (Object.keys(t.couplings).length === 0) return false;
    if (q === 4) return true;
    if (q % 2 === 1 || q === 2) return false;
    throw new InvalidArgumentError(`built-in features handle quartic terms only; a term with ${q} field legs needs the prediction engine`);
  });
  // Kernel-propagator integrals diverge for infinite cutoffs unless the kernel decays; the quadrature reports it.
  const prop = (x: Point, y: Point) => k(x, y, o.params) - shift;
  // Breakpoints: 0 (ReLU kink at σ_b = 0) and the inputs' coordinates (peaks of local kernels).
  const axisBreaks = Array.from({ length: d }, (_, a) => [0, ...xs.map((p) => p[a]!)]);
  const rtol = d === 1 ? 1e-11 : d === 2 ? 1e-9 : 1e-7;
  const cache = new Map<string, { value: number; absError: number }>();
  const integral = (idx: number[], w: number) => {
    const key = `${w}|${idx.slice().sort((a, b) => a - b).join(',')}`;
    let r = cache.get(key);
    if (!r) {
      const g = (y: number[]) => {
        // Position weight: y^w in d = 1, |y|^w in d > 1 (the DSL allows only even w there).
        let v = w === 0 ? 1 : d === 1 ? y[0]! ** w : Math.hypot(...y) ** w;
        for (const i of idx) v *= prop(xs[i]!, y);
        return v;
      };
      // Innermost axis: where y ∥ x_i (ReLU's kernel is not smooth there when σ_b = 0).
      const inner = (outer: number[]) => {
        const b = [...axisBreaks[d - 1]!];
        if (d === 2) for (const i of idx) { const x = xs[i]!; if (x[0] !== 0) b.push((outer[0]! * x[1]!) / x[0]!); }
        return b;
      };
      r = integrateCube(g, o.cutoff, d, axisBreaks, inner, rtol);
      cache.set(key, r);
    }
    return r;
  };
  const g4 = (idx4: number[]) => {
    const f = new Array<number>(names.length).fill(0), e = new Array<number>(names.length).fill(0);
    for (const t of quartic) {
      const groups = termGroups(t);
      const mult = groups.reduce((s, g) => s * factorial(g.power), 1);
      const pre = t.prefactor.toNumber();
      let v = 0, err = 0;
      for (const asg of assignments(groups.map((g) => g.power))) {
        let prod = 1, rel = 0;
        asg.forEach((slots, j) => {
          const r = integral(slots.map((s) => idx4[s]!), groups[j]!.weight);
          prod *= r.value;
          rel += r.value !== 0 ? r.absError / Math.abs(r.value) : 0;
        });
        v += prod;
        err += Math.abs(prod) * rel;
      }
      const j = names.indexOf(monomialName(t.couplings));
      f[j]! += -pre * mult * v;
      e[j]! += Math.abs(pre * mult) * err;
    }
    return { f, e };
  };
  if (o.n === 4) {
    return { couplings: names, rows: uniqueTuples(xs.length, 4).map((index) => { const r = g4(index); return { index, features: r.f, featureErrors: r.e }; }) };
  }
  const K = kernelMatrix(o.arch, o.params, o.points);
  const memo = new Map<string, { f: number[]; e: number[] }>();
  const g4m = (idx: number[]) => {
    const key = idx.join(',');
    let r = memo.get(key);
    if (!r) { r = g4(idx); memo.set(key, r); }
    return r;
  };
  return {
    couplings: names,
    rows: uniqueTuples(xs.length, 6).map((index) => ({
      index,
      features: names.map((_, j) => sumOverSpectators(K, index, (i4) => g4m(i4).f[j]!)),
      featureErrors: names.map((_, j) => sumOverSpectators(K.map((r) => r.map(Math.abs)), index, (i4) => g4m(i4).e[j]!)),
    })),
  };
}

function factorial(n: number): number {
  let r = 1;
  for (let i = 2; i <= n; i++) r *= i;
  return r;
}

