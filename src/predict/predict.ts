/**
 * EFT predictions of G(n)(x_i1..x_in) at input points (CONVENTIONS §5–6;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4–5): the Gaussian part (Wick
 * sum of the full kernel K) plus, per coupling monomial, the sum over its
 * diagrams of coefficient × ∫ Π_internal d^d y Π_edges K.
 *
 * Propagator convention (decided here, CONVENTIONS §5/§6): lines between two
 * external points are two-point functions, exact = the full K at every width,
 * and so is the Gaussian part; the chosen propagator (`kernel` = K, `eft` =
 * K − σ_b², or a custom expression) is used for every line that touches an
 * internal point (including self-loops K(z,z)). With `eft` this reproduces
 * the paper's fits (§6: 24 ∫ Π K_EFT) and the §5 G6 formulas with K(x_a,x_b)
 * in front. A custom propagator likewise replaces K only on lines touching
 * internal points; GP and external–external lines keep the architecture's K.
 * A numeric kernel (no closed form, e.g. tanh-net) carries its own error
 * bound into every term's absError.
 *
 * Sharing: internal points that no propagator joins factorise (the non-local
 * term is a product of 1D integrals); every factor is identified by its shape
 * and the multiset of input points attached to it, so all permutations of
 * external points, all index tuples and all diagrams that need the same
 * factor get it from one integral; all factors of one shape are integrated
 * together on one adaptive subdivision, evaluating K(x_p, y) once per input
 * point and node.
 *
 * Numeric kernels: the lines K(x_p, ·) and the self-loop K(y, y) are
 * tabulated once per prediction as Chebyshev interpolants with error bounds
 * (./kernel-table.ts: 1-D in d_in = 1, 2-D in (|y|, angle to x_p) for
 * d_in ≥ 2) and the integrands read the tables; lines between two distinct
 * internal points, nodes beyond the tables' radius (Λ = ∞), and architectures
 * the tables do not support (φ depending on x or with kinks, d_in ≥ 2)
 * evaluate K directly.
 *
 * Deep networks (`network` of depth L ≥ 2, CONVENTIONS §8): K is the NNGP kernel K(L+1) of the layer
 * recursion (src/kernels/network.ts), with its own error bound per value where a dual has no closed
 * form (tabulated the same way). At depth ≥ 2 the skeleton rule's "G2 = K at every width" holds only at
 * leading order in 1/n: G2 itself moves at O(1/n) (CONVENTIONS §8, last paragraph).
 */
import { BudgetExceededError, InvalidArgumentError, NotConvergedError } from '../core/errors.js';
import { addEstimates, exactEstimate, mulEstimates, scaleEstimate, type Estimate } from '../core/estimate.js';
import { uniqueTuples, wickSum } from '../core/combinatorics.js';
import { binomial } from '../core/rational.js';
import { validatePoints, type Point } from '../core/inputs.js';
import { refuseVanishingCorrelator } from '../diagrams/generate.js';
import type { Diagram } from '../diagrams/types.js';
import type { Action } from '../dsl/types.js';
import { integrateVector } from '../integrate/adaptive.js';
import type { CustomKernel } from '../kernels/custom.js';
import { kernelFunction, kernelMatrix, NUMERIC_KERNEL_REL_TOL } from '../kernels/kernel.js';
import { networkKernelEstimate, networkKernelFunction, networkKernelValueFunction, validateNetwork, type NetworkSpec, type ValueWithError } from '../kernels/network.js';
import { buildKernelTable, kernelTableSupported, TABLE_KERNEL_REL_TOL, type KernelTable } from './kernel-table.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { phaseReporter, type ProgressCallback } from '../core/progress.js';

/** Integrand calls between two progress reports of one family of integrals (a power of 2: a mask, not a division). */
const PROGRESS_CALLS = 1024;

/**
 * Integrand calls expected of a family of integrals of a given dimension before
 * one of that dimension has finished (then the calls of the finished ones are
 * used): only the progress display depends on it. Measured (erf, n = 8, order 3):
 * 1-D ~150, 2-D ~1e5; 3-D families run to the integrator's budget, 2e6.
 */
const EXPECTED_CALLS: Readonly<Record<number, number>> = { 1: 500, 2: 1e5, 3: 2e6 };

