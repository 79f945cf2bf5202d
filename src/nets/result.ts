/**
 * From accumulated sums to reported numbers (CONVENTIONS §3): G(n) with its
 * standard error, ΔG = G − G_GP (G_GP = Wick sum of the closed-form kernel),
 * the background (std of the per-experiment estimate over G_GP) and
 * m_n = |ΔG| / G_GP, per unique index tuple and averaged, per width.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Measurement } from '../core/estimate.js';
import { uniqueTuples, wickSum } from '../core/combinatorics.js';
import { kernelMatrix } from '../kernels/kernel.js';
import { architectureFromKey } from '../kernels/resolve.js';
import { networkKernel } from '../kernels/network.js';
import type { Architecture } from '../kernels/types.js';
import type { SampleSpec } from './engine.js';
import { exactMerge, exactValue } from './exact-sum.js';
import type { SampleState } from './state.js';

/** One unique index tuple's numbers. */
export interface SampleEntry {
  /** Indices into the input points, non-decreasing. */
  index: number[];
  /** G(n) at the tuple: mean over all networks; stdError from the spread across experiments (one experiment: across networks). */
  G: Measurement;
  /** G_GP: Wick sum of the kernel (null where the architecture has no closed-form kernel). */
  GP: number | null;
  /** ΔG = G − G_GP (G_GP is exact, so the error is G's). */
  delta: { mean: number; stdError: number } | null;
  /** |ΔG| / G_GP. */
  m: number | null;
  /** Std of the per-experiment estimate of G divided by |G_GP| (CONVENTIONS §3). */
  background: number | null;
}

/** Numbers for one width and one n. */
export interface SampleWidthResult {
  /** The hidden width N; for a deep network the last hidden width n_L (all of them in `layers`). */
  width: number;
  /** Deep networks: the hidden widths n_1..n_L of this sweep point. */
  layers?: number[];
  n: number;
  entries: SampleEntry[];
  /** Mean of m over the entries (m_n of CONVENTIONS §3). */
  m: number | null;
  /** Mean of the entries' background. */
  background: number | null;
  /**
   * Largest skewness (over the entries) of the per-experiment estimates of G (null with
   * fewer than 10 experiments). Normal estimates give |skew| ≲ 2.5 for ≥ 10 experiments
   * (sd √(6/E)); more means heavy tails, and error bars that are too small.
   */
  maxSkewness: number | null;
}

/** The sampler's result document (the CLI's `--json` output): the job's spec (less the chunk size) and its numbers. */
export interface SampleResult extends Omit<SampleSpec, 'chunkSize'> {
  results: SampleWidthResult[];
  /** With exactly one width and one n: that result's entries, background and m, at the top level. */
  entries?: SampleEntry[];
  background?: number | null;
  m?: number | null;
  /** Networks drawn per second in this run (all widths; timing, so not reproducible). */
  netsPerSecond?: number;
  seconds?: number;
  /** The WebGPU adapter of a `gpu` run (vendor, architecture, device, driver description, CPU fallback). */
  adapter?: import('./gpu/device.js').GpuAdapterInfo;
  /** Diagnostics a careful reader must see (e.g. heavy tails). */
  warnings: string[];
}

