/**
 * The shape of one report section: its id, its time estimate under a plan, and
 * its run. A section is one file in this folder plus one line in `index.ts`.
 */
import type { Section } from '../page.js';
import type { ReproducePlan } from '../plan.js';
import type { SecondsLeft, StageEstimate } from '../cost.js';
import type { Ctx } from '../context.js';

/** One section of the `reproduce` report. */
export interface ReportSection<Id extends string = string> {
  /** Anchor id of the section in the page (and `--sections` name). */
  readonly id: Id;
  /**
   * Expected seconds of the section's stages under `plan` on 2 cores (src/report/cost.ts).
   * Checkpointed (sampling) stages pass their full cost through `left`, which returns what
   * a resumed run still has to do.
   */
  estimate(plan: ReproducePlan, left: SecondsLeft): StageEstimate[];
  /** Computes the section (prose, figures, data). */
  run(ctx: Ctx): Promise<Section>;
}

/** Declares a section, keeping its id's literal type (for the registry's id union). */
export const defineSection = <const Id extends string>(s: ReportSection<Id>): ReportSection<Id> => s;

/** The estimate of a section that does not sample: one stage of fixed seconds. */
export const fixedStage = (stage: string, seconds: number): StageEstimate[] => [{ stage, seconds, checkpointed: false }];
