/**
 * Numerical single-neuron moments M_k = E[φ(z_1;x_1)…φ(z_k;x_k)] (CONVENTIONS §4;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §3) for any activation, using only
 * `arch.phi` and `arch.kinks`.
 *
 * The pre-activations are z_j = σ_b b + (σ_W/√d_in) w·x_j = a_j · v with
 * v = (b, w) standard normal (b dropped when σ_b = 0). Gram–Schmidt on the a_j
 * gives z_j = c_j · u with u standard normal in R^r, r = rank <= d_in + 1. The
 * integral over u uses one node set per group of tuples; φ is evaluated once per
 * node and input point and reused for every index tuple (prefix products over
 * lexicographically sorted tuples), which is what makes the whole table cheap.
 * Where every φ_j is even or odd (erf), only one node of each pair ±u of the
 * symmetric lattices is multiplied out (see runRule).
 *
 * Rules (each carries a second, cheaper rule on the same or other nodes whose
 * difference gives the error estimate):
 * - smooth φ, any r: the trapezoidal rule on the lattice hZ^r inside a ball of
 *   radius R. For analytic integrands on R^r it converges like exp(-c/h²)
 *   (Trefethen & Weideman, SIAM Rev. 56 (2014) 385); the step is chosen from the
 *   growth of erf-like φ off the real axis, h = ¾ · 2π / sqrt(2(1 + 2 k s²) ln 1e14),
 *   s² = max |c_j|², and halved while the estimate misses the tolerance and the
 *   node budget allows. Error estimate: δ² × scale, δ the relative difference
 *   to the embedded 2h rule (the asymptotic rate would allow δ⁴; measured
 *   pre-asymptotic rates go down to δ^2.3). Gauss–Hermite is *not* used: for erf^k with s² ~ 2 it
 *   has not converged to 1e-6 at 160 nodes, the trapezoid reaches 1e-16 at h = 0.15.
 * - smooth φ, r >= 3, tuples whose distinct points are a basis: the same trapezoid
 *   on a lattice in the pre-activations themselves (separableLattice), where φ is
 *   tabulated on one-dimensional grids; about ten times cheaper per node.
 * - kinked φ, r = 1: Gauss–Legendre on the pieces between the kinks u = κ/c_j.
 * - kinked φ, r = 2: polar coordinates; the angular integral is split at the
 *   directions in which a kink line enters the disk |u| <= R (for a line through
 *   the origin: its direction) and at the crossing points of two kink lines
 *   (where the radial integral is only C²), the radial one at
 *   the kink radii r = κ/(c_j·θ); Gauss–Legendre on every piece. Exact to rounding
 *   for piecewise-analytic φ.
 * - kinked φ, r >= 3: the trapezoidal rule again, which converges only like h²
 *   there: the estimate (3 |S_h − S_2h|, a deliberately wide Richardson bound) is reported, typically 1e-4
 *   relative. (Architectures with closed forms, e.g. ReLU by homogeneity up to
 *   r = 4, never reach this path.)
 */
import { BudgetExceededError, InvalidArgumentError } from '../core/errors.js';
import { gaussLegendre } from '../core/gaussRules.js';
import type { Point } from '../core/inputs.js';
import type { ArchParams, Architecture } from '../kernels/types.js';

/** Accuracy controls of the numerical moments. */
export interface QuadratureOptions {
  /** Target relative error of each moment (default 1e-12). */
  tol?: number;
  /** Largest node count of one rule (default 4e6); a finer rule is not tried beyond it. */
  maxNodes?: number;
  /** Multiplies the trapezoid's initial step (default 1; < 1 for convergence studies). */
  stepScale?: number;
  /**
   * Use the unoptimised reference path (every lattice node, one tuple at a time;
   * in `momentTable` also the fixed grouping of tuples), for tests and benchmarks
   * of the fast path. Same rules and estimates; values agree to rounding.
   */
  reference?: boolean;
}

/** One numerically integrated moment, with its error estimate and the rule that produced it. */
export interface QuadratureResult {
  value: number;
  /** Estimated absolute error (from the embedded second rule). */
  absError: number;
  rule: string;
  nodes: number;
  /** The integral of |integrand| by the same rule: the scale against which the error is relative. */
  scale: number;
}

/** A batch of cubature nodes in R^r: weights of the main rule and of the comparison rule. */
interface Chunk {
  u: Float64Array;
  w: Float64Array;
  w2: Float64Array;
  count: number;
  /**
   * The chunk holds one node of each pair ±u of a rule symmetric under u → −u
   * (the origin with half its weights): the runner evaluates φ at both.
   */
  mirrored?: boolean;
}

interface Rule {
  name: string;
  nodes: number;
  /** 'geometric': error(h) ≈ error(2h)^4, estimate from the difference conservatively; 'direct': the difference; 'richardson': /3. */
  estimate: 'geometric' | 'direct' | 'richardson';
  chunks(): Iterable<Chunk>;
  /** The same rule as mirrored chunks (see {@link Chunk.mirrored}), where it is symmetric. */
  halfChunks?(): Iterable<Chunk>;
  /** A finer rule of the same family, or undefined. */
  refine?(): Rule | undefined;
}

const CHUNK = 1 << 15;

/** Largest element (init when empty); a loop, not Math.max(...xs), which overflows the stack beyond ~10⁵ tuples. */
function maxOf(xs: readonly number[], init: number): number {
  let m = init;
  for (const x of xs) if (x > m || Number.isNaN(x)) m = x;
  return m;
}
/** Smallest node budget accepted (a few nodes per dimension of the rank-≤4 supports). */
const MIN_NODES = 100;
const LN_1E14 = 32.2;

/**
 * Validates accuracy controls (InvalidArgumentError). A rule has at least a unit
 * ball's worth of nodes (up to ~5.3): with a smaller budget the coarsening loops
 * would never end (`nnqft exact --max-nodes 1` hung); a tolerance <= 0 can never be met.
 */
export function checkQuadratureOptions(opts: QuadratureOptions): void {
  if (opts.tol !== undefined && !(opts.tol > 0 && opts.tol < 1)) throw new InvalidArgumentError(`tol must be in (0, 1), got ${opts.tol}`);
  if (opts.maxNodes !== undefined && !(Number.isInteger(opts.maxNodes) && opts.maxNodes >= MIN_NODES)) {
    throw new InvalidArgumentError(`maxNodes must be an integer >= ${MIN_NODES}, got ${opts.maxNodes}`);
  }
}