/** Most unique index tuples one prediction evaluates (the exact engine's moment-tuple limit). */
const MAX_PREDICT_TUPLES = 2e5;

/** The propagator on lines touching internal points: K, K − σ_b² (the paper's), or a custom K(x, y). */
export type Propagator = 'eft' | 'kernel' | CustomKernel;

/** Options of {@link predictCorrelators}. */
export interface PredictOptions {
  arch: Architecture;
  params: ArchParams;
  propagator: Propagator;
  /** Λ: vertices integrate over [−Λ, Λ]^d_in; Infinity allowed where the integrals converge. */
  cutoff: number;
  /** Input points x_0..x_{m-1}, each of dimension d_in. */
  points: number[][];
  /** Number of external points. */
  n: number;
  /**
   * Coupling values for G. Absent: G = GP (every coupling 0; the terms are
   * still reported at unit couplings). Present: must name every coupling the
   * diagrams use.
   */
  couplings?: Record<string, number>;
  /** Relative accuracy target of each integral (default 1e-8), against the integral of |integrand|. */
  relTol?: number;
  /**
   * Tabulate a numeric kernel (no closed form) once per prediction as Chebyshev interpolants
   * (src/predict/kernel-table.ts) instead of evaluating it at every node (default true; false:
   * the direct path, e.g. as a baseline). Where the tables do not apply or do not converge,
   * the direct path is used anyway.
   */
  kernelTable?: boolean;
  /**
   * A network of any depth (CONVENTIONS §8) with the activation of `arch` and σ_W, σ_b, d_in of `params`:
   * at depth ≥ 2 its NNGP kernel K(L+1) is the kernel (Gaussian part and propagators). Absent or depth 1:
   * the one-hidden-layer kernel.
   */
  network?: NetworkSpec;
  /**
   * Progress, phase by phase: "kernel table" (numeric kernels only; lines tabulated),
   * "factors" (index tuples scanned for the integrals they need), "integrals" (distinct
   * factor integrals; within a family of integrals of one shape the count advances
   * with the integrand evaluations against those the earlier families of the same
   * dimension needed), "correlators" (index tuples). Does not change the result.
   */
  onProgress?: ProgressCallback;
}

/** One coupling monomial's contribution at unit couplings. */
export interface PredictTerm {
  couplings: Record<string, number>;
  /** Σ over the monomial's diagrams of coefficient × integral. */
  value: number;
  /** Error bound propagated from the integrals' estimates. */
  absError: number;
  /** Whether every integral met its tolerance. */
  converged: boolean;
}

/** G(n) at one unique index tuple. */
export interface PredictEntry {
  index: number[];
  GP: number;
  terms: PredictTerm[];
  G: number;
}

/** The prediction on every unique index tuple i1 <= ... <= in (CLI JSON shape). */
export interface PredictReport {
  entries: PredictEntry[];
  /**
   * Present when the couplings' corrections exceed G_GP somewhere (perturbation theory does
   * not hold): the worst tuple, the ratio |G − G_GP| / |G_GP|, and, for a finite
   * cutoff, the growth exponent p of the corrections from Λ/2 to Λ (≈ 0 for a convergent
   * integral; a divergent one grows like Λ^p).
   */
  warnings?: string[];
}

/**
 * Largest finite cutoff. The kernels hold S(y, y) = σ_b² + σ_W² |y|²/d_in, which overflows near
 * |y| ≈ 1.3·10¹⁵⁴; there the Erf-net kernel silently tends to 0, and the first-order integral,
 * which grows like Λ, stalled at 9·10¹⁵² for every Λ ≥ 10¹⁵⁴. 10¹⁰⁰ keeps a wide margin (products
 * of kernels, σ_W up to 10¹⁰) and is far beyond any physical cutoff (the paper's RG flow stops at 10⁵).
 */
export const MAX_FINITE_CUTOFF = 1e100;

/** |G − G_GP| / |G_GP| above which a prediction warns that perturbation theory does not hold. */
export const PERTURBATIVE_LIMIT = 1;

/**
 * The propagator function for lines touching internal points (see the module comment). `kernel`: the
 * full kernel K (default the architecture's one-layer kernel; a deep network's, see {@link deepKernel}).
 */
