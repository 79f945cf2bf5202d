/**
 * The cluster examples (examples/slurm, examples/k8s) are valid and run what they claim: the
 * Kubernetes manifests parse as YAML with the right shape, and every command line they (and the
 * sbatch scripts) run is accepted by nnqft's own CLI parser, with the shard each task gets.
 * The real Slurm run is test/nets/slurm.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { COMMANDS } from '../../cli/commands/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCHEDULER_VARS = /^(SLURM_|JOB_COMPLETION_INDEX$|NNQFT_SHARDS$|SHARDS$|NNQFT$|NNQFT_JOB$|OUTDIR$)/;

class Parsed extends Error {
  constructor(readonly command: string, readonly opts: Record<string, unknown>, readonly args: unknown[]) { super('parsed'); }
}

/**
 * Parses `nnqft <argv…>` with the CLI's own commander program (every registered command), in the
 * environment `env`, and stops before the command's action runs: the parse-only check of a
 * command line. Throws what the CLI would report (a CommanderError or an NnqftError).
 */
async function parseCli(argv: string[], env: Record<string, string>): Promise<Parsed> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  for (const register of COMMANDS) register(program);
  program.hook('preAction', (_top, cmd) => { throw new Parsed(cmd.name(), cmd.opts(), cmd.processedArgs); });
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (SCHEDULER_VARS.test(k)) delete process.env[k];
  Object.assign(process.env, env);
  try {
    await program.parseAsync(['node', 'nnqft', ...argv]);
  } catch (e) {
    if (e instanceof Parsed) return e;
    throw e;
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  throw new Error(`no action ran for: nnqft ${argv.join(' ')}`);
}

const yamlDocs = (file: string) => {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'examples/k8s', file), 'utf8'));
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) expect(d.errors, file).toEqual([]);
  return list.map((d) => d.toJS());
};