/**
 * Moments of the given tuples (indices into `local`, sorted non-decreasing),
 * integrated over the Gaussian z_j = coords[j] · u, u ~ N(0, I_r).
 * `local` are the input points, `coords[j]` their coordinates in R^r.
 * `progress`, if given, receives the share (0..1, increasing) of the rule's
 * nodes done, once per chunk of nodes; it does not change the result.
 */
export function integrateTuples(
  arch: Architecture,
  p: ArchParams,
  local: readonly Point[],
  coords: readonly (readonly number[])[],
  tuples: readonly (readonly number[])[],
  opts: QuadratureOptions = {},
  progress?: (fraction: number) => void,
): QuadratureResult[] {
  return planTuples(arch, p, local, coords, tuples, opts).run(progress);
}

/** A quadrature chosen but not yet run (see {@link planTuples}). */
export interface QuadraturePlan {
  /**
   * Estimated cost of `run` in model nanoseconds (φ evaluations and each tuple's
   * products at every node, see NS_PER_PHI); only ratios matter: progress weights.
   */
  readonly work: number;
  /** Marginal cost (same units) of one more tuple of at most the plan's order on the same rule. */
  readonly workPerTuple: number;
  /** Integrates (as {@link integrateTuples}); `progress` as there. */
  run(progress?: (fraction: number) => void): QuadratureResult[];
}

/** Cost model of {@link QuadraturePlan.work} (ns): one φ evaluation at a node, one tuple's products at a node. */
const NS_PER_PHI = 20, NS_PER_TUPLE_NODE = 2.5;

/**
 * Chooses the rule for {@link integrateTuples} (truncation radius, rule family,
 * step) without integrating, and estimates its cost: callers with many groups of
 * tuples can weight progress by it. Deterministic; `run` gives exactly what
 * `integrateTuples` gives.
 */
export function planTuples(
  arch: Architecture,
  p: ArchParams,
  local: readonly Point[],
  coords: readonly (readonly number[])[],
  tuples: readonly (readonly number[])[],
  opts: QuadratureOptions = {},
): QuadraturePlan {
  checkQuadratureOptions(opts);
  const tol = opts.tol ?? 1e-12;
  const maxNodes = opts.maxNodes ?? 4e6;
  const r = coords[0]?.length ?? 0;
  const kinks = arch.kinks ?? [];
  const kMax = maxOf(tuples.map((t) => t.length), 1);
  const phi = (z: number, j: number) => arch.phi(z, local[j]!, p);
  if (r === 0) {
    // z ≡ 0: a point mass.
    return {
      work: tuples.length,
      workPerTuple: 1,
      run: () => tuples.map((t) => {
        const value = t.reduce((a, j) => a * phi(0, j), 1);
        return { value, absError: 0, rule: 'point', nodes: 1, scale: Math.abs(value) };
      }),
    };
  }
  const R = truncationRadius(phi, coords, kMax, r);
  let makeFirst: () => Rule;
  if (kinks.length > 0 && r === 1) makeFirst = () => piecewiseLine(coords.map((c) => c[0]!), kinks, R);
  else if (kinks.length > 0 && r === 2) makeFirst = () => polarRule(coords, kinks, R);
  else if (kinks.length === 0 && r >= 3 && coords.length === r) {
    const sep = separableLattice(phi, coords, tuples, R, kMax, tol, maxNodes, opts.stepScale ?? 1);
    if (sep) return sep;
    const rule = cubicTrapezoid(coords, kMax, R, true, maxNodes, opts.stepScale ?? 1);
    makeFirst = () => rule;
  } else {
    const rule = cubicTrapezoid(coords, kMax, R, kinks.length === 0, maxNodes, opts.stepScale ?? 1);
    makeFirst = () => rule;
  }
  // The r <= 2 rules hold their nodes in memory: a plan keeps only their count and rebuilds them in
  // run (many plans may wait at once); the trapezoid generates its nodes lazily and is kept.
  const firstNodes = makeFirst().nodes;
  const usedSet = new Set(tuples.flat());
  const used = usedSet.size;
  const runner = opts.reference ? runRuleReference : runRule;
  // The fast runner sums one node of each pair ±u where every φ_j is even or odd (checked there on the
  // actual nodes; the probe here only feeds the cost model).
  const half = !opts.reference && kinks.length === 0 && probeParity(phi, [...usedSet]) ? 0.5 : 1;
  const perTuple = firstNodes * NS_PER_TUPLE_NODE * half;
  return {
    work: firstNodes * used * NS_PER_PHI + tuples.length * perTuple,
    workPerTuple: perTuple,
    run(progress) {
      const first = makeFirst();
      let rule = first;
      // Progress: the share of the first rule's nodes done (node counts of the trapezoid are volume
      // estimates, hence the clamp); a refinement pass, rare by design of the initial step, reports nothing.
      let frac = 0;
      const onChunk = progress ? (nodesDone: number) => {
        const f = Math.min(1, nodesDone / Math.max(1, first.nodes));
        if (f > frac) { frac = f; progress(f); }
      } : undefined;
      let res = runner(rule, phi, coords, tuples, onChunk);
      for (;;) {
        const worst = maxOf(res.map((q) => q.absError / Math.max(Math.abs(q.value), q.scale, 1e-300)), -Infinity);
        if (!(worst > tol) || !rule.refine) break;
        const finer = rule.refine();
        if (!finer) break;
        rule = finer;
        res = runner(rule, phi, coords, tuples);
      }
      return res;
    },
  };
}

/** The trapezoid on the cubic lattice hZ^r, h from the growth model, coarsened to fit the node budget. */
function cubicTrapezoid(
  coords: readonly (readonly number[])[], kMax: number, R: number, smooth: boolean, maxNodes: number, stepScale: number,
): Rule {
  const r = coords[0]!.length;
  const s2 = Math.max(...coords.map((c) => c.reduce((a, t) => a + t * t, 0)));
  let h = initialStep(kMax, s2, stepScale);
  if (!smooth) h = Math.min(h, 0.1);
  // Fit the budget: coarsen h rather than refuse (the estimate then says how good it is).
  while (trapezoidCount(r, R, h) > maxNodes) h *= 1.25;
  return trapezoidRule(r, R, h, smooth, maxNodes);
}

