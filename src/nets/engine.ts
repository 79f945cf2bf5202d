/**
 * The sampler's compute kernel: draw one-hidden-layer networks exactly as in
 * CONVENTIONS §1 from the counter-based RNG, and accumulate, per fixed chunk of
 * networks, the sums (and sums of squares) of the per-network estimates of
 * G(n)(x_i1..x_in) on the unique index tuples (CONVENTIONS §3). Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §3 (the experiments this reproduces).
 *
 * Stream of network i of experiment e at width N under seed s (src/core/rng.ts):
 * key = [s, e], counter = [block, i, N, 0]. Its Gaussians, in order:
 *   W0 (N·d_in, neuron-major), b0 (N), W1 (N), b1 (1),
 * scaled by σ_W/√d_in, σ_b, σ_W/√N, σ_b. Both estimators use the same hidden layer
 * for the same network; `conditional` does not draw W1, b1.
 *
 * Estimators, per network:
 *   plain:        f(x_a) = b1 + Σ_j W1_j φ_j(x_a);  value = f(x_i1)…f(x_in)
 *   conditional:  C_ab = σ_b² + (σ_W²/N) Σ_j φ_j(x_a) φ_j(x_b) is the covariance of f given
 *                 the hidden layer; value = Σ over perfect matchings of Π C (Wick), i.e.
 *                 E[f(x_i1)…f(x_in) | hidden layer], whose mean over networks is G(n) too.
 *
 * Deep networks (depth L ≥ 2, CONVENTIONS §8; a spec with `layers`): src/nets/deep.ts, whose
 * header gives their stream layout: one stream per layer transition t = 0..L (t = L the output),
 * counter = [block, i, H, t + 1] with H a hash of the widths (n_1..n_L), so a deep network's
 * streams never meet one-layer streams (counter word 3 = 0 above) nor those of other widths.
 * Which counters feed which layer: transition t's stream draws layer t+1's weights and biases
 * (weight space) or its neurons' m-component Gaussians (function space, exact: see there).
 */
