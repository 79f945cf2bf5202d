/**
 * Single-neuron moments M_k(x_i1..x_ik) = E[φ(z_1;x_i1)…φ(z_k;x_ik)] on every
 * unique index tuple of an input set (CONVENTIONS §4; Halverson, Maiti, Stoner,
 * arXiv:2008.08601 §3: the finite-width corrections of a one-hidden-layer network
 * are built from these). Closed forms (`arch.moment`) where the architecture has
 * them; otherwise numerical integration (./quadrature.ts) over the rank-reduced
 * Gaussian of the pre-activations.
 */
import { BudgetExceededError, InvalidArgumentError, NotConvergedError } from '../core/errors.js';
import { orthonormalCoordinates } from '../core/gaussRules.js';
import { validatePoints, type Point } from '../core/inputs.js';
import { binomial } from '../core/rational.js';
import { uniqueTuples } from '../core/combinatorics.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { planTuples, type QuadratureOptions } from './quadrature.js';
import { phaseReporter, type ProgressCallback } from '../core/progress.js';

/** Options of the moment computation. */
export interface MomentOptions extends QuadratureOptions {
  /** Use the architecture's closed-form `moment` where it returns a value (default true). */
  closedForms?: boolean;
  /** Refuse more than this many index tuples (default 2e5). */
  maxTuples?: number;
  /**
   * Progress (phase "moments", in moment tuples; quadrature groups report per
   * chunk of nodes). `correlatorPolynomials` also reports its phase "correlators" here.
   */
  onProgress?: ProgressCallback;
}

/** One moment: its (sorted) index tuple, value, error estimate and how it was obtained. */
export interface MomentEntry {
  index: number[];
  value: number;
  /** Estimated absolute error: rounding for closed forms, the embedded-rule estimate for quadrature. */
  absError: number;
  /** "closed-form" or the quadrature rule's name. */
  method: string;
}

/** All moments of some orders on an input set, looked up by index tuple (any order). */
export interface MomentTable {
  /** Number of input points. */
  readonly m: number;
  /** M_k at the index tuple (indices into the input set, any order). Throws if the tuple was not computed. */
  get(index: readonly number[]): number;
  readonly entries: readonly MomentEntry[];
  /** Largest estimated relative error (absError / |value|, or against the integrand's L1 scale when the value cancels). */
  readonly maxRelError: number;
}

/**
 * Key of a non-decreasing index tuple over m points: Σ_i (t_i + 1)(m + 1)^i,
 * unique across lengths. Callers pass sorted tuples.
 */
export function tupleKey(sorted: readonly number[], m: number): number {
  let key = 0, base = 1;
  for (const t of sorted) { key += (t + 1) * base; base *= m + 1; }
  return key;
}

/** The pre-activation vectors a_j with z_j = a_j · v, v standard normal: (σ_b, σ_W x_j/√d_in), σ_b dropped when 0. */
export function preactivationVectors(points: readonly Point[], p: ArchParams): number[][] {
  const s = p.sW / Math.sqrt(p.dIn);
  return points.map((x) => (p.sb > 0 ? [p.sb, ...x.map((v) => s * v)] : x.map((v) => s * v)));
}

/**
 * Single-neuron moments of the given orders on every unique (non-decreasing)
 * index tuple of `points`. Tuples are grouped by the span of their distinct
 * points: those spanning the full rank share one node set (φ evaluated once per
 * node and point), the others are integrated in their own lower-dimensional span.
 */