/**
 * The step for ~1e-14 from the growth model of erf-like φ, shrunk by 3/4 so
 * that the embedded 2h rule is near 1e-6 and the (squared) estimate certifies
 * ~1e-12 without a refinement pass.
 */
function initialStep(kMax: number, s2: number, stepScale: number): number {
  return stepScale * 0.75 * Math.min(0.5, (2 * Math.PI) / Math.sqrt(2 * (1 + 2 * kMax * s2) * LN_1E14));
}

/**
 * Full-rank supports (as many distinct points as dimensions, r >= 3): the
 * trapezoid on a lattice in the pre-activations themselves, z = (d_1 n_1, …, d_r n_r),
 * n ∈ Z^r, with the density N(z; 0, S). Then φ_j depends on n_j alone: φ is
 * tabulated on r one-dimensional grids instead of being evaluated at every node,
 * and each node costs one exponential. In u = L⁻¹z the nodes form a skew lattice;
 * the trapezoid error of an analytic integrand is set by the shortest vector of the
 * dual lattice, so the steps d_j = t √S_jj are chosen to make it as long as that of
 * the cubic lattice hZ^r (t = h √λ, λ = min over integer n ≠ 0 of nᵀ C n, C the
 * correlation matrix). Undefined (the caller uses the cubic lattice) when C is too
 * ill-conditioned for the search of λ.
 */
function separableLattice(
  phi: (z: number, j: number) => number,
  coords: readonly (readonly number[])[],
  tuples: readonly (readonly number[])[],
  R: number,
  kMax: number,
  tol: number,
  maxNodes: number,
  stepScale: number,
): QuadraturePlan | undefined {
  const r = coords.length;
  const S = coords.map((a) => coords.map((b) => a.reduce((t, v, i) => t + v * b[i]!, 0)));
  const sd = S.map((row, i) => Math.sqrt(row[i]!));
  const C = S.map((row, i) => row.map((v, j) => v / (sd[i]! * sd[j]!)));
  const Cinv = invertSpd(C);
  if (!Cinv) return undefined;
  const detC = determinant(C);
  // nᵀCn >= |n|²/‖C⁻¹‖, and ‖C⁻¹‖ <= its trace: integer vectors with |n|² > trace bound cannot beat n = e_1.
  const trInv = Cinv.reduce((t, row, i) => t + row[i]!, 0);
  const bound = Math.floor(Math.sqrt(trInv));
  if ((2 * bound + 1) ** r > 2e5) return undefined;
  let lambda = 1;
  const n = new Array<number>(r).fill(-bound);
  for (;;) {
    let q = 0, nz = false;
    for (let i = 0; i < r; i++) { if (n[i] !== 0) nz = true; for (let j = 0; j < r; j++) q += n[i]! * C[i]![j]! * n[j]!; }
    if (nz && q < lambda) lambda = q;
    let d = 0;
    while (d < r && n[d] === bound) { n[d] = -bound; d++; }
    if (d === r) break;
    n[d]!++;
  }
  const s2 = Math.max(...S.map((row, i) => row[i]!));
  const vol = Math.PI ** (r / 2) / Math.exp(lgammaHalf(r / 2 + 1));
  const count = (h: number) => (vol * (R / (h * Math.sqrt(lambda)) + 1) ** r) * Math.sqrt(detC);
  // A node here costs an exponential and a few products (φ is tabulated), about a tenth of a
  // node of the cubic lattice: the budget is ten times maxNodes.
  const budget = 10 * maxNodes;
  let h = initialStep(kMax, s2, stepScale);
  while (count(h) > budget) h *= 1.25;
  // Tuples as point counts.
  const counts = tuples.map((t) => { const c = new Array<number>(r).fill(0); for (const j of t) c[j]!++; return c; });
  // Cost: an exponential and kMax + 1 powers per node; each tuple's products once per line of the first
  // coordinate (about 2R/t + 1 nodes), not per node.
  const nodes = count(h), line = 2 * Math.ceil(R / (h * Math.sqrt(lambda))) + 1;
  return {
    work: nodes * (NS_PER_PHI + (kMax + 1) * NS_PER_TUPLE_NODE) + (nodes / line) * tuples.length * r * NS_PER_TUPLE_NODE,
    workPerTuple: (nodes / line) * r * NS_PER_TUPLE_NODE,
    run: () => {
      for (let hs = h; ; hs /= 2) {
        const res = separableSum(phi, sd, Cinv, detC, counts, R, hs * Math.sqrt(lambda), kMax, Math.round(count(hs)));
        const worst = maxOf(res.map((q) => q.absError / Math.max(Math.abs(q.value), q.scale, 1e-300)), -Infinity);
        if (!(worst > tol) || count(hs / 2) > budget) return res;
      }
    },
  };
}

/**
 * Relative rounding error of a sum over `nodes` weighted terms, against Σ|w f|: the
 * √nodes·ε growth of accumulated rounding (never below 4e-16). The two rules of an
 * estimate share most of their rounding, so their difference cannot see it: on rank-3
 * lattices of 4e6–4e7 nodes it reported 4e-16 where the value was off by 3e-13.
 */
function roundingFloor(nodes: number): number {
  return Math.max(4e-16, 2.2e-16 * Math.sqrt(Math.max(1, nodes)));
}

