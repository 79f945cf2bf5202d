/**
 * The sampler's compute kernel for networks of depth L ≥ 2 (CONVENTIONS §8): the same chunks,
 * estimators and accumulation as one hidden layer (src/nets/engine.ts), with the layers drawn
 * one after another, each either in weight space or in function space. Roberts, Yaida, Hanin,
 * *The Principles of Deep Learning Theory*, arXiv:2106.10165, ch. 4 (the layer-by-layer
 * distribution); Halverson, Maiti, Stoner, arXiv:2008.08601 §3 (the experiments).
 *
 * Transition t = 0..L maps layer t's values Φ_t (the inputs x for t = 0, fan-in k_t = d_in;
 * the activations φ(z_t) for t ≥ 1, fan-in k_t = n_t) to the pre-activations of layer t+1
 * (n_{t+1} neurons; the output for t = L, one neuron):
 *
 *   z_{t+1,i}(x_a) = b_i + Σ_j W_ij Φ_t,j(x_a),   W_ij ~ N(0, σ_W²/k_t),  b_i ~ N(0, σ_b²).
 *
 * Function space is exact, not an approximation: given Φ_t, z_{t+1,i} is a linear map of the
 * Gaussian vector (W_i·, b_i), hence exactly Gaussian over the m inputs with covariance
 *   Σ_ab = σ_b² + (σ_W²/k_t) Σ_j Φ_t,j(x_a) Φ_t,j(x_b),
 * and different neurons i are independent because their weight rows and biases are. So
 * z_{t+1,i} = A g_i with Σ = A Aᵀ and g_i m standard normals has exactly the conditional law
 * of the weight-space draw, and the joint law over layers follows by the chain rule. Σ has
 * rank ≤ min(m, k_t + 1) (repeated inputs, or fewer neurons than inputs), so A comes from a
 * pivoted Cholesky factorisation that stops at the numerical rank ({@link pivotedCholesky}):
 * exact for positive semi-definite Σ up to rounding (and a covariance change ≤ 1e-12 relative).
 *
 * Which space: the one that needs fewer Gaussians per neuron, function space iff m < k_t + 1
 * (so the first layer stays in weight space whenever d_in + 1 ≤ m, e.g. the paper's d_in = 1,
 * m = 6). The choice is a fixed function of (m, k_t): part of the stream contract below.
 *
 * Stream contract (src/core/rng.ts; changing it changes every sampled number): network i of
 * experiment e under seed s, hidden widths (n_1..n_L), transition t, has key = [s, e] and
 * counter = [block, i, H, t + 1], H = {@link widthsHash}(n_1..n_L). One hidden layer uses
 * counter word 3 = 0 (engine.ts), so deep streams never meet one-layer streams, and H puts the
 * widths in every deep stream's identity (different width vectors draw independent streams, as
 * different one-layer widths do). The Gaussians of transition t, in order:
 *   weight space:   W (n_{t+1}·k_t, neuron-major), then b (n_{t+1}); scaled by σ_W/√k_t, σ_b;
 *   function space: n_{t+1}·m standard normals, component-major: g[c·n_{t+1} + i] is component
 *                   c of neuron i, z_{t+1,i}(x_perm[k]) = Σ_{c ≤ k} L_kc g[c·n_{t+1} + i], Σ = A Aᵀ
 *                   with A = L in the pivot order perm of {@link pivotedCholesky} (c ascending).
 * Both estimators draw the same hidden layers (transitions 0..L−1); `plain` (or raw outputs)
 * also draws transition L, the output; `conditional` stops one layer early and Wick-sums over
 * the output's conditional covariance Σ_{L+1}, as for one hidden layer.
 */
import type { Architecture } from '../kernels/types.js';
import { fillGaussians } from '../core/rng.js';
import { covariance, readout, type ChunkRef, type SampleSpec } from './engine.js';
import { accumulateNet, type TuplePlan } from './tuples.js';

/**
 * 32-bit FNV-1a hash of the widths (L, n_1, …, n_L as little-endian uint32 words): counter word 2
 * of every deep stream (see the file header).
 */