/** Skewness above which per-experiment estimates are flagged as heavy-tailed (≥ 10 experiments). */
export const SKEWNESS_LIMIT = 2.5;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Builds the result of a complete state. `arch` defaults to the architecture the spec's key names (src/kernels/resolve.ts). */
export function buildResult(s: SampleState, arch?: Architecture): SampleResult {
  const spec = s.spec;
  const a = arch ?? architectureFromKey(spec.arch);
  // G_GP: the infinite-width kernel, which depends on the depth only (deep: the layer recursion, CONVENTIONS §8;
  // at depth ≥ 2, G2 itself differs from it at O(1/n), so ΔG there includes that shift)
  const byDepth = new Map<number, number[][]>();
  const kernelAt = (w: number): number[][] | undefined => {
    if (!a.kernel) return undefined;
    const l = spec.layers?.[w];
    const depth = l ? l.length : 1;
    let K = byDepth.get(depth);
    if (!K) {
      K = l ? networkKernel(a, { activation: spec.arch, widths: l, ...spec.params }, spec.points) : kernelMatrix(a, spec.params, spec.points);
      byDepth.set(depth, K);
    }
    return K;
  };
  const E = spec.experiments, T = s.T, m = spec.points.length;
  const results: SampleWidthResult[] = [];
  const warnings: string[] = [];
  for (let w = 0; w < spec.widths.length; w++) {
    const K = kernelAt(w);
    let offset = 0;
    for (const n of spec.ns) {
      const tuples = uniqueTuples(m, n);
      const skews: number[] = [];
      const entries: SampleEntry[] = tuples.map((index, k) => {
        const t = offset + k;
        const total: number[] = [], totalSq: number[] = [];
        let nets = 0;
        const perExp: number[] = [];
        for (let e = 0; e < E; e++) {
          const cell = w * E + e;
          exactMerge(total, s.sum[cell * T + t]!);
          exactMerge(totalSq, s.sumsq[cell * T + t]!);
          nets += s.nets[cell]!;
          perExp.push(exactValue(s.sum[cell * T + t]!) / s.nets[cell]!);
        }
        const G = exactValue(total) / nets;
        if (!Number.isFinite(G)) {
          throw new InvalidArgumentError(`sampled G${n} at width ${spec.widths[w]} is not finite (overflow: reduce σ_W, σ_b or the inputs)`);
        }
        let spread: number; // std of one experiment's estimate
        let stdError: number;
        if (E >= 2) {
          const mu = mean(perExp);
          spread = Math.sqrt(perExp.reduce((acc, x) => acc + (x - mu) ** 2, 0) / (E - 1));
          stdError = spread / Math.sqrt(E);
          if (E >= 10 && spread > 0) {
            const m2 = perExp.reduce((acc, x) => acc + (x - mu) ** 2, 0) / E;
            const m3 = perExp.reduce((acc, x) => acc + (x - mu) ** 3, 0) / E;
            skews.push(Math.abs(m3 / m2 ** 1.5));
          }
        } else {
          const v = nets > 1 ? Math.max(0, (exactValue(totalSq) / nets - G * G) * (nets / (nets - 1))) : NaN;
          stdError = Math.sqrt(v / nets);
          spread = stdError;
        }
        const GP = K ? wickSum(K, index) : null;
        return {
          index,
          G: { mean: G, stdError, n: nets, seed: spec.seed },
          GP,
          delta: GP === null ? null : { mean: G - GP, stdError },
          m: GP === null ? null : Math.abs(G - GP) / Math.abs(GP),
          background: GP === null ? null : spread / Math.abs(GP),
        };
      });
      offset += tuples.length;
      const ms = entries.map((x) => x.m), bg = entries.map((x) => x.background);
      const maxSkewness = skews.length ? Math.max(...skews) : null;
      if (entries.some((x) => x.G.stdError === 0 && x.delta !== null && x.delta.mean !== 0)) {
        warnings.push(`width ${spec.widths[w]}, G${n}: the sampled values do not vary across networks although G differs from G_GP:`
          + ' the sample cannot resolve G here (underflow or extreme tails of φ); the error bars are meaningless');
      }
      if (maxSkewness !== null && maxSkewness > SKEWNESS_LIMIT) {
        warnings.push(`width ${spec.widths[w]}, G${n}: per-experiment estimates are strongly skewed (|skewness| ${maxSkewness.toFixed(1)} > ${SKEWNESS_LIMIT}):`
          + ' heavy-tailed outputs, the error bars are likely too small; use more networks per experiment');
      }
      results.push({
        width: spec.widths[w]!,
        ...(spec.layers ? { layers: spec.layers[w]! } : {}),
        n,
        entries,
        m: ms.every((x) => x !== null) ? mean(ms as number[]) : null,
        background: bg.every((x) => x !== null) ? mean(bg as number[]) : null,
        maxSkewness,
      });
    }
  }
  const doc: SampleResult = {
    arch: spec.arch, params: spec.params, points: spec.points, widths: spec.widths, ns: spec.ns,
    ...(spec.layers ? { layers: spec.layers } : {}),
    nets: spec.nets, experiments: spec.experiments, seed: spec.seed, estimator: spec.estimator,
    backend: spec.backend ?? 'workers', results, warnings,
  };
  if (results.length === 1) {
    doc.entries = results[0]!.entries;
    doc.background = results[0]!.background;
    doc.m = results[0]!.m;
  }
  return doc;
}