export function propagatorFunction(
  arch: Architecture, params: ArchParams, propagator: Propagator, kernel?: (x: Point, y: Point) => number,
): (x: Point, y: Point) => number {
  if (propagator === 'kernel') return kernel ?? kernelFunction(arch, params);
  if (propagator === 'eft') {
    const k = kernel ?? kernelFunction(arch, params), b2 = params.sb * params.sb;
    return (x, y) => k(x, y) - b2;
  }
  if (propagator && typeof propagator === 'object' && propagator.kind === 'custom') {
    if (params.dIn !== 1) throw new InvalidArgumentError(`a custom kernel in x, y needs d_in = 1, got d_in = ${params.dIn}`);
    return (x, y) => propagator.evaluate(x, y);
  }
  throw new InvalidArgumentError(`unknown propagator ${JSON.stringify(propagator)} (eft, kernel or a custom kernel)`);
}

/** Canonical key of a coupling monomial. */
function monomialKey(c: Readonly<Record<string, number>>): string {
  return Object.keys(c).sort().map((k) => `${k}^${c[k]}`).join(' ');
}

/** A factor of a diagram: one connected set of internal points. */
interface Component {
  /** Shape: number of points, internal edges, weights (same shape = same integrand family). */
  sig: string;
  k: number;
  internalEdges: [number, number][];
  weights: number[];
  /** Lines to external points: tuple position -> local internal point. */
  attach: { ext: number; local: number }[];
}

interface Prepared {
  coefficient: number;
  mono: string;
  couplings: Record<string, number>;
  extEdges: [number, number][];
  comps: Component[];
}

function prepare(action: Action, d: Diagram, n: number): Prepared | undefined {
  if (d.vertices.length === 0) return undefined; // order 0: the Gaussian part, computed by the Wick sum
  if (d.multiplicity !== undefined && d.multiplicity !== 1) {
    throw new InvalidArgumentError(`diagram ${d.label} stands for ${d.multiplicity} labelled diagrams: predictions need labelled diagrams`);
  }
  if (d.externals.length !== n) throw new InvalidArgumentError(`diagram ${d.label} has ${d.externals.length} external points, expected n = ${n}`);
  const extPos = new Map(d.externals.map((id, i) => [id, i]));
  const internal = new Map<string, number>(); // id -> weight exponent
  for (const v of d.vertices) {
    const term = action.terms[v.termIndex];
    if (!term) throw new InvalidArgumentError(`diagram ${d.label}: vertex ${v.id} refers to term ${v.termIndex}, but the action has ${action.terms.length}`);
    if (term.points.length !== v.points.length) {
      throw new InvalidArgumentError(`diagram ${d.label}: vertex ${v.id} has ${v.points.length} points, its term ${term.points.length}`);
    }
    v.points.forEach((pid, i) => internal.set(pid, term.weight[term.points[i]!.variable] ?? 0));
  }
  const parent = new Map([...internal.keys()].map((id) => [id, id]));
  const find = (a: string): string => { let r = a; while (parent.get(r) !== r) r = parent.get(r)!; return r; };
  const extEdges: [number, number][] = [];
  for (const [a, b] of d.edges) {
    const ea = extPos.get(a), eb = extPos.get(b);
    const ia = internal.has(a), ib = internal.has(b);
    if ((ea === undefined && !ia) || (eb === undefined && !ib)) throw new InvalidArgumentError(`diagram ${d.label}: edge ${a}–${b} names an unknown point`);
    if (ea !== undefined && eb !== undefined) extEdges.push([ea, eb]);
    else if (ia && ib) parent.set(find(a), find(b));
  }
  const groups = new Map<string, string[]>();
  for (const id of internal.keys()) {
    const r = find(id);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(id);
  }
  const comps: Component[] = [...groups.values()].map((ids) => {
    const local = new Map(ids.map((id, i) => [id, i]));
    const internalEdges: [number, number][] = [], attach: { ext: number; local: number }[] = [];
    for (const [a, b] of d.edges) {
      const la = local.get(a), lb = local.get(b);
      if (la !== undefined && lb !== undefined) internalEdges.push(la <= lb ? [la, lb] : [lb, la]);
      else if (la !== undefined) attach.push({ ext: extPos.get(b)!, local: la });
      else if (lb !== undefined) attach.push({ ext: extPos.get(a)!, local: lb });
    }
    internalEdges.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    const weights = ids.map((id) => internal.get(id)!);
    return { sig: JSON.stringify([ids.length, internalEdges, weights]), k: ids.length, internalEdges, weights, attach };
  });
  return { coefficient: d.coefficient.toNumber(), mono: monomialKey(d.couplings), couplings: { ...d.couplings }, extEdges, comps };
}