export function widthsHash(widths: readonly number[]): number {
  let h = 0x811c9dc5;
  const eat = (v: number) => {
    for (let k = 0; k < 4; k++) { h ^= (v >>> (8 * k)) & 0xff; h = Math.imul(h, 0x01000193) >>> 0; }
  };
  eat(widths.length);
  for (const n of widths) eat(n);
  return h >>> 0;
}

/** One transition of a deep network: fan-in, fan-out, which space, and how many Gaussians it draws. */
export interface Transition {
  fanIn: number;
  fanOut: number;
  functionSpace: boolean;
  gaussians: number;
}

/**
 * The transitions t = 0..L of a network with hidden widths `widths`, d_in inputs dims and m input
 * points (t = L is the output). Function space iff it needs fewer Gaussians: m < fan-in + 1.
 */
export function transitions(widths: readonly number[], dIn: number, m: number): Transition[] {
  const out: Transition[] = [];
  for (let t = 0; t <= widths.length; t++) {
    const fanIn = t === 0 ? dIn : widths[t - 1]!, fanOut = t === widths.length ? 1 : widths[t]!;
    const functionSpace = m < fanIn + 1;
    out.push({ fanIn, fanOut, functionSpace, gaussians: fanOut * (functionSpace ? m : fanIn + 1) });
  }
  return out;
}

/**
 * Relative cutoff of {@link pivotedCholesky}: a remaining Schur-complement diagonal at most this times
 * max diag(S) is rounding noise of a rank-deficient S (cancellation leaves ~m·ε there; 1e-12 is far
 * above it). Keeping it would add a spurious component of size √(noise) ~ 1e-8 to z (repeated inputs
 * would then differ); dropping it changes the covariance by at most 1e-12 relative, far below any
 * statistical resolution.
 */
export const CHOLESKY_CUTOFF = 1e-12;

/**
 * Pivoted (semi-definite) Cholesky factor in pivot order: writes L (m×m, row-major, lower
 * triangular) and perm with S[perm[a], perm[b]] = Σ_c L[a·m + c] L[b·m + c], S symmetric positive
 * semi-definite (m×m, row-major; not modified). Step k pivots on the largest remaining diagonal of
 * the Schur complement (perm[k] = the input pivoted at step k) and stops when it is at most
 * {@link CHOLESKY_CUTOFF}·max diag(S) (rounding noise of a rank-deficient S), leaving the remaining
 * columns zero. Returns the rank. So z_{perm[k]} = Σ_{c ≤ k} L[k·m + c] g_c has covariance S.
 */
export function pivotedCholesky(S: Float64Array, m: number, L: Float64Array, perm: Int32Array): number {
  let maxDiag = 0;
  for (let a = 0; a < m; a++) { perm[a] = a; maxDiag = Math.max(maxDiag, S[a * m + a]!); }
  // L holds the full symmetric Schur complement below and right of the factored columns; pivoting
  // swaps whole rows and columns (the factored columns' rows move with their inputs)
  for (let i = 0, mm = m * m; i < mm; i++) L[i] = S[i]!; // (no subarray: an allocation per call)
  const tol = CHOLESKY_CUTOFF * maxDiag;
  let rank = 0;
  for (let k = 0; k < m; k++) {
    let p = k, best = L[k * m + k]!;
    for (let i = k + 1; i < m; i++) { const d = L[i * m + i]!; if (d > best) { best = d; p = i; } }
    if (!(best > tol)) break;
    if (p !== k) {
      const t = perm[k]!; perm[k] = perm[p]!; perm[p] = t;
      for (let c = 0; c < m; c++) { const u = L[k * m + c]!; L[k * m + c] = L[p * m + c]!; L[p * m + c] = u; }
      for (let r = 0; r < m; r++) { const u = L[r * m + k]!; L[r * m + k] = L[r * m + p]!; L[r * m + p] = u; }
    }
    const sq = Math.sqrt(best);
    L[k * m + k] = sq;
    for (let i = k + 1; i < m; i++) L[i * m + k] = L[i * m + k]! / sq;
    for (let i = k + 1; i < m; i++) {
      const li = L[i * m + k]!;
      for (let j = k + 1; j <= i; j++) { const v = L[i * m + j]! - li * L[j * m + k]!; L[i * m + j] = v; L[j * m + i] = v; }
    }
    rank = k + 1;
  }
  // upper triangle, and the residual below the rank, to zero
  for (let i = 0; i < m; i++) for (let j = Math.min(i + 1, rank); j < m; j++) if (j > i || j >= rank) L[i * m + j] = 0;
  return rank;
}

