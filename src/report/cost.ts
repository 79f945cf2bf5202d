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

/** CPU seconds per network: a + b·N (fitted to the recorded timings). */
export const SAMPLER_CPU = {
  n6: { a: 5e-6, b: 2e-7 },
  n4: { a: 5e-6, b: 7e-8 },
} as const;

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