/** The factor key of a component for a tuple: its shape and the sorted (input point, local point) attachments. */
function factorKey(c: Component, idx: readonly number[]): { key: string; pairs: [number, number][] } {
  const pairs = c.attach.map((a) => [idx[a.ext]!, a.local] as [number, number]).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return { key: c.sig + '|' + pairs.map((p) => p.join(':')).join(','), pairs };
}

/**
 * The NNGP kernel of a deep network (depth ≥ 2) as a function of two points with its error bound, for
 * {@link predictCorrelators}; the last pair is remembered, because every line asks for a value and then
 * for its bound. Throws INVALID_ARGUMENT where the network does not match the architecture and parameters.
 */
export function deepKernel(arch: Architecture, params: ArchParams, net: NetworkSpec, relTol = NUMERIC_KERNEL_REL_TOL): (x: Point, y: Point) => ValueWithError {
  validateNetwork(arch, net);
  if (net.activation !== arch.name || net.sW !== params.sW || net.sb !== params.sb || net.dIn !== params.dIn) {
    throw new InvalidArgumentError(`the network (${net.activation}, σ_W = ${net.sW}, σ_b = ${net.sb}, d_in = ${net.dIn}) does not match the architecture ${arch.name} with σ_W = ${params.sW}, σ_b = ${params.sb}, d_in = ${params.dIn}`);
  }
  const f = networkKernelFunction(arch, net, relTol);
  const lx: number[] = [], ly: number[] = [];
  let last: ValueWithError | undefined;
  const same = (a: ArrayLike<number>, b: number[]) => { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false; return true; };
  return (x, y) => {
    if (last && same(x, lx) && same(y, ly)) return last;
    last = f(x, y);
    for (let i = 0; i < x.length; i++) { lx[i] = x[i]!; ly[i] = y[i]!; }
    return last;
  };
}

/**
 * Error bound of a numeric kernel (CONVENTIONS §2): |δK(x,y)| ≤ ε σ_W² E|φφ'| ≤ ε √(D(x) D(y)),
 * D(x) = K(x,x) − σ_b² (Cauchy–Schwarz), ε the kernel's relative tolerance. A deep network's kernel
 * brings its own bound per pair (`pairError`) and on the inputs (`extError`).
 */
interface KernelError {
  /** |δK(x, y)| of a deep network's kernel, replacing ε √(D(x) D(y)). */
  pairError?: (x: Point, y: Point) => number;
  /** |δK(x_i, x_j)| on the inputs (deep networks). */
  extError?: number[][];
  eps: number;
  /** √D at each input point. */
  sqrtDx: Float64Array;
  /** D(y) at an internal point. */
  D: (y: Point) => number;
}

/**
 * Integrates every factor of one shape for all its attachment sets together
 * (one vector integrand), evaluating the propagator from each input point to
 * each internal point once per node. With a numeric kernel, a second set of
 * integrands carries Σ_lines δK_line Π_other |K| (first-order propagation of
 * the kernel's own error bound), added to each factor's absError.
 */
