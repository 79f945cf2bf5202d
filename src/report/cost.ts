/**
 * The cost model behind `reproduce`'s time estimates: seconds per sampled network
 * and the fixed seconds of the sections that do not sample, on the machine class
 * nnqft is developed on (2 cores). Calibrated from per-unit CPU times recorded in
 * test/report/fixtures/timings.json (made by test/report/fixtures/make-timings.mjs),
 * and checked against them by test/report/estimate.test.ts.
 */
import { existsSync } from 'node:fs';
import { chunkRef } from '../nets/engine.js';
import { readStateFile } from '../nets/state.js';

/** Expected seconds of one stage of a run. */
export interface StageEstimate {
  stage: string;
  seconds: number;
  /** Whether the stage is checkpointed (resumable after an interruption). */
  checkpointed: boolean;
}

/**
 * Maps a checkpoint file name (relative to the plan's folder) and the full cost of
 * its job to the seconds still to spend: the full cost for a fresh run, what the
 * checkpoint lacks for a resumed one.
 */
export type SecondsLeft = (checkpointFile: string, fullSeconds: number) => number;

/** Cores the estimates assume (the sampler keeps both busy). */
export const ESTIMATE_CORES = 2;

/**
 * Wall seconds per network of width N on {@link ESTIMATE_CORES} cores (worker threads,
 * conditional estimator, 6 inputs), for orders `ns`: CPU seconds a + b·N per network,
 * with the 462 six-point tuples (n = 6) or the 126 four-point ones only (n = 4),
 * divided by the cores.
 */
export function secondsPerNet(N: number, ns: readonly number[]): number {
  const c = ns.some((n) => n > 4) ? SAMPLER_CPU.n6 : SAMPLER_CPU.n4;
  return (c.a + c.b * N) / ESTIMATE_CORES;
}

/**
 * CPU seconds per network, a + b·N, fitted (least squares in relative error) to the
 * recorded units less their start-up: n = 6 within 5 % at every paper width, n = 4
 * within 5 % at Table 5's widths 5, 20, 1000 (test/report/estimate.test.ts).
 */
export const SAMPLER_CPU = {
  n6: { a: 3.8e-5, b: 6.4e-8 },
  n4: { a: 1.0e-5, b: 8.1e-8 },
} as const;

/** CPU seconds of starting one sampling call (its worker pool): measured 0.11–0.13 s. */
export const SAMPLER_START_CPU = 0.12;

/** Wall seconds of one sampling call of `nets` networks of width N (start-up included). */
export function samplingCallSeconds(nets: number, N: number, ns: readonly number[]): number {
  return SAMPLER_START_CPU / ESTIMATE_CORES + nets * secondsPerNet(N, ns);
}

/** Estimated seconds of the chunks a sampler checkpoint still lacks; undefined without a readable checkpoint. */
export function secondsLeftIn(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  let st;
  try { st = readStateFile(file); } catch { return undefined; } // the run itself reports an unreadable checkpoint
  let s = 0;
  for (let id = 0; id < st.layout.total; id++) {
    if (st.done[id]) continue;
    const ref = chunkRef(st.spec, st.layout, id);
    s += ref.count * secondsPerNet(st.spec.widths[ref.w]!, st.spec.ns);
  }
  return s;
}
