/**
 * The plan of a `reproduce` run (how much sampling it does) and its checkpoint
 * folder: the record of the plan that an interrupted run is continued under.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, IoError } from '../core/errors.js';
import { ensureDir, writeFileAtomic } from '../core/files.js';
import { PAPER_WIDTHS } from '../core/paper.js';

/** How much sampling a run does. */
export interface ReproducePlan {
  quick: boolean;
  seed: number;
  threads?: number;
  widths: number[];
  /** Networks per width and the number of experiments they are split into (the seed: 100 × 1e5). */
  nets: number;
  experiments: number;
  /** Networks per fit replica and replicas for the sampled Table 5. */
  fitNets: number;
  fitReplicas: number;
  /**
   * Folder for the checkpoints of the sampling stages (m_n against width and the
   * sampled Table 5): an interrupted run started again with the same plan continues
   * where it stopped, with a bit-identical result. The folder's {@link PLAN_FILE}
   * records the plan; another plan is refused.
   */
  checkpointDir?: string;
}

/** The plan of a quick or a full run; `overrides` shrink or grow it (tests use a tiny one). */
export function reproducePlan(quick: boolean, seed = 1, threads?: number, overrides: Partial<ReproducePlan> = {}): ReproducePlan {
  return { ...basePlan(quick, seed, threads), ...overrides };
}

// 100 experiments in both: with fewer than ~30 the skewness of the per-experiment estimates
// cannot reveal heavy tails (with 10 it is at most 8/3), and the error bars rest on that test
// (src/nets/interval.ts).
function basePlan(quick: boolean, seed: number, threads?: number): ReproducePlan {
  const widths = PAPER_WIDTHS.slice();
  return quick
    ? { quick, seed, threads, widths, nets: 40_000, experiments: 100, fitNets: 20_000, fitReplicas: 4 }
    : { quick, seed, threads, widths, nets: 10_000_000, experiments: 100, fitNets: 1_000_000, fitReplicas: 10 };
}

/** File in the checkpoint folder that records the plan the checkpoints belong to. */
export const PLAN_FILE = 'reproduce-plan.json';
const PLAN_FORMAT = 'nnqft-reproduce-plan/1';

/** The fields of a plan that fix the numbers (not threads, not where checkpoints go). */
function planIdentity(plan: ReproducePlan): Record<string, unknown> {
  const { seed, widths, nets, experiments, fitNets, fitReplicas } = plan;
  return { seed, widths, nets, experiments, fitNets, fitReplicas };
}

/**
 * Prepares the plan's checkpoint folder: records the plan in {@link PLAN_FILE}, or,
 * when the folder already holds one, checks that it is this plan (INVALID_ARGUMENT
 * naming the differing fields otherwise, before any work); creates the folder
 * when missing. `resumed`: the record was there already. No-op without a
 * checkpoint folder.
 */
export function openCheckpoints(plan: ReproducePlan): { resumed: boolean } {
  const dir = plan.checkpointDir;
  if (!dir) return { resumed: false };
  ensureDir(dir);
  const file = join(dir, PLAN_FILE);
  const mine = planIdentity(plan);
  if (!existsSync(file)) {
    writeFileAtomic(file, JSON.stringify({ format: PLAN_FORMAT, ...mine }, null, 2) + '\n');
    return { resumed: false };
  }
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new IoError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (saved.format !== PLAN_FORMAT) throw new InvalidArgumentError(`${file} is not a reproduce plan (format ${JSON.stringify(saved.format)})`);
  const diffs = Object.keys(mine).filter((k) => JSON.stringify(saved[k]) !== JSON.stringify(mine[k]))
    .map((k) => `${k} ${JSON.stringify(saved[k])} there, ${JSON.stringify(mine[k])} here`);
  if (diffs.length) {
    throw new InvalidArgumentError(
      `${dir} holds the checkpoints of a run with other arguments (${diffs.join('; ')}): use another --out, or delete ${dir} to start over`,
      { checkpointDir: dir, differences: diffs },
    );
  }
  return { resumed: true };
}
