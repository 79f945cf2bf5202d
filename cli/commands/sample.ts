/** `nnqft sample`: Monte-Carlo networks and their correlators (logic in src/nets/sample.ts). */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { buildResult } from '../../src/nets/result.js';
import { runSampler, withTiming, type SampleOptions } from '../../src/nets/sample.js';
import { formatSeconds } from '../../src/nets/cost.js';
import { serializeState } from '../../src/nets/state.js';
import { parseShard } from '../../src/nets/shard.js';
import { writeFileAtomic } from '../../src/core/files.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { SampleResult } from '../../src/nets/result.js';
import { cliProgressBar } from '../progress.js';
import { action, formatTable, jsonReplacer, printJson } from '../run.js';
import { archFromOptions, defaultInputs, inputs, nList, oneOf, posInt, natInt, num, nonNegNum, widths, addArchOptions, layerSweep, scaleList } from '../options.js';

interface SampleCliOptions {
  arch: string; sw?: number; sb?: number; din?: number; layers?: number[]; scale?: number[]; width: number[]; nets: number; experiments: number; seed: number;
  inputs?: number[][]; n: number[]; estimator?: 'plain' | 'conditional'; backend: 'workers' | 'tfjs' | 'gpu'; threads?: number;
  chunkSize?: number; checkpoint?: string; checkpointInterval: number; resume?: boolean; shard?: { index: number; count: number };
  out?: string; npy?: string; progress: boolean; json?: boolean; maxTime: number;
}

/** "i/n" with 1 <= i <= n, or "auto" / "auto/n" from the scheduler's task index (src/nets/shard.ts). */
const shard = (v: string) => parseShard(v, process.env);

/** Default --max-time: an hour; longer jobs say so explicitly (checkpointed, sharded, or --max-time inf). */
const DEFAULT_MAX_TIME_S = 3600;
/** Runs estimated at least this long announce their estimate on stderr before starting. */
const ANNOUNCE_S = 10;

/** Seconds, or "inf" for no limit. */
function maxTime(v: string): number {
  if (/^\s*(inf|infinity)\s*$/i.test(v)) return Infinity;
  const x = Number(v);
  if (v.trim() === '' || !(x > 0)) throw new InvalidArgumentError(`--max-time must be a positive number of seconds or "inf", got "${v}"`);
  return x;
}

/** Prints a result as JSON or as a table. */
export function printSampleResult(r: SampleResult, json: boolean | undefined): void {
  for (const w of r.warnings) process.stderr.write(`nnqft: warning: ${w}\n`);
  if (json) { printJson(r); return; }
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toPrecision(6));
  for (const res of r.results) {
    process.stdout.write(`${res.layers ? `layers ${res.layers.join(',')}` : `width ${res.width}`}, G${res.n}: m = ${f(res.m)}, background = ${f(res.background)}\n`);
    process.stdout.write(formatTable(['index', 'G', '±', 'GP', 'ΔG', '±'], res.entries.map((e) => [
      e.index.join(','), f(e.G.mean), f(e.G.stdError), f(e.GP), f(e.delta?.mean), f(e.delta?.stdError),
    ])));
  }
  if (r.netsPerSecond !== undefined) process.stdout.write(`${Math.round(r.netsPerSecond)} networks/s\n`);
}

