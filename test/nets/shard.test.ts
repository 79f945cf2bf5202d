import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NnqftError } from '../../src/core/errors.js';
import { parseShard, shardFromEnv, SHARDS_ENV, type ShardEnv } from '../../src/nets/shard.js';
import { CLI } from '../helpers/cli.js';

/** The variables Slurm sets in each task of `sbatch --array=min-max` (contiguous, step 1). */
const slurm = (id: number, min: number, max: number, extra: ShardEnv = {}): ShardEnv => ({
  SLURM_ARRAY_JOB_ID: '77', SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max),
  SLURM_ARRAY_TASK_COUNT: String(max - min + 1), SLURM_ARRAY_TASK_STEP: '1', ...extra,
});

const code = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return e instanceof NnqftError ? `${e.code}: ${e.message}` : `untyped: ${String(e)}`; }
  return undefined;
};

describe('--shard auto: the scheduler task index → shard i/n (1-based)', () => {
  it('every contiguous Slurm array (starting at 0, 1 or 5) maps its tasks one-to-one onto 1/n … n/n', () => {
    for (const min of [0, 1, 5]) {
      for (let n = 1; n <= 6; n++) {
        const got = [];
        for (let id = min; id < min + n; id++) got.push(shardFromEnv(slurm(id, min, min + n - 1)));
        // the oracle: the k-th task of the array (k from 1) is shard k/n
        expect(got).toEqual(Array.from({ length: n }, (_, k) => ({ index: k + 1, count: n })));
      }
    }
  });

  it('Slurm without MAX/STEP (older versions) still maps by MIN and COUNT; auto/n and NNQFT_SHARDS must agree with COUNT', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto/4', slurm(2, 1, 4))).toEqual({ index: 2, count: 4 });
    expect(parseShard(' auto ', slurm(2, 1, 4, { [SHARDS_ENV]: '4' }))).toEqual({ index: 2, count: 4 });
  });

  it('Kubernetes: JOB_COMPLETION_INDEX k (from 0) is shard k+1 of auto/n or NNQFT_SHARDS', () => {
    for (let n = 1; n <= 5; n++) {
      for (let k = 0; k < n; k++) {
        expect(parseShard(`auto/${n}`, { JOB_COMPLETION_INDEX: String(k) })).toEqual({ index: k + 1, count: n });
        expect(parseShard('auto', { JOB_COMPLETION_INDEX: String(k), [SHARDS_ENV]: String(n) })).toEqual({ index: k + 1, count: n });
      }
    }
  });

  it('i/n by hand is unchanged and ignores the environment', () => {
    expect(parseShard('2/3', slurm(1, 1, 4))).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 1 / 1 ', {})).toEqual({ index: 1, count: 1 });
  });

  it('missing or inconsistent variables: one-line INVALID_ARGUMENT errors naming the variable', () => {
    const cases: [string, ShardEnv, RegExp][] = [
      ['auto', {}, /neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX/],
      ['auto', { SLURM_JOB_ID: '5' }, /neither SLURM_ARRAY_TASK_ID/],
      ['auto', { SLURM_ARRAY_TASK_ID: '2' }, /SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN is not/],
      ['auto', { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }, /SLURM_ARRAY_TASK_ID="x" is not/],
      ['auto', { SLURM_ARRAY_TASK_ID: '-1', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }, /is not a non-negative integer/],
      // --array=1,3,5: three tasks spread over 1..5
      ['auto', { ...slurm(3, 1, 5), SLURM_ARRAY_TASK_COUNT: '3' }, /contiguous with step 1/],
      // --array=0-6:2
      ['auto', { ...slurm(2, 0, 6), SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_STEP: '2' }, /contiguous with step 1/],
      ['auto', { ...slurm(9, 1, 4) }, /SLURM_ARRAY_TASK_ID=9 is outside the array 1-4/],
      // rerunning task 3 alone (sbatch --array=3) must not become the whole job
      ['auto/4', slurm(3, 3, 3), /has 1 tasks .* but the job has 4 shards/],
      ['auto', slurm(3, 3, 3, { [SHARDS_ENV]: '4' }), /has 1 tasks .* but the job has 4 shards/],
      ['auto/4', slurm(1, 1, 4, { [SHARDS_ENV]: '5' }), /auto\/4 disagrees with NNQFT_SHARDS=5/],
      ['auto', { ...slurm(1, 1, 4), JOB_COMPLETION_INDEX: '0' }, /both SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX/],
      ['auto', { JOB_COMPLETION_INDEX: '0' }, /not the number of shards: use --shard auto\/N or set NNQFT_SHARDS/],
      ['auto/2', { JOB_COMPLETION_INDEX: '2' }, /JOB_COMPLETION_INDEX=2 needs at least 3 shards, but the count is 2/],
      ['auto', { JOB_COMPLETION_INDEX: '0', [SHARDS_ENV]: '0' }, /NNQFT_SHARDS must be at least 1/],
      ['auto/0', { JOB_COMPLETION_INDEX: '0' }, /auto\/n needs n >= 1/],
      ['0/2', {}, /i\/n with 1 <= i <= n, auto, or auto\/n/],
      ['3/2', {}, /i\/n with 1 <= i <= n/],
      ['autox', {}, /i\/n with 1 <= i <= n/],
    ];
    for (const [text, env, re] of cases) {
      const msg = code(() => parseShard(text, env));
      expect(msg, `${text} ${JSON.stringify(env)}`).toMatch(/^INVALID_ARGUMENT: /);
      expect(msg).toMatch(re);
      expect(msg).not.toContain('\n');
    }
  });
});

