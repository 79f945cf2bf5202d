/** `nnqft reproduce [--quick] --out DIR`: the paper's study as an HTML report with SVG figures and JSON data. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { reproduce, reproducePlan, estimateSeconds, estimateStages, estimateRemaining, hasSamplingDone, openCheckpoints } from '../../src/report/reproduce.js';
import { writeReport } from '../../src/report/write.js';
import { ensureDir } from '../../src/core/files.js';
import { cliProgressBar } from '../progress.js';
import { action, printJson } from '../run.js';
import { natInt, posInt } from '../options.js';

interface Opts { quick?: boolean; out: string; seed: number; threads?: number; json?: boolean; progress: boolean; checkpoints: boolean }

export function register(program: Command): void {
  program
    .command('reproduce')
    .description('reproduce the paper (diagrams, kernels, m_n vs width, Table 5, 6-point prediction, RG flow) as an HTML report')
    .option('--quick', `small samples: about ${formatDuration(estimateSeconds(reproducePlan(true)))} on 2 idle cores (the full run uses the seed's sample sizes: about ${formatDuration(estimateSeconds(reproducePlan(false)))})`)
    .option('--out <dir>', 'output directory', 'report')
    .option('--seed <s>', 'random seed', natInt('seed'), 1)
    .option('--threads <t>', 'sampler threads (default: all cores)', posInt('threads'))
    .option('--no-progress', 'no progress bar (on a terminal; elsewhere no stage lines)')
    .option('--no-checkpoints', 'do not checkpoint the sampling into DIR/checkpoints (an interrupted run then starts over; by default the same command continues it)')
    .option('--json', 'print the list of written files as JSON')
    .action(action(async (o: Opts) => {
      // Refuse an unusable --out before minutes of computation, not after.
      ensureDir(o.out);
      const checkpointDir = o.checkpoints ? join(o.out, 'checkpoints') : undefined;
      if (checkpointDir) ensureDir(checkpointDir);
      const plan = reproducePlan(!!o.quick, o.seed, o.threads, checkpointDir ? { checkpointDir } : {});
      // Checkpoints of another plan are refused here, before any work.
      openCheckpoints(plan);
      const resumed = hasSamplingDone(plan);
      const expected = estimateSeconds(plan);
      const all = estimateStages(plan), small = all.filter((e) => e.seconds < 1);
      const stages = [...all.filter((e) => e.seconds >= 1).map((e) => `${e.stage} ${formatDuration(e.seconds)}`),
        ...(small.length ? [`${small.map((e) => e.stage).join(', ')} under ${Math.max(1, Math.ceil(small.reduce((t, e) => t + e.seconds, 0)))} s`] : [])].join('; ');
      process.stderr.write(`nnqft reproduce (${plan.quick ? 'quick' : 'full'}): expected time about ${formatDuration(expected)} on 2 idle cores (${stages})` +
        (checkpointDir
          ? `; the sampling is checkpointed in ${checkpointDir}: run the same command again to continue after an interruption` +
            (resumed
              ? `\n  continuing from the checkpoints in ${checkpointDir}: about ${formatDuration(estimateRemaining(plan).reduce((s, e) => s + e.seconds, 0))} left\n`
              : '\n')
          : '\n'));
      // Ctrl-C / kill: stop after the chunks in flight, write the checkpoints, exit with one line (a second signal kills).
      const stop = new AbortController();
      const onSignal = () => {
        process.stderr.write('\nnnqft reproduce: stopping after the chunks in flight…\n');
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar = cliProgressBar(o.progress, { logPhases: true });
      const progress = (stage: string, done: number, total: number) => bar.onProgress?.(done, total, stage);
      let r;
      try {
        r = await reproduce(plan, progress, { signal: stop.signal });
      } finally {
        bar.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const files = writeReport(o.out, r.title, r.intro, r.sections, r.meta);
      if (o.json) printJson({ out: o.out, files });
      else process.stdout.write(`wrote ${files.length} files to ${o.out}/ (open ${o.out}/index.html)\n`);
    }));
}

function formatDuration(s: number): string {
  return s < 120 ? `${Math.round(s)} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}
