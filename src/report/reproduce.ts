/**
 * `nnqft reproduce`: the whole study of Halverson, Maiti, Stoner,
 * "Neural networks and quantum field theory" (arXiv:2008.08601) on embedded
 * defaults, as report sections: diagrams (§4), kernels (§3), non-Gaussian
 * deviations m_n against width, exact and sampled (§3, CONVENTIONS §3–4),
 * coupling fits (Table 5), the 6-point prediction and the RG flow (§5,
 * CONVENTIONS §5–7). Each section is one file in `sections/` with its estimate
 * and its run (registry: `sections/index.ts`); this file runs them in order.
 */
import { join } from 'node:path';
import { InterruptedError } from '../core/errors.js';
import { emptyMemo, type Ctx, type Progress } from './context.js';
import { secondsLeftIn, type StageEstimate, type SecondsLeft } from './cost.js';
import type { Section } from './page.js';
import { openCheckpoints, type ReproducePlan } from './plan.js';
import { SECTIONS, SECTION_IDS, type SectionId } from './sections/index.js';

export { PAPER_ARCHS, PAPER_WIDTHS, RG_CUTOFFS } from '../core/paper.js';
export { PLAN_FILE, openCheckpoints, reproducePlan, type ReproducePlan } from './plan.js';
export { secondsPerNet, type StageEstimate } from './cost.js';
export { SECTIONS, SECTION_IDS, type SectionId } from './sections/index.js';
export type { Progress } from './context.js';

/** How one call of {@link reproduce} runs (none of it changes the numbers). */
export interface ReproduceRunOptions {
  /**
   * Aborting stops the run after the sampling chunks in flight (or at the end of the
   * current stage); the checkpoints are written and reproduce rejects with INTERRUPTED.
   */
  signal?: AbortSignal;
  /** Test hook: behave as if interrupted once this many (≥ 1) sampling chunks were done in this call (all stages together). */
  stopAfterChunks?: number;
  /** Compute only these sections (default: all, in the report's order). */
  sections?: readonly SectionId[];
}

const stagesOf = (plan: ReproducePlan, left: SecondsLeft, ids?: readonly SectionId[]): StageEstimate[] =>
  SECTIONS.filter((s) => !ids || ids.includes(s.id)).flatMap((s) => s.estimate(plan, left));

/**
 * Expected seconds of each stage of a plan on 2 cores, section by section (each
 * section's `estimate`; the cost model is src/report/cost.ts). `sections` limits it
 * to those sections.
 */
export function estimateStages(plan: ReproducePlan, sections?: readonly SectionId[]): StageEstimate[] {
  return stagesOf(plan, (_file, full) => full, sections);
}

/**
 * The same estimate for what is left of a plan, given the checkpoints in its folder
 * (sampling chunks already done are not counted): what a resumed run still takes.
 */
export function estimateRemaining(plan: ReproducePlan, sections?: readonly SectionId[]): StageEstimate[] {
  const dir = plan.checkpointDir;
  return stagesOf(plan, (file, full) => (dir ? secondsLeftIn(join(dir, file)) ?? full : full), sections);
}

/** Expected seconds of a plan: the sum of {@link estimateStages}. */
export function estimateSeconds(plan: ReproducePlan, sections?: readonly SectionId[]): number {
  return estimateStages(plan, sections).reduce((s, e) => s + e.seconds, 0);
}

/** Whether the plan's checkpoints already hold sampling work (a run of it continues an earlier one). */
export function hasSamplingDone(plan: ReproducePlan): boolean {
  if (!plan.checkpointDir) return false;
  const full = estimateStages(plan);
  return estimateRemaining(plan).some((e, i) => e.checkpointed && e.seconds < full[i]!.seconds);
}

/**
 * All sections, in order, and the number of sampling chunks this call computed
 * (those already in complete checkpoints are not recomputed). With a checkpoint folder, the sampling stages resume
 * from it (see {@link openCheckpoints}); an interruption (run.signal) rejects with
 * INTERRUPTED after the checkpoints are written.
 */
export async function reproduce(
  plan: ReproducePlan, progress: Progress = () => {}, run: ReproduceRunOptions = {},
): Promise<{ title: string; intro: string; sections: Section[]; meta: Record<string, string>; sampledChunks: number }> {
  openCheckpoints(plan);
  const resumed = hasSamplingDone(plan);
  const stop = new AbortController();
  const outer = run.signal;
  const onAbort = () => stop.abort();
  if (outer?.aborted) stop.abort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  let chunks = 0;
  const ctx: Ctx = {
    plan, progress, signal: stop.signal, memo: emptyMemo(),
    chunkDone: () => { if (++chunks === run.stopAfterChunks) stop.abort(); },
  };
  const interrupted = () => new InterruptedError(
    plan.checkpointDir
      ? `interrupted; the sampling done so far is saved in ${plan.checkpointDir}: run the same command again to continue`
      : 'interrupted (no checkpoints were kept: a new run starts over)',
    { checkpointDir: plan.checkpointDir ?? null },
  );
  const wanted = new Set<string>(run.sections ?? SECTION_IDS);
  const t0 = Date.now();
  const sections: Section[] = [];
  try {
    for (const s of SECTIONS) {
      if (!wanted.has(s.id)) continue;
      if (stop.signal.aborted) throw interrupted();
      try {
        sections.push(await s.run(ctx));
      } catch (e) {
        // A sampler stopped by the signal reports an incomplete run: that is the interruption.
        if (stop.signal.aborted) throw interrupted();
        throw e;
      }
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  const meta = {
    mode: plan.quick ? 'quick' : 'full',
    seed: String(plan.seed),
    'networks per width': plan.nets.toExponential(1),
    experiments: String(plan.experiments),
    'run time': `${((Date.now() - t0) / 1000).toFixed(1)} s${resumed ? ' (this call, continuing from checkpoints)' : ''}`,
  };
  const intro =
    `<p>Reproduction of J. Halverson, A. Maiti, K. Stoner, <em>Neural networks and quantum field theory</em>, ` +
    `Mach. Learn.: Sci. Technol. 2 (2021) 035002 (arXiv:2008.08601), generated by nnqft. Every figure links the SVG and the JSON behind it.</p>`;
  return { title: 'nnqft: neural networks and quantum field theory, reproduced', intro, sections, meta, sampledChunks: chunks };
}