export function momentTable(
  arch: Architecture,
  p: ArchParams,
  points: readonly Point[],
  orders: readonly number[],
  opts: MomentOptions = {},
): MomentTable {
  validatePoints(points, p.dIn);
  const m = points.length;
  for (const k of orders) {
    if (!Number.isInteger(k) || k < 0) throw new InvalidArgumentError(`moment order must be a non-negative integer, got ${k}`);
  }
  const ks = [...new Set(orders)].sort((a, b) => a - b);
  const maxTuples = opts.maxTuples ?? 2e5;
  const count = ks.reduce((s, k) => s + Number(binomial(m + k - 1, k)), 0);
  if (count > maxTuples) throw new BudgetExceededError('single-neuron moment tuples', count, maxTuples);
  if ((m + 1) ** Math.max(0, ...ks) > Number.MAX_SAFE_INTEGER) throw new BudgetExceededError('tuple key space', (m + 1) ** Math.max(...ks), Number.MAX_SAFE_INTEGER);

  const vecs = preactivationVectors(points, p);
  const global = orthonormalCoordinates(vecs);
  const entries: MomentEntry[] = [];
  let maxRelError = 0;
  const groups = new Map<string, { support: number[]; tuples: number[][] }>();
  const progress = phaseReporter(opts.onProgress, 'moments', count);
  for (const k of ks) {
    for (const t of uniqueTuples(m, k)) {
      if (opts.closedForms !== false && arch.moment) {
        const v = arch.moment(t.map((i) => points[i]!), p);
        if (v !== undefined) {
          if (!Number.isFinite(v)) throw new NotConvergedError(`closed-form moment of ${arch.name} is not finite at tuple [${t.join(',')}]`);
          entries.push({ index: t, value: v, absError: 4e-16 * Math.abs(v) * Math.max(1, k), method: 'closed-form' });
          maxRelError = Math.max(maxRelError, 4e-16 * Math.max(1, k));
          progress.advance();
          continue;
        }
      }
      const support = [...new Set(t)];
      const sub = orthonormalCoordinates(support.map((i) => vecs[i]!));
      // Shared node set when the tuple spans the full rank; its own span otherwise, and also when its
      // points are exactly a basis of rank >= 3 (then the separable z-lattice applies, see quadrature.ts).
      const own = sub.rank < global.rank || (sub.rank >= 3 && support.length === sub.rank && !arch.kinks?.length);
      const key = own ? support.join(',') : 'global';
      let g = groups.get(key);
      if (!g) { g = { support: key === 'global' ? points.map((_, i) => i) : support, tuples: [] }; groups.set(key, g); }
      g.tuples.push(t);
    }
  }
  // A tuple whose points are a basis of the full span has its own z-lattice (above), ten times cheaper
  // per node than the shared lattice but with its own nodes; where the correlation matrix is
  // ill-conditioned (nearly collinear points) that lattice is fine and the group costs more than its
  // tuples would add to the shared group (13 points in d_in = 2: 286 such groups of ~1e7 nodes each).
  // Each goes where the cost model says it is cheaper; deterministic (the model is).
  const planOf = (key: string, g: { support: number[]; tuples: number[][] }) => {
    const local = g.support.map((i) => points[i]!);
    const coords = key === 'global' ? global.coords : orthonormalCoordinates(g.support.map((i) => vecs[i]!)).coords;
    const pos = new Map(g.support.map((i, j) => [i, j]));
    return planTuples(arch, p, local, coords, g.tuples.map((t) => t.map((i) => pos.get(i)!)), opts);
  };
  const shared = groups.get('global');
  const planned = new Map<string, ReturnType<typeof planOf>>();
  if (shared && opts.reference !== true) {
    const perTuple = planOf('global', shared).workPerTuple;
    for (const [key, g] of groups) {
      if (key === 'global' || g.support.length !== global.rank) continue;
      const own = planOf(key, g);
      if (own.work > g.tuples.length * perTuple) {
        shared.tuples.push(...g.tuples);
        groups.delete(key);
      } else planned.set(key, own);
    }
  }
  // Rules first (cheap), integrals next: the plans' cost estimates weight the progress, so that it
  // advances with the work rather than the tuple count (a group of three points can cost more per
  // tuple than the shared group of all points by two orders of magnitude).
  const plans = [...groups].map(([key, g]) => ({ g, plan: planned.get(key) ?? planOf(key, g) }));
  // Progress in tuples: the closed forms as counted, the numerical ones in proportion to the estimated work done.
  const closed = entries.length, numeric = count - closed;
  const totalWork = plans.reduce((s, x) => s + x.plan.work, 0);
  let workDone = 0;
  const share = (w: number) => closed + (totalWork > 0 ? numeric * (w / totalWork) : numeric);
  for (const { g, plan } of plans) {
    const w0 = workDone;
    const onShare = opts.onProgress ? (f: number) => progress.set(share(w0 + plan.work * f)) : undefined;
    const res = plan.run(onShare);
    workDone += plan.work;
    progress.set(share(workDone));
    res.forEach((q, i) => {
      if (!Number.isFinite(q.value)) {
        throw new NotConvergedError(`moment of ${arch.name} at tuple [${g.tuples[i]!.join(',')}] is not finite (φ overflows?)`);
      }
      entries.push({ index: g.tuples[i]!, value: q.value, absError: q.absError, method: q.rule });
      const scale = Math.max(Math.abs(q.value), q.scale);
      if (scale > 0) maxRelError = Math.max(maxRelError, q.absError / scale);
    });
  }
  progress.end();
  const byKey = new Map<number, MomentEntry>();
  for (const e of entries) byKey.set(tupleKey(e.index, m), e);
  entries.sort((a, b) => a.index.length - b.index.length || lex(a.index, b.index));
  return {
    m,
    entries,
    maxRelError,
    get(index) {
      const sorted = [...index].sort((a, b) => a - b);
      const e = byKey.get(tupleKey(sorted, m));
      if (!e) throw new InvalidArgumentError(`moment at tuple [${sorted.join(',')}] was not computed`);
      return e.value;
    },
  };
}

function lex(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * M_k(x_i1..x_ik) = E[φ(z_1;x_i1)…φ(z_k;x_ik)] on every unique index tuple
 * i1 <= … <= ik of `points` (CONVENTIONS §4), with error estimates.
 */
export function singleNeuronMoments(
  arch: Architecture,
  params: ArchParams,
  points: readonly Point[],
  k: number,
  opts: MomentOptions = {},
): MomentEntry[] {
  return momentTable(arch, params, points, [k], opts).entries.slice();
}