function separableSum(
  phi: (z: number, j: number) => number,
  sd: readonly number[],
  Cinv: readonly (readonly number[])[],
  detC: number,
  counts: readonly (readonly number[])[],
  R: number,
  t: number,
  kMax: number,
  nodes: number,
): QuadratureResult[] {
  const r = sd.length;
  // The ellipsoid nᵀ(t²C⁻¹)n <= R² lies within |n_i| <= R √C_ii / t = R/t.
  const Mx = Math.ceil(R / t);
  // pw[j][c][n + Mx] = φ_j(t sd_j n)^c.
  const pw = sd.map((s, j) => {
    const base = new Float64Array(2 * Mx + 1);
    for (let n = -Mx; n <= Mx; n++) base[n + Mx] = phi(t * s * n, j);
    const out: Float64Array[] = [new Float64Array(2 * Mx + 1).fill(1)];
    for (let c = 1; c <= kMax; c++) out.push(out[c - 1]!.map((v, i) => v * base[i]!));
    return out;
  });
  // Weight of a node: Π d_j (2π)^{-r/2} det(S)^{-1/2} exp(−½ zᵀS⁻¹z) = t^r (2π)^{-r/2} det(C)^{-1/2} exp(−½ nᵀ t² C⁻¹ n).
  const norm = t ** r / ((2 * Math.PI) ** (r / 2) * Math.sqrt(detC));
  const A = Cinv.map((row) => row.map((v) => v * t * t));
  const K1 = kMax + 1, W = 2 * Mx + 1;
  const s1 = new Float64Array(counts.length), s2 = new Float64Array(counts.length), l1 = new Float64Array(counts.length);
  // Sum over the first coordinate inside, for every power of φ_1 at once:
  // T[c] = Σ_{n_1} w(n) φ_1(n_1)^c, then each tuple multiplies in the outer factors.
  const T = new Float64Array(K1), T2 = new Float64Array(K1), TA = new Float64Array(K1);
  const pw0 = pw[0]!;
  const a11 = A[0]![0]!;
  const outer = new Array<number>(r).fill(-Mx);
  const R2 = R * R;
  for (;;) {
    // q(n_1) = a11 n_1² + 2 b n_1 + c with b = Σ_{j>0} A_1j n_j, c = the outer quadratic form.
    let b = 0, c = 0, evenOuter = true;
    for (let i = 1; i < r; i++) {
      const ni = outer[i]!;
      if (ni % 2 !== 0) evenOuter = false;
      b += A[0]![i]! * ni;
      let row = 0;
      for (let j = 1; j < r; j++) row += A[i]![j]! * outer[j]!;
      c += ni * row;
    }
    const disc = b * b - a11 * (c - R2);
    if (disc >= 0) {
      const sq = Math.sqrt(disc);
      const lo = Math.max(-Mx, Math.ceil((-b - sq) / a11)), hi = Math.min(Mx, Math.floor((-b + sq) / a11));
      if (lo <= hi) {
        T.fill(0); T2.fill(0); TA.fill(0);
        for (let n1 = lo; n1 <= hi; n1++) {
          const g = norm * Math.exp(-(a11 * n1 * n1 + 2 * b * n1 + c) / 2);
          const g2 = evenOuter && n1 % 2 === 0 ? 2 ** r * g : 0;
          const idx = n1 + Mx;
          for (let k = 0; k < K1; k++) { const v = pw0[k]![idx]!; T[k] += g * v; T2[k] += g2 * v; TA[k] += g * Math.abs(v); }
        }
        for (let ti = 0; ti < counts.length; ti++) {
          const cnt = counts[ti]!;
          let prod = 1;
          for (let j = 1; j < r; j++) prod *= pw[j]![cnt[j]!]![outer[j]! + Mx]!;
          const c0 = cnt[0]!;
          s1[ti] += T[c0]! * prod; s2[ti] += T2[c0]! * prod; l1[ti] += TA[c0]! * Math.abs(prod);
        }
      }
    }
    let d = 1;
    while (d < r && outer[d] === Mx) { outer[d] = -Mx; d++; }
    if (d === r) break;
    outer[d]!++;
  }
  void W;
  return counts.map((_, i) => {
    const diff = Math.abs(s1[i]! - s2[i]!);
    const scale = Math.max(l1[i]!, Math.abs(s1[i]!), 1e-300);
    const err = Math.max(scale * Math.min(1, (diff / scale) ** 2), roundingFloor(nodes) * scale);
    return { value: s1[i]!, absError: Number.isFinite(s1[i]!) ? err : Infinity, rule: `z-lattice(r=${r}, t=${t.toPrecision(3)})`, nodes, scale: l1[i]! };
  });
}

/** Inverse of a small symmetric positive-definite matrix by Cholesky; undefined if not positive definite. */
function invertSpd(A: readonly (readonly number[])[]): number[][] | undefined {
  const n = A.length;
  const L = A.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i]![j]!;
      for (let k = 0; k < j; k++) s -= L[i]![k]! * L[j]![k]!;
      if (i === j) { if (!(s > 1e-12)) return undefined; L[i]![i] = Math.sqrt(s); } else L[i]![j] = s / L[j]![j]!;
    }
  }
  const inv = A.map(() => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) { let s = i === c ? 1 : 0; for (let k = 0; k < i; k++) s -= L[i]![k]! * y[k]!; y[i] = s / L[i]![i]!; }
    for (let i = n - 1; i >= 0; i--) { let s = y[i]!; for (let k = i + 1; k < n; k++) s -= L[k]![i]! * inv[k]![c]!; inv[i]![c] = s / L[i]![i]!; }
  }
  return inv;
}

function determinant(A: readonly (readonly number[])[]): number {
  const M = A.map((row) => row.slice());
  const n = M.length;
  let det = 1;
  for (let i = 0; i < n; i++) {
    let p = i;
    for (let k = i + 1; k < n; k++) if (Math.abs(M[k]![i]!) > Math.abs(M[p]![i]!)) p = k;
    if (M[p]![i] === 0) return 0;
    if (p !== i) { [M[p], M[i]] = [M[i]!, M[p]!]; det = -det; }
    det *= M[i]![i]!;
    for (let k = i + 1; k < n; k++) { const f = M[k]![i]! / M[i]![i]!; for (let j = i; j < n; j++) M[k]![j]! -= f * M[i]![j]!; }
  }
  return det;
}

/** What both node runners need of the tuples: the points used, the lexicographic visiting order (shared prefixes), the longest tuple. */
function tupleWalk(tuples: readonly (readonly number[])[]): { used: Set<number>; order: number[]; kMax: number } {
  const used = new Set<number>();
  for (const t of tuples) for (const j of t) used.add(j);
  const order = tuples.map((_, i) => i).sort((a, b) => lexCompare(tuples[a]!, tuples[b]!));
  return { used, order, kMax: maxOf(tuples.map((t) => t.length), 1) };
}

/**
 * The reference runner (kept for tests and benchmarks of {@link runRule}): every
 * node of the rule, φ once per node and point, then every tuple by shared prefix products.
 */