import { BudgetExceededError, InvalidArgumentError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { fillGaussians } from '../core/rng.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { accumulateNet, type TuplePlan } from './tuples.js';
import { computeDeepChunk, transitions } from './deep.js';

/** How each network's contribution is estimated (see the file header). */
export type Estimator = 'plain' | 'conditional';

/** Everything that determines the sampled numbers (and nothing that does not: threads, backend, I/O). */
export interface SampleSpec {
  /** Registry name of the architecture. */
  arch: string;
  params: ArchParams;
  points: number[][];
  /** Integer widths N (one hidden layer); with `layers`, the last hidden width n_L of each sweep point. */
  widths: number[];
  /**
   * Deep networks (CONVENTIONS §8): the hidden widths n_1..n_L (L ≥ 2) of each sweep point, first layer
   * first; absent for one hidden layer (so one-layer specs, checkpoints and streams are unchanged).
   */
  layers?: number[][];
  /** Even orders n (e.g. [4] or [2, 4, 6]). */
  ns: number[];
  /** Networks per width, split over the experiments. */
  nets: number;
  experiments: number;
  /** uint32 seed. */
  seed: number;
  estimator: Estimator;
  /** Networks per chunk: the unit of exact accumulation, checkpointing and sharding. */
  chunkSize: number;
  /**
   * The arithmetic: 'workers' (float64 JS, any thread count), 'tfjs' (float32 tensors) or 'gpu'
   * (float32 WGSL kernel, Box–Muller Gaussians: src/nets/backends/gpu.ts); part of the identity.
   */
  backend: 'workers' | 'tfjs' | 'gpu';
}

/** Part i of n of a job (`--shard i/n`), counted from 1. */
export interface Shard { index: number; count: number }

/**
 * Whether chunk `id` belongs to shard i/n: round-robin over chunk ids, so every shard gets its
 * share of each width (chunks of wide nets cost more). The one definition, used by the sampler
 * and by merge when it names missing shards.
 */
export function chunkInShard(id: number, shard: Shard): boolean {
  return id % shard.count === shard.index - 1;
}

/** Most unique tuples (over all n) a job may accumulate per network. */
export const MAX_TUPLES = 200_000;

/** Networks in experiment e: nets split as evenly as possible, the first (nets mod E) get one more. */
export function experimentSize(spec: Pick<SampleSpec, 'nets' | 'experiments'>, e: number): number {
  const q = Math.floor(spec.nets / spec.experiments);
  return q + (e < spec.nets % spec.experiments ? 1 : 0);
}

/** One chunk: networks [start, start+count) of experiment e at width index w. */
export interface ChunkRef {
  id: number;
  w: number;
  e: number;
  start: number;
  count: number;
}

/** The fixed chunk grid of a job: chunk ids 0..total-1, width-major, then experiment, then position. */
export interface ChunkLayout {
  total: number;
  perWidth: number;
  /** First chunk (within a width) of each experiment; length experiments + 1. */
  expOffset: number[];
}

/** The chunk grid of a spec (depends only on nets, experiments, chunk size and the number of widths). */
export function chunkLayout(spec: SampleSpec): ChunkLayout {
  const expOffset = [0];
  for (let e = 0; e < spec.experiments; e++) {
    expOffset.push(expOffset[e]! + Math.ceil(experimentSize(spec, e) / spec.chunkSize));
  }
  const perWidth = expOffset[spec.experiments]!;
  return { total: perWidth * spec.widths.length, perWidth, expOffset };
}

/** The chunk with a given id. */
export function chunkRef(spec: SampleSpec, layout: ChunkLayout, id: number): ChunkRef {
  const w = Math.floor(id / layout.perWidth);
  const r = id - w * layout.perWidth;
  let lo = 0, hi = spec.experiments - 1;
  while (lo < hi) { // last e with expOffset[e] <= r
    const mid = (lo + hi + 1) >> 1;
    if (layout.expOffset[mid]! <= r) lo = mid; else hi = mid - 1;
  }
  const e = lo;
  const c = r - layout.expOffset[e]!;
  const start = c * spec.chunkSize;
  const count = Math.min(spec.chunkSize, experimentSize(spec, e) - start);
  return { id, w, e, start, count };
}

/** Validates a spec (throws INVALID_ARGUMENT / BUDGET_EXCEEDED) before any work starts. */
export function validateSpec(spec: SampleSpec): void {
  const intIn = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;
  if (!spec.widths.length || !spec.widths.every((n) => intIn(n, 1, 0xffffffff))) {
    throw new InvalidArgumentError(`sampled widths must be positive integers, got ${spec.widths.join(', ')}`);
  }
  if (!spec.ns.length || !spec.ns.every((n) => intIn(n, 2, 64) && n % 2 === 0)) {
    throw new InvalidArgumentError(`n must be even integers >= 2 (odd correlators vanish identically: the networks are symmetric under W1, b1 → −W1, −b1, i.e. f → −f), got ${spec.ns.join(', ')}`);
  }
  if (!intIn(spec.nets, 1, Number.MAX_SAFE_INTEGER)) throw new InvalidArgumentError(`--nets must be a positive integer, got ${spec.nets}`);
  if (!intIn(spec.experiments, 1, 0xffffffff)) throw new InvalidArgumentError(`--experiments must be a positive integer, got ${spec.experiments}`);
  if (spec.experiments > spec.nets) {
    throw new InvalidArgumentError(`${spec.experiments} experiments need at least as many networks (got ${spec.nets})`);
  }
  if (Math.ceil(spec.nets / spec.experiments) > 0xffffffff) throw new InvalidArgumentError('at most 2^32 networks per experiment');
  if (!intIn(spec.seed, 0, 0xffffffff)) throw new InvalidArgumentError(`--seed must be an integer in [0, 2^32), got ${spec.seed}`);
  if (!intIn(spec.chunkSize, 1, 1 << 24)) throw new InvalidArgumentError(`chunk size must be a positive integer, got ${spec.chunkSize}`);
  if (spec.backend !== 'workers' && spec.backend !== 'tfjs' && spec.backend !== 'gpu') {
    throw new InvalidArgumentError(`unknown backend "${spec.backend}" (workers, tfjs, gpu)`);
  }
  if (spec.estimator !== 'plain' && spec.estimator !== 'conditional') {
    throw new InvalidArgumentError(`unknown estimator "${spec.estimator}" (plain, conditional)`);
  }
  const d = spec.params.dIn;
  if (!spec.points.length || !spec.points.every((p) => p.length === d && p.every(Number.isFinite))) {
    throw new InvalidArgumentError(`input points must be finite vectors of dimension d_in = ${d}`);
  }
  const tuples = tupleCount(spec.points.length, spec.ns);
  if (tuples > MAX_TUPLES) throw new BudgetExceededError('unique index tuples per network', tuples, MAX_TUPLES);
  if (spec.layers !== undefined) {
    const ls = spec.layers;
    if (!Array.isArray(ls) || ls.length !== spec.widths.length || !ls.every((l, w) => Array.isArray(l) && l.length >= 2
      && l.every((n) => intIn(n, 1, 0xffffffff)) && l[l.length - 1] === spec.widths[w])) {
      throw new InvalidArgumentError('layers must list, per sweep point, at least 2 positive integer hidden widths ending in that point\'s width');
    }
    // Per network: the largest transition's Gaussians, and pre-activations and two layers of activations per input.
    const m = spec.points.length;
    const perNetDeep = Math.max(...ls.map((l) => Math.max(
      ...transitions(l, d, m).map((t) => t.gaussians), 3 * m * Math.max(d, ...l))));
    if (perNetDeep > MAX_VALUES_PER_NET) throw new BudgetExceededError('numbers held per network (largest layer)', perNetDeep, MAX_VALUES_PER_NET);
    return;
  }
  // One network holds width × (d_in + 2) Gaussians and width × (points) activations in typed arrays.
  const perNet = Math.max(...spec.widths) * (d + 2 + spec.points.length);
  if (perNet > MAX_VALUES_PER_NET) throw new BudgetExceededError('numbers held per network (width × (d_in + 2 + inputs))', perNet, MAX_VALUES_PER_NET);
}

/** Numbers one network may hold (2^24 doubles, 128 MiB a buffer): refuses widths that cannot be allocated. */
export const MAX_VALUES_PER_NET = 1 << 24;

/** Number of unique index tuples (i1 <= … <= in over m points), summed over the orders ns. */
export function tupleCount(m: number, ns: readonly number[]): number {
  return ns.reduce((s, n) => s + binom(m + n - 1, n), 0);
}

function binom(a: number, b: number): number {
  let r = 1;
  for (let i = 1; i <= b; i++) r = (r * (a - b + i)) / i;
  return Math.round(r);
}

/** Gaussians per network: first layer only (conditional) or all layers (plain, or raw outputs). */
export function gaussiansPerNet(N: number, dIn: number, withReadout: boolean): number {
  return N * (dIn + 1) + (withReadout ? N + 1 : 0);
}

/**
 * Runs one chunk and returns [sums (T), sums of squares (T)] of the per-network values
 * over the chunk's networks, in network order (deterministic). The sums of squares are
 * accumulated only for a single experiment (zero otherwise: unused). When `raw` is given,
 * also writes f(x_a) of network start+r to raw[r·m + a] (plain readout, drawn for this).
 */
export function computeChunk(
  spec: SampleSpec, arch: Architecture, plan: TuplePlan, ref: ChunkRef, raw?: Float64Array,
): Float64Array {
  if (spec.layers) return computeDeepChunk(spec, arch, plan, ref, raw);
  const { params: p, points } = spec;
  const N = spec.widths[ref.w]!;
  const dIn = p.dIn;
  const m = points.length;
  const conditional = spec.estimator === 'conditional';
  const withReadout = !conditional || raw !== undefined;
  const nG = gaussiansPerNet(N, dIn, withReadout);
  const g = new Float64Array(nG);
  const scratch = new Uint32Array(4 * Math.ceil((nG + (nG >> 4) + 32) / 4));
  const z = new Float64Array(m * N);
  const ph = new Float64Array(m * N);
  const zv = Array.from({ length: m }, (_, a) => z.subarray(a * N, (a + 1) * N));
  const pv = Array.from({ length: m }, (_, a) => ph.subarray(a * N, (a + 1) * N));
  const xs = points.map((x) => Float64Array.from(x));
  const sw0 = p.sW / Math.sqrt(dIn), sb = p.sb, sw1 = p.sW / Math.sqrt(N);
  const cScale = (p.sW * p.sW) / N, sb2 = p.sb * p.sb;
  const C = new Float64Array(m * m);
  const f = new Float64Array(m);
  const T = plan.tuples.length;
  const out = new Float64Array(2 * T);
  const phiBatch = arch.phiBatch;
  // sums of squares serve the error bar of a single experiment only (result.ts); skip them otherwise
  const squares = spec.experiments === 1;

  for (let r = 0; r < ref.count; r++) {
    const i = ref.start + r;
    fillGaussians(spec.seed, ref.e, i, N, 0, g, nG, 0, scratch);
    // pre-activations z_a[j] = b0_j + Σ_d W0_jd x_ad
    const bOff = N * dIn;
    if (dIn === 1) {
      // one input dimension: the points in pairs share each load of (b0_j, W0_j); same bits per element
      let a = 0;
      for (; a + 1 < m; a += 2) {
        const za = zv[a]!, zb = zv[a + 1]!, xa = sw0 * xs[a]![0]!, xb = sw0 * xs[a + 1]![0]!;
        for (let j = 0; j < N; j++) {
          const bj = sb * g[bOff + j]!, wj = g[j]!;
          za[j] = bj + xa * wj; zb[j] = bj + xb * wj;
        }
      }
      if (a < m) {
        const za = zv[a]!, xa = sw0 * xs[a]![0]!;
        for (let j = 0; j < N; j++) za[j] = sb * g[bOff + j]! + xa * g[j]!;
      }
    }
    for (let a = 0; a < m; a++) {
      const za = zv[a]!, x = xs[a]!;
      if (dIn === 1) {
        // computed above
      } else {
        for (let j = 0; j < N; j++) {
          let s = sb * g[bOff + j]!;
          const o = j * dIn;
          for (let d = 0; d < dIn; d++) s += sw0 * g[o + d]! * x[d]!;
          za[j] = s;
        }
      }
      if (phiBatch) phiBatch(za, pv[a]!, points[a]!, p);
      else { const pa = pv[a]!, pt = points[a]!; for (let j = 0; j < N; j++) pa[j] = arch.phi(za[j]!, pt, p); }
    }
    if (withReadout) {
      const wOff = N * (dIn + 1);
      readout(g, wOff, pv, N, m, sb * g[wOff + N]!, sw1, f);
      if (raw) for (let a = 0; a < m; a++) raw[r * m + a] = f[a]!;
    }
    if (conditional) {
      covariance(pv, N, m, sb2, cScale, C);
      accumulateNet(plan, C, out, squares);
    } else {
      accumulateNet(plan, f, out, squares);
    }
  }
  return out;
}

/**
 * f_a = b1 + s·Σ_j W1_j φ_a[j] with W1_j = g[wOff + j]: three points per pass share each
 * load of W1_j and run independent add chains; each sum adds its terms in the order
 * j = 0, 1, …, N−1 (the bits of the plain loop).
 */
export function readout(
  g: Float64Array, wOff: number, pv: readonly Float64Array[], N: number, m: number, b1: number, s: number, f: Float64Array,
): void {
  let a = 0;
  for (; a + 2 < m; a += 3) {
    const p0 = pv[a]!, p1 = pv[a + 1]!, p2 = pv[a + 2]!;
    let s0 = 0, s1 = 0, s2 = 0;
    for (let j = 0; j < N; j++) {
      const w = g[wOff + j]!;
      s0 += w * p0[j]!; s1 += w * p1[j]!; s2 += w * p2[j]!;
    }
    f[a] = b1 + s * s0; f[a + 1] = b1 + s * s1; f[a + 2] = b1 + s * s2;
  }
  for (; a < m; a++) {
    const pa = pv[a]!;
    let s0 = 0;
    for (let j = 0; j < N; j++) s0 += g[wOff + j]! * pa[j]!;
    f[a] = b1 + s * s0;
  }
}

/**
 * C_ab = σ_b² + (σ_W²/N) Σ_j φ_a[j] φ_b[j] for a ≤ b (mirrored), C m×m row-major. Tiles of
 * two rows × two columns share each load of φ[j] among four independent add chains (the
 * loop is load-bound otherwise: 1.6× faster at m = 6, N = 1000); every sum still adds its
 * terms in the order j = 0, 1, …, N−1, so the bits are those of the plain double loop.
 */
export function covariance(
  pv: readonly Float64Array[], N: number, m: number, sb2: number, cScale: number, C: Float64Array,
): void {
  for (let a = 0; a < m; a += 2) {
    const pa = pv[a]!;
    if (a + 1 >= m) { // odd m: the last diagonal entry alone
      let s = 0;
      for (let j = 0; j < N; j++) s += pa[j]! * pa[j]!;
      C[a * m + a] = sb2 + cScale * s;
      break;
    }
    const pb = pv[a + 1]!;
    let d0 = 0, d1 = 0, d2 = 0; // the diagonal tile: (a,a), (a,a+1), (a+1,a+1)
    for (let j = 0; j < N; j++) { const x = pa[j]!, y = pb[j]!; d0 += x * x; d1 += x * y; d2 += y * y; }
    C[a * m + a] = sb2 + cScale * d0;
    C[a * m + a + 1] = C[(a + 1) * m + a] = sb2 + cScale * d1;
    C[(a + 1) * m + a + 1] = sb2 + cScale * d2;
    let b = a + 2;
    for (; b + 1 < m; b += 2) {
      const q0 = pv[b]!, q1 = pv[b + 1]!;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
      for (let j = 0; j < N; j++) {
        const x = pa[j]!, y = pb[j]!, u = q0[j]!, v = q1[j]!;
        s00 += x * u; s01 += x * v; s10 += y * u; s11 += y * v;
      }
      C[a * m + b] = C[b * m + a] = sb2 + cScale * s00;
      C[a * m + b + 1] = C[(b + 1) * m + a] = sb2 + cScale * s01;
      C[(a + 1) * m + b] = C[b * m + a + 1] = sb2 + cScale * s10;
      C[(a + 1) * m + b + 1] = C[(b + 1) * m + a + 1] = sb2 + cScale * s11;
    }
    if (b < m) { // odd m: the last column
      const q0 = pv[b]!;
      let s00 = 0, s10 = 0;
      for (let j = 0; j < N; j++) { const u = q0[j]!; s00 += pa[j]! * u; s10 += pb[j]! * u; }
      C[a * m + b] = C[b * m + a] = sb2 + cScale * s00;
      C[(a + 1) * m + b] = C[b * m + a + 1] = sb2 + cScale * s10;
    }
  }
}

/** Points as plain arrays (for specs that must serialise). */
export function copyPoints(points: readonly Point[]): number[][] {
  return points.map((x) => Array.from(x));
}
