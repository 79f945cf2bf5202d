/**
 * Which shard of a sampling job this process runs: `i/n` given by hand, or
 * `auto`, read from the batch scheduler's task index (a Slurm job array, a
 * Kubernetes Indexed Job). Shards count from 1 (`1/n … n/n`); schedulers count
 * from wherever the array starts (Slurm) or from 0 (Kubernetes), so this is the
 * one place that converts. Which chunks a shard runs, and the exact merge of
 * shards, live in sample.ts and state.ts: a shard is just `{index, count}`.
 */
import { InvalidArgumentError } from '../core/errors.js';

/** Part `index` of `count` (1 <= index <= count). */
export interface Shard {
  index: number;
  count: number;
}

/** The environment variables read by {@link shardFromEnv} (a subset of `process.env`). */
export type ShardEnv = Readonly<Record<string, string | undefined>>;

/** Environment variable giving the number of shards where the scheduler gives only an index (Kubernetes). */
export const SHARDS_ENV = 'NNQFT_SHARDS';

const FIX = 'or give the shard by hand, --shard i/n';

/** A non-negative decimal integer from a variable, or undefined when unset. */
function envInt(env: ShardEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (!/^\s*\d{1,9}\s*$/.test(v)) throw new InvalidArgumentError(`--shard auto: ${name}="${v}" is not a non-negative integer`);
  return Number(v);
}

/**
 * The shard of this task from the scheduler's environment.
 *
 * - Slurm job array (`sbatch --array=1-4` or `--array=0-3`): index
 *   `SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN + 1` of `SLURM_ARRAY_TASK_COUNT`.
 *   The array must be contiguous with step 1 (MAX − MIN + 1 = COUNT); a `%k`
 *   throttle is fine.
 * - Kubernetes Indexed Job: index `JOB_COMPLETION_INDEX + 1` (it counts from 0);
 *   Kubernetes does not give the number of completions to the pod, so the count
 *   is `expectedCount` (from `--shard auto/N`) or `NNQFT_SHARDS`.
 *
 * `expectedCount` (and `NNQFT_SHARDS`) are also checked against Slurm's count,
 * so that rerunning only some tasks (`sbatch --array=3`) cannot silently become
 * a different split of the job. Throws INVALID_ARGUMENT with one line otherwise.
 */
export function shardFromEnv(env: ShardEnv, expectedCount?: number): Shard {
  const fromEnv = envInt(env, SHARDS_ENV);
  if (fromEnv !== undefined && fromEnv < 1) throw new InvalidArgumentError(`--shard auto: ${SHARDS_ENV} must be at least 1, got ${fromEnv}`);
  if (expectedCount !== undefined && fromEnv !== undefined && expectedCount !== fromEnv) {
    throw new InvalidArgumentError(`--shard auto/${expectedCount} disagrees with ${SHARDS_ENV}=${fromEnv}`);
  }
  const want = expectedCount ?? fromEnv;
  const slurmId = envInt(env, 'SLURM_ARRAY_TASK_ID');
  const k8sIndex = envInt(env, 'JOB_COMPLETION_INDEX');
  if (slurmId !== undefined && k8sIndex !== undefined) {
    throw new InvalidArgumentError(`--shard auto: both SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX are set; unset one ${FIX}`);
  }
  if (slurmId !== undefined) {
    const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT');
    const min = envInt(env, 'SLURM_ARRAY_TASK_MIN');
    const max = envInt(env, 'SLURM_ARRAY_TASK_MAX');
    const step = envInt(env, 'SLURM_ARRAY_TASK_STEP');
    if (count === undefined || min === undefined) {
      throw new InvalidArgumentError(`--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN is not (Slurm older than 18.08?); ${FIX}`);
    }
    if ((max !== undefined && max - min + 1 !== count) || (step !== undefined && step !== 1)) {
      throw new InvalidArgumentError(`--shard auto: the Slurm array must be contiguous with step 1 (e.g. --array=1-${count}), got ${count} tasks from ${min} to ${max ?? '?'}${step !== undefined ? ` step ${step}` : ''}`);
    }
    if (count < 1 || slurmId < min || slurmId > min + count - 1) {
      throw new InvalidArgumentError(`--shard auto: SLURM_ARRAY_TASK_ID=${slurmId} is outside the array ${min}-${min + count - 1}`);
    }
    if (want !== undefined && want !== count) {
      throw new InvalidArgumentError(`--shard auto: the Slurm array has ${count} tasks (${min}-${min + count - 1}) but the job has ${want} shards; `
        + `to rerun single shards, submit them with --shard i/${want}`);
    }
    return { index: slurmId - min + 1, count };
  }
  if (k8sIndex !== undefined) {
    if (want === undefined) {
      throw new InvalidArgumentError(`--shard auto: JOB_COMPLETION_INDEX is set but not the number of shards: use --shard auto/N or set ${SHARDS_ENV} (N = the Job's completions)`);
    }
    if (k8sIndex + 1 > want) {
      throw new InvalidArgumentError(`--shard auto: JOB_COMPLETION_INDEX=${k8sIndex} needs at least ${k8sIndex + 1} shards, but the count is ${want} (set it to the Job's completions)`);
    }
    return { index: k8sIndex + 1, count: want };
  }
  throw new InvalidArgumentError(`--shard auto: no scheduler task index: neither SLURM_ARRAY_TASK_ID (sbatch --array) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set; ${FIX}`);
}

/**
 * Parses `--shard`: `i/n` (1 <= i <= n), `auto`, or `auto/n` (the scheduler's
 * index, with the count n; see {@link shardFromEnv}).
 */
export function parseShard(text: string, env: ShardEnv): Shard {
  const auto = /^\s*auto\s*(?:\/\s*(\d{1,9})\s*)?$/.exec(text);
  if (auto) {
    const n = auto[1] === undefined ? undefined : Number(auto[1]);
    if (n !== undefined && n < 1) throw new InvalidArgumentError(`--shard auto/n needs n >= 1, got "${text}"`);
    return shardFromEnv(env, n);
  }
  const m = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*$/.exec(text);
  const index = Number(m?.[1]), count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    // shards count from 1: "0/2" is most likely the first of two
    const hint = m && index === 0 && count >= 1 ? ` (shards count from 1: did you mean 1/${count}?)` : '';
    throw new InvalidArgumentError(`--shard must be i/n with 1 <= i <= n, auto, or auto/n, got "${text}"${hint}`);
  }
  return { index, count };
}