/** z_{perm[k]}[i] = Σ_{c ≤ k} B[k·m + c] g[c·n + i] for i < n, B = L of {@link pivotedCholesky}: one function-space layer. */
export type FunctionSpaceKernel = (g: Float64Array, n: number, B: Float64Array, zs: readonly Float64Array[]) => void;

/** Largest number of inputs m for which {@link functionSpaceKernel} writes the layer out as straight-line code. */
export const MAX_COMPILED_INPUTS = 8;

/**
 * The product z = L g of a function-space layer for m inputs, L the factor of {@link pivotedCholesky}
 * in pivot order (B = L) and zs[k] the pre-activations of input perm[k]: each neuron's
 * m Gaussians are loaded once into locals and its m outputs summed in registers (c = 0, 1, …, k in
 * that order), not m(m+1)/2 passes over the layer (4× faster at m = 6, n = 100). Straight-line
 * JavaScript built from integers only (`new Function`, as src/nets/tuples.ts does), up to
 * {@link MAX_COMPILED_INPUTS} inputs; the same loop with inner loops beyond that.
 */
export function functionSpaceKernel(m: number): FunctionSpaceKernel {
  if (m > MAX_COMPILED_INPUTS) {
    return (g, n, B, zs) => {
      for (let k = 0; k < m; k++) {
        const z = zs[k]!, o = k * m;
        for (let i = 0; i < n; i++) z[i] = B[o]! * g[i]!;
        for (let c = 1; c <= k; c++) { const b = B[o + c]!, go = c * n; for (let i = 0; i < n; i++) z[i] += b * g[go + i]!; }
      }
    };
  }
  const lines: string[] = [];
  for (let k = 0; k < m; k++) {
    lines.push(`const z${k} = zs[${k}];`);
    for (let c = 0; c <= k; c++) lines.push(`const b${k}_${c} = B[${k * m + c}];`);
  }
  const body: string[] = [];
  for (let c = 0; c < m; c++) body.push(`const g${c} = g[${c} * n + i];`);
  for (let k = 0; k < m; k++) {
    body.push(`z${k}[i] = ${Array.from({ length: k + 1 }, (_, c) => `b${k}_${c} * g${c}`).join(' + ')};`);
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('g', 'n', 'B', 'zs', `${lines.join('\n')}\nfor (let i = 0; i < n; i++) {\n${body.join('\n')}\n}`) as FunctionSpaceKernel;
}

/**
 * Runs one chunk of a deep spec (spec.layers present): [sums (T), sums of squares (T)] over the
 * chunk's networks, as {@link computeChunk} does for one hidden layer.
 */
export function computeDeepChunk(
  spec: SampleSpec, arch: Architecture, plan: TuplePlan, ref: ChunkRef, raw?: Float64Array,
): Float64Array {
  const widths = spec.layers![ref.w]!;
  const { params: p, points } = spec;
  const m = points.length, L = widths.length;
  const H = widthsHash(widths);
  const tr = transitions(widths, p.dIn, m);
  const conditional = spec.estimator === 'conditional';
  const withReadout = !conditional || raw !== undefined;
  const nMax = Math.max(p.dIn, ...widths);
  const gMax = Math.max(...tr.map((x) => x.gaussians));
  const g = new Float64Array(gMax);
  const scratch = new Uint32Array(4 * Math.ceil((gMax + (gMax >> 4) + 32) / 4));
  // values per input point: layer t's activations (double-buffered), pre-activations
  const bufs = [new Float64Array(m * nMax), new Float64Array(m * nMax)];
  const zb = new Float64Array(m * nMax);
  const views = (b: Float64Array, n: number) => Array.from({ length: m }, (_, a) => b.subarray(a * n, (a + 1) * n));
  const zViews = widths.map((n) => views(zb, n));
  const phViews = widths.map((n, t) => views(bufs[t & 1]!, n));
  const xs = points.map((x) => Float64Array.from(x));
  const sb = p.sb, sb2 = p.sb * p.sb, CW = p.sW * p.sW;
  const S = new Float64Array(m * m), A = new Float64Array(m * m), perm = new Int32Array(m);
  // function space at t = 0 (d_in + 1 > m): Σ_1 depends on the inputs only, so its factor is fixed
  const A0 = new Float64Array(m * m), perm0 = new Int32Array(m);
  if (tr[0]!.functionSpace) {
    covariance(xs, p.dIn, m, sb2, CW / p.dIn, S);
    pivotedCholesky(S, m, A0, perm0);
  }
  const C = new Float64Array(m * m);
  const f = new Float64Array(m);
  const out = new Float64Array(2 * plan.tuples.length);
  const squares = spec.experiments === 1;
  const phiBatch = arch.phiBatch;

  const product = functionSpaceKernel(m);
  const zPerm: Float64Array[] = new Array<Float64Array>(m);
  /** z = L g over a function-space transition with n neurons (z views of length n), L in pivot order. */
  const functionSpace = (Lf: Float64Array, order: Int32Array, n: number, z: Float64Array[]) => {
    for (let k = 0; k < m; k++) zPerm[k] = z[order[k]!]!;
    product(g, n, Lf, zPerm);
  };

  for (let r = 0; r < ref.count; r++) {
    const net = ref.start + r;
    let prev: readonly Float64Array[] = xs;
    let k = p.dIn;
    for (let t = 0; t < L; t++) {
      const n = widths[t]!, x = tr[t]!;
      fillGaussians(spec.seed, ref.e, net, H, t + 1, g, x.gaussians, 0, scratch);
      const z = zViews[t]!;
      if (x.functionSpace) {
        if (t === 0) functionSpace(A0, perm0, n, z);
        else {
          covariance(prev, k, m, sb2, CW / k, S);
          pivotedCholesky(S, m, A, perm);
          functionSpace(A, perm, n, z);
        }
      } else {
        const sw = p.sW / Math.sqrt(k), bOff = n * k;
        for (let a = 0; a < m; a++) {
          const za = z[a]!, pa = prev[a]!;
          for (let i = 0; i < n; i++) {
            let s = 0;
            const o = i * k;
            for (let j = 0; j < k; j++) s += g[o + j]! * pa[j]!;
            za[i] = sb * g[bOff + i]! + sw * s;
          }
        }
      }
      const ph = phViews[t]!;
      for (let a = 0; a < m; a++) {
        if (phiBatch) phiBatch(z[a]!, ph[a]!, points[a]!, p);
        else { const za = z[a]!, pa = ph[a]!, pt = points[a]!; for (let i = 0; i < n; i++) pa[i] = arch.phi(za[i]!, pt, p); }
      }
      prev = ph;
      k = n;
    }
    const last = tr[L]!;
    // Σ_{L+1}: the output's covariance given the last hidden layer (the conditional estimator's
    // Wick sums; the plain draw's factor in function space)
    if (conditional || (withReadout && last.functionSpace)) covariance(prev, k, m, sb2, CW / k, C);
    if (withReadout) {
      fillGaussians(spec.seed, ref.e, net, H, L + 1, g, last.gaussians, 0, scratch);
      if (last.functionSpace) {
        pivotedCholesky(C, m, A, perm);
        for (let k = 0; k < m; k++) {
          let s = 0;
          for (let c = 0; c <= k; c++) s += A[k * m + c]! * g[c]!;
          f[perm[k]!] = s;
        }
      } else readout(g, 0, prev, k, m, sb * g[k]!, p.sW / Math.sqrt(k), f);
      if (raw) for (let a = 0; a < m; a++) raw[r * m + a] = f[a]!;
    }
    accumulateNet(plan, conditional ? C : f, out, squares);
  }
  return out;
}