describe('nnqft sample --shard auto (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnqft-shard-auto-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const JOB = ['sample', '--arch', 'erf', '--sw', '1', '--sb', '1', '--width', '5', '--nets', '3000', '--experiments', '2',
    '--seed', '11', '--inputs', '-1,0.2,1', '--n', '4', '--threads', '1', '--chunk-size', '250', '--no-progress', '--json'];
  // Only the scheduler's variables differ between the tasks; the rest of the environment is passed on.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLURM_|JOB_COMPLETION_INDEX$|NNQFT_SHARDS$)/.test(k)));
  const run = (args: string[], env: ShardEnv) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...clean, ...env } });
  const strip = (text: string) => { const d = JSON.parse(text); delete d.netsPerSecond; delete d.seconds; return d; };

  it('Slurm tasks 0-3 and Kubernetes indexes 0-2 give shards that merge into one uninterrupted run, bit for bit', () => {
    const full = run(JOB, {});
    expect(full.status, full.stderr).toBe(0);
    const slurmFiles = [0, 1, 2, 3].map((id) => {
      const out = join(dir, `slurm-${id}.json`);
      const r = run([...JOB, '--shard', 'auto', '--out', out], slurm(id, 0, 3));
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).shard).toBe(`${id + 1}/4`);
      return out;
    });
    const k8sFiles = [0, 1, 2].map((k) => {
      const out = join(dir, `k8s-${k}.json`);
      expect(run([...JOB, '--shard', 'auto/3', '--out', out], { JOB_COMPLETION_INDEX: String(k) }).status).toBe(0);
      return out;
    });
    for (const files of [slurmFiles, k8sFiles]) {
      const m = run(['merge', ...files.reverse(), '--json'], {});
      expect(m.status, m.stderr).toBe(0);
      expect(strip(m.stdout)).toEqual(strip(full.stdout));
    }
  });

  it('an array of one task writes a shard state that `nnqft merge` takes', () => {
    const out = join(dir, 'one.json');
    expect(run([...JOB, '--shard', 'auto', '--out', out], slurm(1, 1, 1)).status).toBe(0);
    const m = run(['merge', out, '--json'], {});
    expect(m.status, m.stderr).toBe(0);
    expect(strip(m.stdout)).toEqual(strip(run(JOB, {}).stdout));
  });

  it('no scheduler variables: one line on stderr, exit 2', () => {
    const r = run([...JOB, '--shard', 'auto'], {});
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^nnqft: --shard auto: no scheduler task index/);
  });
});
