/**
 * A real Slurm run: a throwaway single-node cluster (test/helpers/slurm.ts) runs
 * examples/slurm/submit.sh, i.e. a job array of 4 `nnqft sample --shard auto/4` tasks and a merge
 * job depending on it, and the merged result must equal one uninterrupted run exactly.
 * Skipped, with the reason, where Slurm (slurm-wlm, munge) is not installed or we are not root.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { slurmUnavailable, startSlurm, type SlurmCluster } from '../helpers/slurm.js';

const SUBMIT = fileURLToPath(new URL('../../examples/slurm/submit.sh', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../examples/slurm/sample.sbatch', import.meta.url));
const WAIT_MS = 120_000;
const SHARDS = 4;
// small: 4 widths × 2 experiments × 3000 nets in chunks of 250 = 48 chunks, 12 per shard
const JOB = '--arch erf --sw 1 --sb 1 --width 5,9 --nets 3000 --experiments 2 --seed 19 --inputs -1,0.2,1 --n 2,4 --chunk-size 250';

const unavailable = slurmUnavailable();
if (unavailable) console.warn(`slurm.test.ts skipped: ${unavailable}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const strip = (d: Record<string, unknown>) => { const { netsPerSecond: _n, seconds: _s, ...rest } = d; return rest; };

describe.skipIf(unavailable !== undefined)(`a real Slurm cluster (${unavailable ?? 'munged + slurmctld + slurmd on 127.0.0.1'})`, () => {
  let cluster: SlurmCluster | undefined;
  beforeAll(async () => { cluster = await startSlurm(); }, 90_000);
  afterAll(async () => { await cluster?.stop(); }, 90_000);

  it(`examples/slurm/submit.sh: an array of ${SHARDS} shards and the merge job after it give exactly one uninterrupted run`, async () => {
    const c = cluster!;
    const work = join(c.dir, 'work');
    mkdirSync(work);
    const outdir = join(work, 'results');
    const env = { NNQFT: `${process.execPath} ${CLI}`, NNQFT_JOB: JOB, OUTDIR: outdir, SHARDS: String(SHARDS) };
    const sub = c.run('bash', [SUBMIT], { cwd: work, env });
    expect(sub.status, `${sub.stderr}\n${c.logs()}`).toBe(0);
    const [, array, merge] = /shards job (\d+) .* merge job (\d+)/.exec(sub.stdout) ?? [];
    expect(array, sub.stdout).toBeDefined();

    // the uninterrupted run, outside Slurm, while the cluster works
    const full = spawnSync(process.execPath, [CLI, 'sample', ...JOB.split(' '), '--threads', '1', '--no-progress', '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(full.status, full.stderr).toBe(0);

    // bounded wait: both jobs leave the queue (done, failed or cancelled)
    const deadline = Date.now() + WAIT_MS;
    let queue = '';
    while ((queue = c.run('squeue', ['-h', '-j', `${array},${merge}`, '-o', '%i %T %r']).stdout.trim()) !== '') {
      if (Date.now() > deadline) throw new Error(`jobs still queued after ${WAIT_MS / 1000} s:\n${queue}\n${c.logs()}`);
      await sleep(500);
    }
    const jobLogs = () => readdirSync(work).filter((f) => f.startsWith('slurm-')).map((f) => `--- ${f}\n${readFileSync(join(work, f), 'utf8')}`).join('\n');
    // every task ran under Slurm and wrote its shard, numbered from 1
    const outs = readdirSync(work).filter((f) => /^slurm-\d+_\d+\.out$/.test(f));
    expect(outs, jobLogs()).toHaveLength(SHARDS);
    for (let k = 1; k <= SHARDS; k++) {
      expect(JSON.parse(readFileSync(join(outdir, `shard-${k}.json`), 'utf8')).shard, jobLogs()).toBe(`${k}/${SHARDS}`);
    }
    expect(existsSync(join(outdir, 'merged.json')), `no merged.json\n${jobLogs()}\n${c.logs()}`).toBe(true);
    const merged = JSON.parse(readFileSync(join(outdir, 'merged.json'), 'utf8'));
    // bit for bit: JSON numbers round-trip exactly, so equal documents mean equal doubles
    expect(JSON.stringify(strip(merged))).toBe(JSON.stringify(strip(JSON.parse(full.stdout))));
    expect(merged.results).toHaveLength(4);
  }, WAIT_MS + 120_000);

  it('sample.sbatch submitted directly as --array=0-3 (ids from 0): shards 1/4 … 4/4, merged by hand, equal one run', async () => {
    const c = cluster!;
    const work = join(c.dir, 'work0');
    mkdirSync(work);
    const outdir = join(work, 'results');
    const env = { NNQFT: `${process.execPath} ${CLI}`, NNQFT_JOB: JOB, OUTDIR: outdir, SHARDS: String(SHARDS) };
    const sub = c.run('sbatch', ['--parsable', `--array=0-${SHARDS - 1}`, SAMPLE], { cwd: work, env });
    expect(sub.status, sub.stderr).toBe(0);
    const array = sub.stdout.trim().split(';')[0]!;
    const full = spawnSync(process.execPath, [CLI, 'sample', ...JOB.split(' '), '--threads', '1', '--no-progress', '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(full.status, full.stderr).toBe(0);
    const deadline = Date.now() + WAIT_MS;
    let queue = '';
    while ((queue = c.run('squeue', ['-h', '-j', array]).stdout.trim()) !== '') {
      if (Date.now() > deadline) throw new Error(`jobs still queued after ${WAIT_MS / 1000} s:\n${queue}\n${c.logs()}`);
      await sleep(500);
    }
    const files = [];
    for (let id = 0; id < SHARDS; id++) {
      const f = join(outdir, `shard-${id}.json`);
      expect(JSON.parse(readFileSync(f, 'utf8')).shard).toBe(`${id + 1}/${SHARDS}`);
      files.push(f);
    }
    const m = spawnSync(process.execPath, [CLI, 'merge', ...files, '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(m.status, m.stderr).toBe(0);
    expect(JSON.stringify(strip(JSON.parse(m.stdout)))).toBe(JSON.stringify(strip(JSON.parse(full.stdout))));
  }, WAIT_MS + 120_000);
});
