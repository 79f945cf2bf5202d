/**
 * A throwaway single-node Slurm cluster for tests: munged, slurmctld and slurmd (Debian's
 * `munge` and `slurm-wlm`), on 127.0.0.1 and free ports, with every file (munge key and socket,
 * slurm.conf, spool, state, logs) under one temp folder. Nothing system-wide is used or changed:
 * commands reach this cluster only through the SLURM_CONF in {@link SlurmCluster.env}.
 * `stop()` cancels the jobs, stops the three daemons by their pids and removes the folder.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const DAEMONS = ['munged', 'slurmctld', 'slurmd'];
const CLIENTS = ['sbatch', 'squeue', 'sinfo', 'scancel'];

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;

/** Why a local cluster cannot be started here (undefined when it can). */
export function slurmUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'Slurm test runs on Linux only';
  const missing = [...DAEMONS, ...CLIENTS].filter((c) => !onPath(c));
  if (missing.length) return `Slurm not installed (missing ${missing.join(', ')}; apt-get install slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return 'the local Slurm cluster needs root (slurmd runs the jobs)';
  return undefined;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running local cluster. */
export interface SlurmCluster {
  /** The temp folder holding everything. */
  dir: string;
  /** Environment for sbatch/squeue/… (and the jobs): the process environment plus SLURM_CONF. */
  env: NodeJS.ProcessEnv;
  /** Runs a client command (sbatch, squeue, …) against this cluster. */
  run(cmd: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): { status: number | null; stdout: string; stderr: string };
  /** The daemons' logs, for failure messages. */
  logs(): string;
  /** Cancels all jobs, stops the daemons (by pid) and removes the folder; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts munged, slurmctld and slurmd and waits (at most `timeoutMs`) until the node is idle. */
export async function startSlurm(timeoutMs = 60_000): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'nnqft-slurm-'));
  // munged wants its socket folder (and the folders above it) executable by all, its key private
  chmodSync(dir, 0o755);
  for (const d of ['run', 'spool', 'state', 'log']) mkdirSync(join(dir, d), { mode: 0o755 });
  mkdirSync(join(dir, 'munge'), { mode: 0o700 });
  const key = join(dir, 'munge', 'munge.key');
  writeFileSync(key, randomBytes(128), { mode: 0o400 });
  const socket = join(dir, 'run', 'munge.socket');
  const conf = join(dir, 'slurm.conf');
  const [ctldPort, dPort] = [await freePort(), await freePort()];
  const host = hostname().split('.')[0]!;
  writeFileSync(conf, [
    'ClusterName=nnqft-test',
    `SlurmctldHost=${host}(127.0.0.1)`,
    `SlurmctldPort=${ctldPort}`,
    `SlurmdPort=${dPort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    `AuthInfo=socket=${socket}`,
    'CredType=cred/munge',
    // no cgroups in containers: plain process tracking, no task binding
    'ProctrackType=proctrack/linuxproc',
    'TaskPlugin=task/none',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'MpiDefault=none',
    'ReturnToService=2',
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'run', 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'run', 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
    `NodeName=nnqft0 NodeAddr=127.0.0.1 NodeHostname=${host} CPUs=${cpus().length} State=UNKNOWN`,
    'PartitionName=debug Nodes=nnqft0 Default=YES MaxTime=INFINITE State=UP',
    '',
  ].join('\n'));
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const start = (cmd: string, args: string[], log: string) => {
    const fd = openSync(join(dir, 'log', log), 'a');
    try {
      const c = spawn(cmd, args, { env, stdio: ['ignore', fd, fd] });
      c.on('error', () => {});
      children.push(c);
      return c;
    } finally { closeSync(fd); }
  };
  const run: SlurmCluster['run'] = (cmd, args, opts = {}) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...env, ...opts.env }, cwd: opts.cwd, timeout: 30_000 });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  };
  const logs = () => ['munged.out', 'slurmctld.log', 'slurmd.log', 'slurmctld.out', 'slurmd.out'].map((f) => {
    try { return `--- ${f}\n${readFileSync(join(dir, 'log', f), 'utf8').split('\n').slice(-15).join('\n')}`; } catch { return ''; }
  }).join('\n');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // jobs first (their slurmstepd would outlive slurmd), then the daemons in reverse order
    if (children.length === 3 && children.every((c) => c.exitCode === null)) {
      run('scancel', ['--full', '--user', 'root']);
      for (let t = 0; t < 40 && run('squeue', ['-h']).stdout.trim() !== ''; t++) await sleep(250);
    }
    for (const c of [...children].reverse()) {
      if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise((r) => c.once('exit', r));
      process.kill(c.pid, 'SIGTERM');
      if (await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]) === false) {
        process.kill(c.pid, 'SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const cluster: SlurmCluster = { dir, env, run, logs, stop };
  try {
    start('munged', ['-F', `--socket=${socket}`, `--key-file=${key}`, `--log-file=${join(dir, 'log', 'munged.log')}`,
      `--pid-file=${join(dir, 'run', 'munged.pid')}`, `--seed-file=${join(dir, 'munge', 'munged.seed')}`], 'munged.out');
    for (let t = 0; ; t++) {
      if (run('munge', ['-n', '-S', socket]).status === 0) break;
      if (t > 100) throw new Error('munged did not start');
      await sleep(100);
    }
    start('slurmctld', ['-D', '-f', conf], 'slurmctld.out');
    start('slurmd', ['-D', '-N', 'nnqft0', '-f', conf], 'slurmd.out');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
      if (dead) throw new Error(`${dead.spawnfile} exited (${dead.exitCode ?? dead.signalCode})`);
      if (/^idle/m.test(run('sinfo', ['-h', '-o', '%T']).stdout)) break;
      if (Date.now() > deadline) throw new Error(`the node did not become idle in ${timeoutMs / 1000} s`);
      await sleep(250);
    }
    return cluster;
  } catch (e) {
    const msg = `${(e as Error).message}\n${logs()}`;
    await stop();
    throw new Error(msg);
  }
}