describe('parseCli (the parse-only check) can fail', () => {
  it('rejects an unknown flag, a bad value and --shard auto without a scheduler', async () => {
    await expect(parseCli(['sample', '--no-such-flag'], {})).rejects.toMatchObject({ code: 'commander.unknownOption' });
    await expect(parseCli(['sample', '--nets', '-3'], {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(parseCli(['sample', '--shard', 'auto'], {})).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((await parseCli(['sample', '--shard', '2/3'], {})).opts.shard).toEqual({ index: 2, count: 3 });
  });
});

describe('examples/k8s', () => {
  it('sample-job.yaml: an Indexed Job whose pods k = 0 … completions−1 run shards k+1 of completions, to distinct files on the shared volume', async () => {
    const [job, ...rest] = yamlDocs('sample-job.yaml');
    expect(rest).toEqual([]);
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', template: { spec: { restartPolicy: 'Never' } } } });
    const n: number = job.spec.completions;
    expect(Number.isInteger(n) && n >= 2).toBe(true);
    expect(job.spec.parallelism).toBeLessThanOrEqual(n);
    const [c, ...others] = job.spec.template.spec.containers;
    expect(others).toEqual([]);
    expect(c.command).toEqual(['nnqft']);
    const mount: string = c.volumeMounts[0].mountPath;
    const claim = job.spec.template.spec.volumes.find((v: { name: string }) => v.name === c.volumeMounts[0].name).persistentVolumeClaim.claimName;
    expect(yamlDocs('pvc.yaml')[0]).toMatchObject({ kind: 'PersistentVolumeClaim', metadata: { name: claim }, spec: { accessModes: ['ReadWriteMany'] } });
    const outs = new Set<string>();
    for (let k = 0; k < n; k++) {
      // what Kubernetes does: $(JOB_COMPLETION_INDEX) in args expands to the pod's index
      const argv = (c.args as string[]).map((a) => a.replaceAll('$(JOB_COMPLETION_INDEX)', String(k)));
      expect(argv.join(' ')).not.toContain('$(');
      const p = await parseCli(argv, { JOB_COMPLETION_INDEX: String(k) });
      expect(p.command).toBe('sample');
      expect(p.opts.shard).toEqual({ index: k + 1, count: n });
      expect(String(p.opts.out).startsWith(`${mount}/`)).toBe(true);
      expect(String(p.opts.checkpoint).startsWith(`${mount}/`)).toBe(true);
      expect(p.opts.resume).toBe(true);
      outs.add(String(p.opts.out));
    }
    expect(outs.size).toBe(n);
  });

  it('merge-job.yaml: nnqft merge over the shard files, on the same claim', async () => {
    const [job] = yamlDocs('merge-job.yaml');
    const [sample] = yamlDocs('sample-job.yaml');
    expect(job).toMatchObject({ kind: 'Job', spec: { template: { spec: { restartPolicy: 'Never' } } } });
    expect(job.spec.template.spec.volumes).toEqual(sample.spec.template.spec.volumes);
    const c = job.spec.template.spec.containers[0];
    expect(c.command.slice(0, 2)).toEqual(['sh', '-c']);
    const words = (c.command[2] as string).split(/\s+/);
    expect(words.slice(0, 2)).toEqual(['exec', 'nnqft']);
    const p = await parseCli(words.slice(2), {});
    expect(p.command).toBe('merge');
    // the glob covers the sample Job's outputs
    expect(p.args[0]).toEqual(['/results/shard-*.json']);
    expect(sample.spec.template.spec.containers[0].args).toContain('/results/shard-$(JOB_COMPLETION_INDEX).json');
  });
});

describe('examples/slurm (the scripts run under bash with a stand-in nnqft that records its arguments)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnqft-slurm-examples-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = join(dir, 'fake-nnqft');
  writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\n');
  chmodSync(fake, 0o755);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SCHEDULER_VARS.test(k)));
  const runScript = (script: string, env: Record<string, string>) => {
    const argsFile = join(dir, `args-${Math.random().toString(36).slice(2)}`);
    const r = spawnSync('bash', [join(ROOT, 'examples/slurm', script)], {
      encoding: 'utf8', cwd: dir, env: { ...clean, NNQFT: fake, ARGS_FILE: argsFile, OUTDIR: join(dir, 'results'), ...env },
    });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(argsFile, 'utf8').replace(/\n$/, '').split('\n');
  };
  const directives = (script: string) => [...readFileSync(join(ROOT, 'examples/slurm', script), 'utf8').matchAll(/^#SBATCH\s+(\S+)/gm)].map((m) => m[1]!);

  it('sample.sbatch: its default job parses, and tasks 1-4 of its --array are shards 1/4 … 4/4 with distinct outputs', async () => {
    const array = directives('sample.sbatch').find((d) => d.startsWith('--array='));
    const [lo, hi] = /^--array=(\d+)-(\d+)$/.exec(array ?? '')!.slice(1).map(Number) as [number, number];
    const outs = new Set<string>();
    for (let id = lo; id <= hi; id++) {
      const env = { SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(lo), SLURM_ARRAY_TASK_MAX: String(hi), SLURM_ARRAY_TASK_COUNT: String(hi - lo + 1) };
      const argv = runScript('sample.sbatch', env);
      const p = await parseCli(argv, env);
      expect(p.command).toBe('sample');
      expect(p.opts.shard).toEqual({ index: id - lo + 1, count: hi - lo + 1 });
      outs.add(String(p.opts.out));
    }
    expect(outs.size).toBe(hi - lo + 1);
  });

  it('sample.sbatch refuses a resubmitted single task (an array of 1 of a 4-shard job) before sampling', async () => {
    const env = { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '3', SLURM_ARRAY_TASK_MAX: '3', SLURM_ARRAY_TASK_COUNT: '1' };
    await expect(parseCli(runScript('sample.sbatch', env), env)).rejects.toThrow(/has 1 tasks .* but the job has 4 shards/);
  });

  it('merge.sbatch: nnqft merge of the shard files (expanded by the shell) into merged.json', async () => {
    const results = join(dir, 'results');
    for (const i of [1, 2]) writeFileSync(join(results, `shard-${i}.json`), '{}');
    const argv = runScript('merge.sbatch', {});
    const p = await parseCli(argv, {});
    expect(p.command).toBe('merge');
    expect(p.args[0]).toEqual([join(results, 'shard-1.json'), join(results, 'shard-2.json')]);
    expect(p.opts.out).toBe(join(results, 'merged.json'));
  });
});