function integrateShape(
  comp: Component, sets: [number, number][][], points: readonly Point[], prop: (x: Point, y: Point) => number,
  dIn: number, cutoff: number, breakpoints: number[] | undefined, relTol: number, kerr: KernelError | undefined,
  table?: KernelTable, onEvaluations?: (calls: number) => void,
): Estimate[] {
  const k = comp.k, m = points.length, S = sets.length;
  const needed = new Set<number>();
  for (const s of sets) for (const [p, l] of s) needed.add(p * k + l);
  // Grouped by internal point: a 2-D kernel table sums out |y| once for all the lines read at that point.
  const neededList = [...needed].sort((a, b) => (a % k) - (b % k) || a - b);
  const flat = sets.map((s) => Int32Array.from(s.map(([p, l]) => p * k + l)));
  const pv = new Float64Array(m * k), pd = new Float64Array(m * k);
  const ne = comp.internalEdges.length;
  const iv = new Float64Array(ne), id = new Float64Array(ne), sqrtDy = new Float64Array(k), inside = new Uint8Array(k);
  const vals = new Float64Array(ne + 64), dels = new Float64Array(ne + 64);
  const ys: number[][] = Array.from({ length: k }, () => new Array<number>(dIn).fill(0));
  let calls = 0; // integrand calls, for progress only
  const f = (y: Float64Array, out: Float64Array) => {
    // Progress: every PROGRESS_CALLS calls (a counter; nothing here touches the values).
    if (onEvaluations !== undefined && (++calls & (PROGRESS_CALLS - 1)) === 0) onEvaluations(calls);
    for (let l = 0; l < k; l++) for (let c = 0; c < dIn; c++) ys[l]![c] = y[l * dIn + c]!;
    let weight = 1;
    for (let l = 0; l < k; l++) {
      const w = comp.weights[l]!;
      if (w !== 0) {
        const yl = ys[l]!;
        weight *= dIn === 1 ? yl[0]! ** w : Math.hypot(...yl) ** w;
      }
    }
    // The tables hold |y| ≤ radius; beyond it (Λ = ∞) the kernel is evaluated directly.
    if (table) for (let l = 0; l < k; l++) inside[l] = table.covers(ys[l]!) ? 1 : 0;
    if (kerr && !kerr.pairError) {
      for (let l = 0; l < k; l++) {
        // A tabulated D is an upper bound once its own error is added.
        sqrtDy[l] = Math.sqrt(table && inside[l] ? table.D(ys[l]!) + table.Derror(ys[l]!) : Math.max(0, kerr.D(ys[l]!)));
      }
    }
    let common = weight;
    comp.internalEdges.forEach(([a, b], e) => {
      if (table && a === b && inside[a]) {
        // A self-loop K(y, y) − shift read from the tabulated D, with D's own bound.
        iv[e] = table.selfLoop(ys[a]!);
        id[e] = table.Derror(ys[a]!);
      } else {
        iv[e] = prop(ys[a]!, ys[b]!);
        if (kerr) id[e] = kerr.pairError ? kerr.pairError(ys[a]!, ys[b]!) : kerr.eps * sqrtDy[a]! * sqrtDy[b]!;
      }
      common *= iv[e]!;
    });
    const skip = weight === 0 || (!kerr && common === 0);
    for (const i of neededList) {
      const p = Math.floor(i / k), l = i % k;
      if (table && inside[l]) {
        // The table's bound covers interpolation and the kernel's own error (it replaces ε √(D(x) D(y))).
        pv[i] = skip ? 0 : table.value(p, ys[l]!);
        pd[i] = table.error(p, ys[l]!);
      } else {
        pv[i] = skip ? 0 : prop(points[p]!, ys[l]!);
        if (kerr) pd[i] = kerr.pairError ? kerr.pairError(points[p]!, ys[l]!) : kerr.eps * kerr.sqrtDx[p]! * sqrtDy[l]!;
      }
    }
    for (let s = 0; s < S; s++) {
      let v = common;
      const fs = flat[s]!;
      for (let j = 0; j < fs.length; j++) v *= pv[fs[j]!]!;
      out[s] = v;
      if (kerr) {
        // Σ_i δ_i Π_{j≠i} |v_j| over all lines of the factor (L ≤ a handful: O(L²) is fine).
        let L = 0;
        for (let e = 0; e < ne; e++) { vals[L] = Math.abs(iv[e]!); dels[L++] = id[e]!; }
        for (let j = 0; j < fs.length; j++) { vals[L] = Math.abs(pv[fs[j]!]!); dels[L++] = pd[fs[j]!]!; }
        let err = 0;
        for (let i = 0; i < L; i++) {
          let t = dels[i]!;
          for (let j = 0; j < L && t !== 0; j++) if (j !== i) t *= vals[j]!;
          err += t;
        }
        out[S + s] = Math.abs(weight) * err;
      }
    }
  };
  // The error-bound integrands need only a rough value (10%), bounded above by value + its error.
  const relTols = kerr ? [...new Array<number>(S).fill(relTol), ...new Array<number>(S).fill(0.1)] : undefined;
  const est = integrateVector(f, k * dIn, kerr ? 2 * S : S, { lower: -cutoff, upper: cutoff, breakpoints, relTol, absTol: 0, relTols });
  if (!kerr) return est;
  return est.slice(0, S).map((e, s) => ({ ...e, absError: e.absError + Math.abs(est[S + s]!.value) + est[S + s]!.absError }));
}

