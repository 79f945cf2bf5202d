import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nnqft-cli-sample-'));
const strip = (text: string) => { const d = JSON.parse(text); delete d.netsPerSecond; delete d.seconds; return JSON.stringify(d); };
const JOB = ['sample', '--arch', 'erf', '--sw', '1', '--sb', '1', '--width', '5', '--nets', '4000', '--experiments', '4',
  '--seed', '7', '--inputs', '-1,0.2,1', '--n', '4', '--threads', '1', '--chunk-size', '250', '--json'];

describe('nnqft sample / merge', () => {
  it('prints one JSON document with entries, background and netsPerSecond; same seed → same numbers (1 or 2 threads)', () => {
    const a = runCli(JOB), b = runCli([...JOB, '--threads', '2']);
    expect(a.status).toBe(0);
    const d = JSON.parse(a.stdout);
    expect(d.entries).toHaveLength(15);
    expect(d.entries[0]).toMatchObject({ index: [0, 0, 0, 0], G: { mean: expect.any(Number), stdError: expect.any(Number) }, GP: expect.any(Number), delta: { mean: expect.any(Number) } });
    expect(typeof d.background).toBe('number');
    expect(d.netsPerSecond).toBeGreaterThan(0);
    expect(strip(b.stdout)).toBe(strip(a.stdout));
  });

  it('several widths give a results list per width', () => {
    const r = runCli([...JOB.filter((x, i) => !(JOB[i - 1] === '--width' || x === '--width')), '--width', '3,4', '--n', '2,4']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.results.map((x: { width: number; n: number }) => [x.width, x.n])).toEqual([[3, 2], [3, 4], [4, 2], [4, 4]]);
    expect(d.entries).toBeUndefined();
  });

  it('shards merged by `nnqft merge` equal one run, bit for bit', () => {
    const dir = tmp();
    const full = runCli(JOB);
    for (const i of [1, 2, 3]) expect(runCli([...JOB, '--shard', `${i}/3`, '--out', join(dir, `s${i}.json`)]).status).toBe(0);
    const m = runCli(['merge', join(dir, 's3.json'), join(dir, 's1.json'), join(dir, 's2.json'), '--json']);
    expect(m.status).toBe(0);
    expect(strip(m.stdout)).toBe(strip(full.stdout));
    // an incomplete set is refused, naming the missing shards; --allow-partial writes the partial state
    const refused = runCli(['merge', join(dir, 's1.json'), join(dir, 's3.json'), '--json']);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/missing shard 2\/3\b/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const partial = runCli(['merge', join(dir, 's1.json'), '--allow-partial', '--json']);
    expect(partial.status).toBe(0);
    expect(partial.stderr).toMatch(/incomplete.*missing shards 2\/3, 3\/3/);
    expect(JSON.parse(partial.stdout).format).toBe('nnqft-sample-state/1');
    const dup = runCli(['merge', join(dir, 's1.json'), join(dir, 's1.json'), '--json']);
    expect(dup.status).toBe(2);
  });

  it('a killed run resumed with --resume gives the uninterrupted result', async () => {
    const dir = tmp();
    const ck = join(dir, 'ck.json');
    const job = [...JOB.filter((x, i) => !(JOB[i - 1] === '--nets' || x === '--nets')), '--nets', '40000', '--width', '20'];
    const full = runCli(job);
    expect(full.status).toBe(0);
    const child = spawn(process.execPath, [CLI, ...job, '--checkpoint', ck, '--checkpoint-interval', '0'], { stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const t = setInterval(() => { if (existsSync(ck) || child.exitCode !== null) { clearInterval(t); child.kill('SIGKILL'); resolve(); } }, 5);
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    expect(existsSync(ck)).toBe(true);
    // killed mid-run: the checkpoint holds only part of the 160 chunks
    const saved = JSON.parse(readFileSync(ck, 'utf8'));
    const done = saved.chunks.done.reduce((s: number, [a, b]: [number, number]) => s + b - a, 0);
    expect(done).toBeLessThan(saved.chunks.total);
    const resumed = runCli([...job, '--checkpoint', ck, '--resume']);
    expect(resumed.status).toBe(0);
    expect(strip(resumed.stdout)).toBe(strip(full.stdout));
    expect(JSON.parse(readFileSync(ck, 'utf8')).format).toBe('nnqft-sample-state/1');
  });

  it('SIGINT stops after the chunks in flight, saves the checkpoint and exits 130; --resume completes the job', async () => {
    const dir = tmp();
    const ck = join(dir, 'ck.json');
    const job = [...JOB.filter((x, i) => !(JOB[i - 1] === '--nets' || x === '--nets')), '--nets', '40000', '--width', '20'];
    const child = spawn(process.execPath, [CLI, ...job, '--checkpoint', ck, '--checkpoint-interval', '0'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => {
      const t = setInterval(() => { if (existsSync(ck)) { clearInterval(t); child.kill('SIGINT'); } }, 5);
      child.once('exit', (c) => { clearInterval(t); resolve(c); });
    });
    expect(code).toBe(130);
    const saved = JSON.parse(readFileSync(ck, 'utf8'));
    expect(saved.chunks.done.reduce((s: number, [a, b]: [number, number]) => s + b - a, 0)).toBeLessThan(saved.chunks.total);
    const resumed = runCli([...job, '--checkpoint', ck, '--resume']);
    expect(resumed.status).toBe(0);
    expect(strip(resumed.stdout)).toBe(strip(runCli(job).stdout));
  });

  it('where code generation is disallowed, the table accumulator gives the same bits (1 and 2 threads)', async () => {
    const { spawnSync } = await import('node:child_process');
    for (const threads of ['1', '2']) {
      const job = [...JOB, '--threads', threads, '--n', '4,6'];
      const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', CLI, ...job], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(strip(r.stdout)).toBe(strip(runCli(job).stdout));
    }
  });

  it('bad input: exit 2 and one line on stderr, nothing on stdout', () => {
    for (const bad of [['--n', '3'], ['--width', '2.5'], ['--shard', '0/2'], ['--estimator', 'magic'], ['--resume'], ['--inputs', '1 2; 3']]) {
      const r = runCli([...JOB, ...bad]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