function runRuleReference(
  rule: Rule,
  phi: (z: number, j: number) => number,
  coords: readonly (readonly number[])[],
  tuples: readonly (readonly number[])[],
  onChunk?: (nodesDone: number) => void,
): QuadratureResult[] {
  const r = coords[0]!.length;
  const m = coords.length;
  let nodesDone = 0;
  const { used, order, kMax } = tupleWalk(tuples);
  const s1 = new Float64Array(tuples.length), s2 = new Float64Array(tuples.length), l1 = new Float64Array(tuples.length);
  const vals: Float64Array[] = Array.from({ length: m }, () => new Float64Array(CHUNK));
  const stack: Float64Array[] = Array.from({ length: kMax }, () => new Float64Array(CHUNK));
  for (const ch of rule.chunks()) {
    const n = ch.count;
    for (const j of used) {
      const c = coords[j]!, v = vals[j]!;
      for (let i = 0; i < n; i++) {
        let z = 0;
        for (let d = 0; d < r; d++) z += c[d]! * ch.u[i * r + d]!;
        v[i] = phi(z, j);
      }
    }
    let prev: readonly number[] = [];
    for (const ti of order) {
      const t = tuples[ti]!;
      const k = t.length;
      if (k === 0) {
        let a = 0, b = 0, c = 0;
        for (let i = 0; i < n; i++) { a += ch.w[i]!; b += ch.w2[i]!; c += Math.abs(ch.w[i]!); }
        s1[ti] += a; s2[ti] += b; l1[ti] += c;
        continue;
      }
      // stack[d] holds Π_{q<=d} φ_{t_q}; entries shared with the previous tuple stay valid.
      let common = 0;
      const lim = Math.min(prev.length - 1, k - 1);
      while (common < lim && prev[common] === t[common]) common++;
      for (let d = common; d < k - 1; d++) {
        const dst = stack[d]!, f = vals[t[d]!]!;
        if (d === 0) dst.set(f.subarray(0, n));
        else { const src = stack[d - 1]!; for (let i = 0; i < n; i++) dst[i] = src[i]! * f[i]!; }
      }
      const last = vals[t[k - 1]!]!;
      let a = 0, b = 0, c = 0;
      if (k === 1) {
        for (let i = 0; i < n; i++) { const y = last[i]!; a += ch.w[i]! * y; b += ch.w2[i]! * y; c += Math.abs(ch.w[i]! * y); }
      } else {
        const pre = stack[k - 2]!;
        for (let i = 0; i < n; i++) { const y = pre[i]! * last[i]!; a += ch.w[i]! * y; b += ch.w2[i]! * y; c += Math.abs(ch.w[i]! * y); }
      }
      s1[ti] += a; s2[ti] += b; l1[ti] += c;
      prev = t;
    }
    nodesDone += n;
    onChunk?.(nodesDone);
  }
  return finishRule(rule, s1, s2, l1);
}

/** Values and error estimates from the sums of the main rule (s1), the comparison rule (s2) and of |integrand| (l1). */
function finishRule(rule: Rule, s1: Float64Array, s2: Float64Array, l1: Float64Array): QuadratureResult[] {
  return Array.from(s1, (_, i) => {
    const diff = Math.abs(s1[i]! - s2[i]!);
    const scale = Math.max(l1[i]!, Math.abs(s1[i]!), 1e-300);
    let err: number;
    // Smooth integrands: error(h) ~ exp(−c/h²) predicts error(h) ≈ error(2h)^4; observed
    // exponents in the pre-asymptotic range go down to ~2.3 (erf^8, s² = 9, h = 0.1;
    // rank 4 at h = 0.72), so the estimate uses the square: safe, if pessimistic.
    if (rule.estimate === 'geometric') err = scale * Math.min(1, (diff / scale) ** 2);
    // h² convergence would give diff/3, but lattice effects across kinks make the
    // difference erratic (observed: the true error up to 1.2 diff); 3 diff is the stated estimate.
    else if (rule.estimate === 'richardson') err = 3 * diff;
    else err = diff;
    err = Math.max(err, roundingFloor(rule.nodes) * scale);
    if (!Number.isFinite(s1[i]!)) err = Infinity;
    return { value: s1[i]!, absError: err, rule: rule.name, nodes: rule.nodes, scale: l1[i]! };
  });
}


/**
 * Evaluates φ once per node and point, then every tuple by shared prefix products
 * (tuples in lexicographic order, so consecutive tuples share all but the last
 * factors). Three savings over {@link runRuleReference}, none of which changes a
 * rule or an estimate (values agree to rounding):
 * - mirrored chunks (rules symmetric under u → −u): φ is evaluated at u and −u;
 *   where every φ_j used is exactly even or odd on the chunk's nodes (compared bit
 *   for bit, e.g. erf), a tuple's integrand is even or odd, and the pair sums to
 *   2 w y(u) or 0: half the product work. Otherwise both nodes are summed.
 * - the last factor of a tuple is multiplied into the weighted prefix w·Π, computed
 *   once per prefix: per tuple and node, two multiply–adds (value and L1 scale);
 * - the comparison rule's weights vanish off its sub-lattice: those nodes come
 *   first in a chunk and its sum runs over them alone.
 */