/** Registers `nnqft sample`. */
export function register(program: Command): void {
  const cmd = program
    .command('sample')
    .description('sample networks (one hidden layer, or any depth with --layers) and measure G(n) with error bars (CONVENTIONS §1, §3, §8)');
  addArchOptions(cmd, 'erf')
    .option('--width <list>', 'widths N (integers) of one hidden layer; --layers replaces it', widths, [5])
    .option('--scale <list>', 'with --layers: a sweep, every hidden width times each factor (e.g. --layers 20,20,20 --scale 1,2,4)', scaleList)
    .option('--nets <k>', 'networks per width', posInt('nets'), 100000)
    .option('--experiments <E>', 'independent experiments', posInt('experiments'), 1)
    .option('--seed <s>', 'seed (integer in [0, 2^32))', natInt('seed'), 0)
    .option('--inputs <set>', 'input points or a preset (default: the paper\'s preset for the architecture, paper-<arch>; paper-erf where none exists, e.g. tanh)', inputs)
    .option('--n <list>', 'orders n (even)', nList, [4])
    .option('--estimator <e>', 'plain | conditional (default: conditional, smaller error per second)', oneOf('estimator', ['plain', 'conditional'] as const))
    .option('--backend <b>', 'workers | tfjs | gpu (WebGPU: `nnqft gpu` shows the adapter)', oneOf('backend', ['workers', 'tfjs', 'gpu'] as const), 'workers')
    .option('--threads <t>', 'worker threads (default: all cores)', posInt('threads'))
    .option('--chunk-size <k>', 'networks per chunk (part of the job identity)', posInt('chunk-size'))
    .option('--checkpoint <file>', 'checkpoint file (written atomically at intervals)')
    .option('--checkpoint-interval <s>', 'seconds between checkpoints', nonNegNum('checkpoint-interval'), 30)
    .option('--resume', 'continue from --checkpoint')
    .option('--shard <i/n|auto>', 'run only part i of n, counting from 1 (1/2 and 2/2; combine with `nnqft merge`); auto or auto/n: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX (README, Cluster runs)', shard)
    .option('--out <file>', 'also write the result (or shard state) to this file, atomically')
    .option('--npy <file>', 'write raw outputs f(x) per network (.npy, shape [widths, nets, inputs]) and a .json sidecar')
    .option('--max-time <s>', `refuse to start a run estimated to take longer than s seconds ("inf": no limit; runs over ${ANNOUNCE_S} s print their estimate first)`, maxTime, DEFAULT_MAX_TIME_S)
    .option('--no-progress', 'no progress bar (shown only on a terminal, for jobs over a second)')
    .option('--json', 'print JSON')
    .action(action(async (o: SampleCliOptions) => {
      const points = o.inputs ?? defaultInputs(o.arch);
      const { arch, params } = archFromOptions(o, points);
      if (o.scale && !o.layers) throw new InvalidArgumentError('--scale scales --layers: give --layers too');
      const layers = o.layers ? layerSweep(o.layers, o.scale) : undefined;
      if (o.resume && o.checkpoint && !existsSync(o.checkpoint)) {
        process.stderr.write(`nnqft: no checkpoint at ${o.checkpoint} yet: starting a fresh run\n`);
      }
      const bar = cliProgressBar(o.progress);
      const show = bar.onProgress;
      const opts: SampleOptions = {
        widths: o.width, ...(layers ? { layers } : {}), ns: o.n, nets: o.nets, experiments: o.experiments, seed: o.seed, estimator: o.estimator,
        backend: o.backend, threads: o.threads, chunkSize: o.chunkSize, checkpoint: o.checkpoint,
        checkpointIntervalMs: o.checkpointInterval * 1000, resume: o.resume, shard: o.shard, npy: o.npy,
        maxSeconds: o.maxTime,
        onEstimate: (seconds, nets) => {
          if (seconds >= ANNOUNCE_S) process.stderr.write(`nnqft: sampling ${nets} networks: estimated ${formatSeconds(seconds)} (a guide, within about a factor 2)\n`);
        },
        ...(show ? { onProgress: (_d: number, _t: number, nets: number, totalNets: number) => show(nets, totalNets, 'sampling networks') } : {}),
      };
      // Ctrl-C / SIGTERM: finish the chunks in flight, write the checkpoint, exit 130
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      opts.signal = abort.signal;
      let run;
      try {
        run = await runSampler(arch, params, points, opts);
      } finally {
        bar.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (abort.signal.aborted && !run.complete) {
        process.stderr.write(`nnqft: interrupted after ${run.nets} networks${o.checkpoint ? `; continue with --resume --checkpoint ${o.checkpoint}` : ''}\n`);
        process.exit(130);
      }
      // A shard always writes its state, even when it is the whole job (an array of one task), so that `nnqft merge` takes every shard.
      if (!run.complete || o.shard) {
        const doc = { ...serializeState(run.state), shard: o.shard ? `${o.shard.index}/${o.shard.count}` : undefined,
          netsPerSecond: run.seconds > 0 ? run.nets / run.seconds : 0, ...(run.adapter ? { adapter: run.adapter } : {}) };
        if (o.out) writeFileAtomic(o.out, JSON.stringify(doc, jsonReplacer));
        if (o.json) printJson(doc);
        else process.stdout.write(`${o.shard ? `shard ${o.shard.index}/${o.shard.count}` : 'partial run'}: ${run.nets} networks in ${run.seconds.toFixed(1)} s; combine the shards with \`nnqft merge\`\n`);
        return;
      }
      const r = withTiming(buildResult(run.state, arch), run);
      if (o.out) writeFileAtomic(o.out, JSON.stringify(r, jsonReplacer, 2) + '\n');
      printSampleResult(r, o.json);
    }));
}