/**
 * G(n) on every unique index tuple of `opts.points`: GP (Wick sum of the full
 * K) and, per coupling monomial of the diagrams, the term at unit couplings
 * (Σ coefficient × integral, with its error bound); G = GP + Σ monomial × term.
 * Throws INVALID_ARGUMENT on inconsistent input (and for an odd n of an even
 * action, which vanishes identically), DIVERGENT when an integral over an infinite
 * cutoff diverges. With couplings, `warnings` says where the corrections exceed
 * G_GP and how they grow with the cutoff.
 */
export function predictCorrelators(action: Action, diagrams: readonly Diagram[], opts: PredictOptions): PredictReport {
  const entries = predictEntries(action, diagrams, opts);
  const warnings = opts.couplings ? perturbativeWarnings(action, diagrams, opts, entries) : [];
  return warnings.length ? { entries, warnings } : { entries };
}

/** The entries of {@link predictCorrelators}, without its warnings. */
function predictEntries(action: Action, diagrams: readonly Diagram[], opts: PredictOptions): PredictEntry[] {
  const { arch, params, points, n, cutoff } = opts;
  const relTol = opts.relTol ?? 1e-8;
  if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`n must be a positive integer, got ${n}`);
  if (!(cutoff > 0)) throw new InvalidArgumentError(`the cutoff must be positive (or Infinity), got ${cutoff}`);
  if (Number.isFinite(cutoff) && cutoff > MAX_FINITE_CUTOFF) {
    throw new InvalidArgumentError(`a finite cutoff must be at most ${MAX_FINITE_CUTOFF.toExponential(0)}, got ${cutoff}: beyond, the kernels' y² overflows double precision (use "inf" for the limit)`);
  }
  if (!(relTol > 0 && relTol < 1)) throw new InvalidArgumentError(`relTol must be in (0, 1), got ${relTol}`);
  refuseVanishingCorrelator(action, n);
  validatePoints(points, params.dIn);
  if (typeof action.dimension === 'number' && action.dimension !== params.dIn) {
    throw new InvalidArgumentError(`the action integrates over d^${action.dimension}x, but d_in = ${params.dIn}`);
  }
  const net = opts.network && opts.network.widths.length > 1 ? opts.network : undefined;
  if (opts.network && !net) deepKernel(arch, params, opts.network); // depth 1: the one-layer path, once checked
  // Bounds per value only where the dual is numeric (closed-form duals: rounding, as for one layer).
  const deep = net ? deepKernel(arch, params, net) : undefined;
  const deepValue = !net ? undefined : arch.dual ? networkKernelValueFunction(arch, net) : (x: Point, y: Point) => deep!(x, y).value;
  const prop = propagatorFunction(arch, params, opts.propagator, deepValue);
  const deepK = net ? networkKernelEstimate(arch, net, points) : undefined;
  const K = deepK ? deepK.kernel : kernelMatrix(arch, params, points);
  const prepared = diagrams.map((d) => prepare(action, d, n)).filter((p): p is Prepared => p !== undefined);
  const monos: { key: string; couplings: Record<string, number> }[] = [];
  for (const p of prepared) if (!monos.some((m) => m.key === p.mono)) monos.push({ key: p.mono, couplings: p.couplings });
  if (opts.couplings) {
    // A name the action does not have is a typo (λ0 for λ), not a value to ignore silently.
    const known = new Set(action.terms.flatMap((t) => Object.keys(t.couplings)));
    const unknown = Object.keys(opts.couplings).filter((c) => !known.has(c));
    if (unknown.length) throw new InvalidArgumentError(`unknown coupling(s) ${unknown.join(', ')} (the action has: ${[...known].join(', ') || 'none'})`);
    const missing = [...new Set(monos.flatMap((m) => Object.keys(m.couplings)))].filter((c) => !(c in opts.couplings!));
    if (missing.length) throw new InvalidArgumentError(`no value given for coupling(s) ${missing.join(', ')}`);
    for (const [c, v] of Object.entries(opts.couplings)) if (!Number.isFinite(v)) throw new InvalidArgumentError(`coupling ${c} must be a finite number`);
  }
  // Refuse, with the count, before building millions of entries (40 inputs at n = 6 is 8·10⁶ tuples: it ran for minutes).
  const tupleCount = Number(binomial(points.length + n - 1, n));
  if (tupleCount > MAX_PREDICT_TUPLES) throw new BudgetExceededError('prediction: unique index tuples', tupleCount, MAX_PREDICT_TUPLES);
  const tuples = uniqueTuples(points.length, n);
  const onProgress = opts.onProgress;

  // Collect every factor once, grouped by shape.
  const shapes = new Map<string, { comp: Component; keys: Map<string, number>; sets: [number, number][][] }>();
  const scan = phaseReporter(onProgress, 'factors', tuples.length);
  for (const idx of tuples) {
    for (const p of prepared) for (const c of p.comps) {
      const { key, pairs } = factorKey(c, idx);
      let g = shapes.get(c.sig);
      if (!g) { g = { comp: c, keys: new Map(), sets: [] }; shapes.set(c.sig, g); }
      if (!g.keys.has(key)) { g.keys.set(key, g.sets.length); g.sets.push(pairs); }
    }
    scan.advance();
  }
  scan.end();
  // Kinks of K(x, ·): where x·y changes sign and at y = x (ReLU's arc-cosine kernel), per coordinate.
  const kinky = arch.kinks !== undefined && typeof opts.propagator === 'string';
  const breakpoints = kinky ? [0, ...points.flat()] : undefined;
  // A numeric kernel (no closed form) carries its own error into every line touching an internal point.
  // A deep network's kernel is numeric where the dual is (closed-form duals stay closed forms at any depth).
  const numeric = (deep ? arch.dual === undefined : arch.kernel === undefined || arch.numericKernelError !== undefined) && typeof opts.propagator === 'string';
  const Kfull = deepValue ?? kernelFunction(arch, params), b2 = params.sb * params.sb;
  const D = (y: Point) => Kfull(y, y) - b2;
  const kerr: KernelError | undefined = numeric
    ? { ...(deep ? { pairError: (x: Point, y: Point) => deep(x, y).absError, extError: deepK!.absError } : {}),
      eps: arch.numericKernelError ?? 2 * NUMERIC_KERNEL_REL_TOL /* outer and inner integrals each contribute up to ε */, D, sqrtDx: Float64Array.from(points.map((x, i) => Math.sqrt(Math.max(0, K[i]![i]! - b2)))) }
    : undefined;
  // Numeric kernel along lines from fixed input points: tabulate once per point (d_in = 1), or per |x_p| in (|y|, angle)
  // (d_in ≥ 2, φ ignoring x, no kinks). A table that misses its tolerance (or whose tighter kernel samples do not
  // converge) is dropped for the direct path.
  let table: KernelTable | undefined;
  if (kerr && opts.kernelTable !== false && kernelTableSupported(arch, params) && shapes.size > 0) {
    try {
      table = buildKernelTable(arch, params, points, cutoff, opts.propagator === 'eft' ? b2 : 0, onProgress,
        net ? networkKernelFunction(arch, net, TABLE_KERNEL_REL_TOL) : undefined);
      if (!table.converged) table = undefined;
    } catch (e) {
      if (!(e instanceof NotConvergedError)) throw e;
    }
  }
  const factors = new Map<string, Estimate>();
  let integralsDone = 0;
  const integrals = phaseReporter(onProgress, 'integrals', [...shapes.values()].reduce((s, g) => s + g.sets.length, 0));
  const callsByDim = new Map<number, number[]>(); // integrand calls of the finished families, by dimension
  for (const g of shapes.values()) {
    const dims = g.comp.k * params.dIn, S = g.sets.length, d0 = integralsDone;
    const seen = callsByDim.get(dims);
    const expected = seen ? seen.reduce((a, b) => a + b, 0) / seen.length : (EXPECTED_CALLS[dims] ?? 2e6);
    // Within a family: the share of the expected calls, held below the end until the family is done.
    const onCalls = onProgress ? (calls: number) => integrals.set(d0 + S * Math.min(0.95, calls / expected)) : undefined;
    // Each term multiplies several factors and sums several diagrams: give each integral a share of the tolerance.
    const est = integrateShape(g.comp, g.sets, points, prop, params.dIn, cutoff, breakpoints, relTol / 4, kerr, table, onCalls);
    for (const [key, slot] of g.keys) factors.set(key, est[slot]!);
    if (onProgress) {
      if (!seen) callsByDim.set(dims, []);
      callsByDim.get(dims)!.push(Math.max(1, est[0]?.evaluations ?? 1));
    }
    integralsDone += S;
    integrals.set(integralsDone);
  }
  integrals.end();

  const assemble = phaseReporter(onProgress, 'correlators', tuples.length);
  const entries: PredictEntry[] = tuples.map((idx) => {
    const GP = wickSum(K, idx);
    const acc = new Map<string, Estimate>(monos.map((m) => [m.key, exactEstimate(0)]));
    for (const p of prepared) {
      let ext = p.coefficient;
      const parts = p.comps.map((c) => factors.get(factorKey(c, idx).key)!);
      for (const [a, b] of p.extEdges) {
        const i = idx[a]!, j = idx[b]!;
        if (kerr) parts.push({ value: K[i]![j]!, absError: kerr.extError ? kerr.extError[i]![j]! : kerr.eps * kerr.sqrtDx[i]! * kerr.sqrtDx[j]!, evaluations: 0, converged: true });
        else ext *= K[i]![j]!;
      }
      acc.set(p.mono, addEstimates(acc.get(p.mono)!, scaleEstimate(mulEstimates(...parts), ext)));
    }
    let G = GP;
    const terms = monos.map((m) => {
      const e = acc.get(m.key)!;
      if (opts.couplings) {
        let c = 1;
        for (const [name, pow] of Object.entries(m.couplings)) c *= opts.couplings[name]! ** pow;
        G += c * e.value;
      }
      return { couplings: { ...m.couplings }, value: e.value, absError: e.absError, converged: e.converged };
    });
    assemble.advance();
    return { index: idx, GP, terms, G };
  });
  assemble.end();
  return entries;
}