function runRule(
  rule: Rule,
  phi: (z: number, j: number) => number,
  coords: readonly (readonly number[])[],
  tuples: readonly (readonly number[])[],
  onChunk?: (nodesDone: number) => void,
): QuadratureResult[] {
  const r = coords[0]!.length;
  const m = coords.length;
  let nodesDone = 0;
  const { used: usedSet, order, kMax } = tupleWalk(tuples);
  const used = [...usedSet].sort((a, b) => a - b);
  const T = tuples.length;
  const s1 = new Float64Array(T), s2 = new Float64Array(T), l1 = new Float64Array(T);
  const cap = 2 * CHUNK;
  const vals: Float64Array[] = Array.from({ length: m }, (_, j) => (usedSet.has(j) ? new Float64Array(cap) : new Float64Array(0)));
  const avals: Float64Array[] = Array.from({ length: m }, (_, j) => (usedSet.has(j) ? new Float64Array(cap) : new Float64Array(0)));
  const stack: Float64Array[] = Array.from({ length: Math.max(1, kMax - 1) }, () => new Float64Array(cap));
  const W = new Float64Array(cap), W2 = new Float64Array(cap), WA = new Float64Array(cap);
  const wp = new Float64Array(cap), wp2 = new Float64Array(cap), awp = new Float64Array(cap);
  const perm = new Int32Array(CHUNK);
  const parity = new Int8Array(m);
  const acc1 = new Float64Array(4), accA = new Float64Array(4);
  // runLength[o]: how many tuples from position o on share the length and all but the last index.
  const runLength = new Int32Array(T);
  for (let o = T - 1; o >= 0; o--) {
    const t = tuples[order[o]!]!, u = o + 1 < T ? tuples[order[o + 1]!]! : undefined;
    let same = u !== undefined && u.length === t.length && t.length > 0;
    for (let d = 0; same && d < t.length - 1; d++) if (t[d] !== u![d]) same = false;
    runLength[o] = same ? runLength[o + 1]! + 1 : 1;
  }
  const chunks = rule.halfChunks ? rule.halfChunks() : rule.chunks();
  for (const ch of chunks) {
    const n = ch.count;
    // Comparison-rule nodes first: [0, nE) carry w2 ≠ 0.
    let nE = 0;
    for (let i = 0; i < n; i++) if (ch.w2[i] !== 0) perm[nE++] = i;
    let q = nE;
    for (let i = 0; i < n; i++) if (ch.w2[i] === 0) perm[q++] = i;
    const mir = ch.mirrored === true;
    for (const j of used) {
      const c = coords[j]!, v = vals[j]!;
      for (let a = 0; a < n; a++) {
        const i = perm[a]!;
        let z = 0;
        for (let d = 0; d < r; d++) z += c[d]! * ch.u[i * r + d]!;
        v[a] = phi(z, j);
        // −z is exact: the mirror node's pre-activation, bit for bit.
        if (mir) v[n + a] = phi(-z, j);
      }
    }
    let symmetric = mir;
    if (mir) {
      for (const j of used) {
        const v = vals[j]!;
        let even = true, odd = true;
        for (let a = 0; a < n && (even || odd); a++) {
          const x = v[a]!, y = v[n + a]!;
          if (x !== y) even = false;
          if (x !== -y) odd = false;
        }
        if (!even && !odd) { symmetric = false; break; }
        parity[j] = even ? 1 : -1;
      }
    }
    // len nodes of weights W; the comparison rule's nodes are [0, nE) and, unpaired, [n, n + nE).
    let len: number;
    if (!mir) {
      len = n;
      for (let a = 0; a < n; a++) { const i = perm[a]!; W[a] = ch.w[i]!; W2[a] = ch.w2[i]!; }
    } else if (symmetric) {
      len = n;
      for (let a = 0; a < n; a++) { const i = perm[a]!; W[a] = 2 * ch.w[i]!; W2[a] = 2 * ch.w2[i]!; }
    } else {
      len = 2 * n;
      for (let a = 0; a < n; a++) { const i = perm[a]!; W[a] = W[n + a] = ch.w[i]!; W2[a] = W2[n + a] = ch.w2[i]!; }
    }
    const e2 = !mir || symmetric ? 0 : n; // start of the second comparison range (none when 0)
    for (const j of used) { const v = vals[j]!, av = avals[j]!; for (let a = 0; a < len; a++) av[a] = Math.abs(v[a]!); }
    for (let a = 0; a < len; a++) WA[a] = Math.abs(W[a]!);
    let prev: readonly number[] = [];
    for (let o = 0; o < T;) {
      const ti = order[o]!;
      const t = tuples[ti]!;
      const k = t.length;
      if (k === 0) {
        let a = 0, b = 0, c = 0;
        for (let i = 0; i < len; i++) { a += W[i]!; c += WA[i]!; }
        for (let i = 0; i < nE; i++) b += W2[i]!;
        if (e2) for (let i = e2; i < e2 + nE; i++) b += W2[i]!;
        s1[ti] += a; s2[ti] += b; l1[ti] += c;
        o++;
        continue;
      }
      // stack[d] holds Π_{q<=d} φ_{t_q} (d <= k − 2); entries shared with the previous tuple stay valid.
      let common = 0;
      const lim = Math.min(prev.length - 1, k - 1);
      while (common < lim && prev[common] === t[common]) common++;
      const samePrefix = prev.length === k && common === k - 1;
      if (!samePrefix) {
        for (let d = common; d < k - 1; d++) {
          const dst = stack[d]!, f = vals[t[d]!]!;
          if (d === 0) dst.set(f.subarray(0, len));
          else mulInto(dst, stack[d - 1]!, f, len);
        }
        // The weighted prefix w·Π_{q<k−1} φ_{t_q}, its modulus, and the comparison rule's.
        if (k === 1) { wp.set(W.subarray(0, len)); awp.set(WA.subarray(0, len)); wp2.set(W2.subarray(0, len)); }
        else {
          const pre = stack[k - 2]!;
          weightedPrefix(wp, awp, W, pre, len);
          for (let i = 0; i < nE; i++) wp2[i] = W2[i]! * pre[i]!;
          if (e2) for (let i = e2; i < e2 + nE; i++) wp2[i] = W2[i]! * pre[i]!;
        }
      }
      // Up to four tuples of this prefix at once: the prefix arrays are loaded once for all of them.
      const g = Math.min(4, runLength[o]!);
      if (g === 4) {
        const k1 = k - 1;
        const j0 = tuples[order[o]!]![k1]!, j1 = tuples[order[o + 1]!]![k1]!, j2 = tuples[order[o + 2]!]![k1]!, j3 = tuples[order[o + 3]!]![k1]!;
        dot4(wp, awp, vals[j0]!, vals[j1]!, vals[j2]!, vals[j3]!, avals[j0]!, avals[j1]!, avals[j2]!, avals[j3]!, len, acc1, accA);
      } else {
        for (let q = 0; q < g; q++) {
          const j = tuples[order[o + q]!]![k - 1]!;
          dot1(wp, awp, vals[j]!, avals[j]!, len, acc1, accA, q);
        }
      }
      for (let q = 0; q < g; q++) {
        const tq = order[o + q]!;
        const tt = tuples[tq]!;
        const last = vals[tt[k - 1]!]!;
        let a = acc1[q]!, b = 0;
        for (let i = 0; i < nE; i++) b += wp2[i]! * last[i]!;
        if (e2) for (let i = e2; i < e2 + nE; i++) b += wp2[i]! * last[i]!;
        if (symmetric) {
          // An odd integrand: the pair ±u cancels exactly.
          let sign = 1;
          for (let d = 0; d < k; d++) sign *= parity[tt[d]!]!;
          if (sign < 0) { a = 0; b = 0; }
        }
        s1[tq] += a; s2[tq] += b; l1[tq] += accA[q]!;
      }
      prev = tuples[order[o + g - 1]!]!;
      o += g;
    }
    nodesDone += mir ? 2 * n : n;
    onChunk?.(nodesDone);
  }
  return finishRule(rule, s1, s2, l1);
}

// The hot loops of runRule as small monomorphic functions (V8 optimises them apart from the large caller).

