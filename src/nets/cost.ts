/**
 * An up-front estimate of a sampling run's time (the sampler of arXiv:2008.08601 §3, as run
 * by src/nets/sample.ts), so that a long request says how long it will take before it starts,
 * and a request beyond a budget is refused with its estimate.
 *
 * Model, per network of width N with m inputs of dimension d_in: the forward pass costs
 * ≈ 7.5 ns · N · m · (d_in + 1) (pre-activations and φ), and each accumulated unique tuple
 * ≈ 10 ns, times (n − 1)!!/3 for the conditional estimator's Wick sums at n ≥ 6. Measured
 * as CPU time on the shared 2-core development machine (Erf-net, 6 inputs, one thread): 62 µs per network
 * at N = 1000 and n = 4 (model 54 µs), 1.3–1.6 ms at N = 20000 (model 1.8 ms), 8–11 ms at
 * N = 10⁵ (model 9 ms), 47 µs at N = 5 with n = 4, 6 conditional (model 31 µs). The estimate
 * is a guide to within about a factor 2 on an idle machine (a loaded one is slower), not a
 * promise; threads divide it.
 */
import { binomial, doubleFactorial } from '../core/rational.js';
import { chunkRef, type ChunkLayout, type SampleSpec } from './engine.js';

/** Seconds per neuron, input and (d_in + 1) of the forward pass. */
const FORWARD_SECONDS = 7.5e-9;
/** Seconds per accumulated unique tuple and network. */
const TUPLE_SECONDS = 1e-8;
/** Fixed start-up (workers, tables). */
const STARTUP_SECONDS = 0.3;

/** Estimated seconds per network of width N for a spec, on one thread. */
export function secondsPerNetwork(spec: Pick<SampleSpec, 'points' | 'ns' | 'estimator' | 'params'>, N: number): number {
  const m = spec.points.length;
  let tuples = 0;
  for (const n of spec.ns) {
    const wick = spec.estimator === 'conditional' && n >= 6 ? Number(doubleFactorial(n - 1)) / 3 : 1;
    tuples += Number(binomial(m + n - 1, n)) * wick;
  }
  return FORWARD_SECONDS * N * m * (spec.params.dIn + 1) + TUPLE_SECONDS * tuples;
}

/** Estimated wall-clock seconds of the given chunks of a job on `threads` threads. */
export function estimateSampleSeconds(spec: SampleSpec, layout: ChunkLayout, chunkIds: readonly number[], threads: number): number {
  let s = 0;
  for (const id of chunkIds) {
    const c = chunkRef(spec, layout, id);
    s += c.count * secondsPerNetwork(spec, spec.widths[c.w]!);
  }
  return STARTUP_SECONDS + s / Math.max(1, Math.min(threads, chunkIds.length));
}

/** "45 s", "12 min", "3.2 h". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  if (s < 90) return `${s.toPrecision(2)} s`;
  if (s < 5400) return `${(s / 60).toPrecision(2)} min`;
  return `${(s / 3600).toPrecision(2)} h`;
}