/**
 * The prediction's warning when the corrections exceed G_GP: a coupling or a cutoff too large for
 * the perturbative EFT, typically a divergent integral read at a huge cutoff (the λ f⁴ term of the
 * Erf-net grows like Λ, of the ReLU-net with σ_b = 0 like Λ⁵). The growth exponent comes from one
 * more prediction at Λ/2, run only in this case.
 */
function perturbativeWarnings(action: Action, diagrams: readonly Diagram[], opts: PredictOptions, entries: readonly PredictEntry[]): string[] {
  const ratio = (e: PredictEntry) => Math.abs(e.G - e.GP) / Math.abs(e.GP);
  let worst = -1, r = 0;
  entries.forEach((e, k) => { const x = ratio(e); if (x > r) { r = x; worst = k; } });
  if (worst < 0 || !(r > PERTURBATIVE_LIMIT)) return [];
  const e = entries[worst]!;
  let growth = '';
  if (Number.isFinite(opts.cutoff)) {
    const half = predictEntries(action, diagrams, { ...opts, cutoff: opts.cutoff / 2, onProgress: undefined })[worst]!;
    const p = Math.log2(Math.abs(e.G - e.GP) / Math.abs(half.G - half.GP));
    if (Number.isFinite(p)) {
      growth = Math.abs(p) > 0.1
        ? `; the corrections grow like Λ^${p.toFixed(2)} (Λ/2 against Λ): a divergent integral, set by the cutoff`
        : '; the corrections do not depend on the cutoff: the couplings are too large';
    }
  }
  return [
    `at tuple [${e.index.join(',')}] the corrections are ${r.toPrecision(3)} × G_GP: perturbation theory does not hold here${growth}`,
  ];
}