/** dst = a ⊙ b on [0, len). */
function mulInto(dst: Float64Array, a: Float64Array, b: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) dst[i] = a[i]! * b[i]!;
}

/** wp = W ⊙ pre, awp = |wp| on [0, len). */
function weightedPrefix(wp: Float64Array, awp: Float64Array, W: Float64Array, pre: Float64Array, len: number): void {
  for (let i = 0; i < len; i++) { const y = W[i]! * pre[i]!; wp[i] = y; awp[i] = Math.abs(y); }
}

/** acc[q] = Σ wp·v, accA[q] = Σ awp·|v| for one last factor v. */
function dot1(wp: Float64Array, awp: Float64Array, v: Float64Array, av: Float64Array, len: number, acc: Float64Array, accA: Float64Array, q: number): void {
  let a = 0, c = 0;
  for (let i = 0; i < len; i++) { a += wp[i]! * v[i]!; c += awp[i]! * av[i]!; }
  acc[q] = a; accA[q] = c;
}

/** dot1 for four last factors at once (the prefix arrays are read once). */
function dot4(
  wp: Float64Array, awp: Float64Array,
  l0: Float64Array, l1: Float64Array, l2: Float64Array, l3: Float64Array,
  m0: Float64Array, m1: Float64Array, m2: Float64Array, m3: Float64Array,
  len: number, acc: Float64Array, accA: Float64Array,
): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let i = 0; i < len; i++) {
    const x = wp[i]!, y = awp[i]!;
    a0 += x * l0[i]!; a1 += x * l1[i]!; a2 += x * l2[i]!; a3 += x * l3[i]!;
    c0 += y * m0[i]!; c1 += y * m1[i]!; c2 += y * m2[i]!; c3 += y * m3[i]!;
  }
  acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3;
  accA[0] = c0; accA[1] = c1; accA[2] = c2; accA[3] = c3;
}

/**
 * Whether every φ_j looks even or odd (a probe at a few pre-activations): only
 * the cost model uses it; the runner checks the symmetry on its actual nodes.
 */
function probeParity(phi: (z: number, j: number) => number, used: readonly number[]): boolean {
  return used.every((j) => {
    let even = true, odd = true;
    for (let z = 0.37; z < 6; z += 0.71) {
      const x = phi(z, j), y = phi(-z, j);
      if (x !== y) even = false;
      if (x !== -y) odd = false;
    }
    return even || odd;
  });
}

function lexCompare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Radius beyond which the Gaussian weight times the integrand is negligible.
 * Along rays, the envelope log(max_j |φ_j(±|c_j|ρ)|^k e^{-ρ²/2} ρ^{r-1}) is
 * compared with its peak: R is where it has fallen 44 (e^{-44} ≈ 1e-19) below, and
 * at least 8.5 + r/2. Bounded φ peak near the origin; φ of exponential growth
 * (Gauss-net) shift the peak to ρ ≈ k s, and R follows it.
 */
function truncationRadius(phi: (z: number, j: number) => number, coords: readonly (readonly number[])[], k: number, r: number): number {
  const env = (rad: number) => {
    let mx = 0;
    coords.forEach((c, j) => {
      const s = Math.hypot(...c);
      for (const sg of [1, -1]) mx = Math.max(mx, Math.abs(phi(sg * s * rad, j)));
    });
    return k * Math.log(mx) - (rad * rad) / 2 + (r - 1) * Math.log(Math.max(rad, 1e-3));
  };
  let peak = -Infinity, R = 0;
  for (let rad = 0; rad < 60; rad += 0.25) {
    const e = env(rad);
    if (e > peak) peak = e;
    R = rad;
    if (rad >= 8.5 + r / 2 && peak - e > 44) break;
  }
  return R;
}

/** Number of lattice points of hZ^r in the ball of radius R (volume estimate, for the budget). */
function trapezoidCount(r: number, R: number, h: number): number {
  const vol = Math.PI ** (r / 2) / Math.exp(lgammaHalf(r / 2 + 1));
  return vol * (R / h + 1) ** r;
}

function lgammaHalf(x: number): number {
  // Γ at integers and half-integers.
  let v = x % 1 === 0 ? 1 : Math.sqrt(Math.PI), a = x % 1 === 0 ? 1 : 0.5;
  while (a < x) { v *= a; a += 1; }
  return Math.log(v);
}

/** Trapezoidal rule on hZ^r ∩ ball(R) for the standard normal; the comparison rule is the 2h sub-lattice. */
function trapezoidRule(r: number, R: number, h: number, smooth: boolean, maxNodes: number): Rule {
  const nodes = Math.round(trapezoidCount(r, R, h));
  return {
    name: `trapezoid(r=${r}, h=${h.toPrecision(3)})`,
    nodes,
    estimate: smooth ? 'geometric' : 'richardson',
    refine: () => (trapezoidCount(r, R, h / 2) <= maxNodes ? trapezoidRule(r, R, h / 2, smooth, maxNodes) : undefined),
    chunks: () => trapezoidNodes(r, R, h, false),
    halfChunks: () => trapezoidNodes(r, R, h, true),
  };
}

/**
 * Nodes of the trapezoid on hZ^r ∩ ball(R), in lexicographic order (first index
 * fastest). That order lists −u in reverse: `half` stops at the origin, giving
 * one node of each pair ±u and the origin with half its weights (mirrored chunks).
 */
function* trapezoidNodes(r: number, R: number, h: number, half: boolean): Iterable<Chunk> {
  const M = Math.floor(R / h);
  const norm = (h / Math.sqrt(2 * Math.PI)) ** r, norm2 = ((2 * h) / Math.sqrt(2 * Math.PI)) ** r;
  const idx = new Array<number>(r).fill(-M);
  let ch = newChunk(r, half);
  for (;;) {
    let q = 0, even = true;
    for (let d = 0; d < r; d++) { q += idx[d]! * idx[d]!; if (idx[d]! % 2 !== 0) even = false; }
    const rr = h * h * q;
    if (rr <= R * R) {
      const g = Math.exp(-rr / 2);
      const i = ch.count++;
      for (let d = 0; d < r; d++) ch.u[i * r + d] = h * idx[d]!;
      // The origin is its own mirror: half weights, counted twice.
      const f = half && q === 0 ? 0.5 : 1;
      ch.w[i] = f * norm * g;
      ch.w2[i] = even ? f * norm2 * g : 0;
      if (ch.count === CHUNK) { yield ch; ch = newChunk(r, half); }
    }
    if (half && q === 0) break;
    let d = 0;
    while (d < r && idx[d] === M) { idx[d] = -M; d++; }
    if (d === r) break;
    idx[d]!++;
  }
  if (ch.count > 0) yield ch;
}

function newChunk(r: number, mirrored = false): Chunk {
  return { u: new Float64Array(CHUNK * r), w: new Float64Array(CHUNK), w2: new Float64Array(CHUNK), count: 0, mirrored };
}

/** Node lists (any length) packed into chunks. */
function* packChunks(r: number, u: number[], w: number[], w2: number[]): Iterable<Chunk> {
  for (let s = 0; s < w.length; s += CHUNK) {
    const n = Math.min(CHUNK, w.length - s);
    yield { u: Float64Array.from(u.slice(s * r, (s + n) * r)), w: Float64Array.from(w.slice(s, s + n)), w2: Float64Array.from(w2.slice(s, s + n)), count: n };
  }
}

/** Gauss–Legendre on [lo, hi] split into pieces of at most `maxLen`; calls add(node, weight). */
function legendrePieces(lo: number, hi: number, maxLen: number, q: { x: Float64Array; w: Float64Array }, add: (t: number, wt: number) => void) {
  if (!(hi > lo)) return;
  const pieces = Math.max(1, Math.ceil((hi - lo) / maxLen));
  const len = (hi - lo) / pieces;
  for (let s = 0; s < pieces; s++) {
    const mid = lo + (s + 0.5) * len, half = len / 2;
    for (let i = 0; i < q.x.length; i++) add(mid + half * q.x[i]!, half * q.w[i]!);
  }
}

const FINE = { radial: 24, angular: 30 }, COARSE = { radial: 18, angular: 22 };

/** r = 1 with kinks: Gauss–Legendre between the kinks u = κ/c_j, weight the standard normal density. */
function piecewiseLine(c: readonly number[], kinks: readonly number[], R: number): Rule {
  const brk = [-R, R];
  for (const cj of c) for (const k of kinks) if (cj !== 0 && Math.abs(k / cj) < R) brk.push(k / cj);
  brk.sort((a, b) => a - b);
  const u: number[] = [], w: number[] = [], w2: number[] = [];
  for (const [order, isFine] of [[FINE.radial, true], [COARSE.radial, false]] as const) {
    const q = gaussLegendre(order);
    for (let i = 0; i + 1 < brk.length; i++) {
      legendrePieces(brk[i]!, brk[i + 1]!, 1.5, q, (t, wt) => {
        const g = (wt * Math.exp(-t * t / 2)) / Math.sqrt(2 * Math.PI);
        u.push(t); w.push(isFine ? g : 0); w2.push(isFine ? 0 : g);
      });
    }
  }
  return { name: 'piecewise-legendre(r=1)', nodes: w.length, estimate: 'direct', chunks: () => packChunks(1, u, w, w2) };
}

/**
 * r = 2 with kinks: polar coordinates. Angular breakpoints: directions of the
 * kink lines c_j·u = κ through the origin (κ = 0) or their asymptotic directions
 * (κ ≠ 0), and the directions of crossings of two kink lines. Radial
 * breakpoints per direction: r = κ/(c_j·θ).
 */
function polarRule(coords: readonly (readonly number[])[], kinks: readonly number[], R: number): Rule {
  const lines: [number, number, number][] = [];
  for (const c of coords) for (const k of kinks) if (c[0] !== 0 || c[1] !== 0) lines.push([c[0]!, c[1]!, k]);
  const ang: number[] = [];
  // Directions in which a kink line enters the truncated disk |u| <= R: c·θ = κ/R. Beyond them the
  // radial integrals are analytic in θ (a line through the origin, κ = 0, enters at ±π/2).
  for (const [a, b, k] of lines) {
    const t = Math.atan2(b, a), cn = Math.hypot(a, b);
    if (Math.abs(k) < R * cn) { const d = Math.acos(k / (R * cn)); ang.push(t + d, t - d); }
  }
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [a1, b1, k1] = lines[i]!, [a2, b2, k2] = lines[j]!;
      const det = a1 * b2 - a2 * b1;
      if (Math.abs(det) <= 1e-14 * Math.hypot(a1, b1) * Math.hypot(a2, b2)) continue;
      const x = (k1 * b2 - k2 * b1) / det, y = (a1 * k2 - a2 * k1) / det;
      const rad = Math.hypot(x, y);
      if (rad > 0 && rad < R) ang.push(Math.atan2(y, x));
    }
  }
  const tau = 2 * Math.PI;
  const a = [...new Set(ang.map((t) => ((t % tau) + tau) % tau))].sort((x, y) => x - y);
  if (a.length === 0) a.push(0);
  const u: number[] = [], w: number[] = [], w2: number[] = [];
  for (const [ord, isFine] of [[FINE, true], [COARSE, false]] as const) {
    const qa = gaussLegendre(ord.angular), qr = gaussLegendre(ord.radial);
    for (let i = 0; i < a.length; i++) {
      const lo = a[i]!, hi = i + 1 < a.length ? a[i + 1]! : a[0]! + tau;
      legendrePieces(lo, hi, Math.PI / 4, qa, (th, wth) => {
        const ct = Math.cos(th), st = Math.sin(th);
        const rb = [0, R];
        for (const [l1, l2, k] of lines) {
          const d = l1 * ct + l2 * st;
          if (d !== 0 && k / d > 0 && k / d < R) rb.push(k / d);
        }
        rb.sort((x, y) => x - y);
        for (let s = 0; s + 1 < rb.length; s++) {
          legendrePieces(rb[s]!, rb[s + 1]!, 1.5, qr, (rad, wr) => {
            const g = (wth * wr * rad * Math.exp(-rad * rad / 2)) / tau;
            u.push(rad * ct, rad * st); w.push(isFine ? g : 0); w2.push(isFine ? 0 : g);
          });
        }
      });
    }
  }
  return { name: 'polar-legendre(r=2)', nodes: w.length, estimate: 'direct', chunks: () => packChunks(2, u, w, w2) };
}

/** Refuses node sets that would not fit in memory (a safety net; rules respect maxNodes themselves). */
export function checkNodeBudget(nodes: number, limit: number): void {
  if (nodes > limit) throw new BudgetExceededError('quadrature nodes', nodes, limit);
}
