/**
 * `nnqft rg`: the RG flow λ(Λ) of a one-coupling action over a list of cutoffs,
 * per element and fitted, with the slope of log|λ| against log Λ (CONVENTIONS §7).
 */
import type { Command } from 'commander';
import { fitTarget, fitTargetText, makeEngines } from '../../src/fit/engines.js';
import { fmt } from '../../src/fit/fit.js';
import { rgAction } from '../../src/fit/pipeline.js';
import { archFromOptions, cutoffs, inputs, num, oneOf, type ArchOptions, addArchOptions, widthOrLayers, addReplicaOptions, addProgressOption } from '../options.js';
import { action, formatTable, printJson } from '../run.js';
import { cliProgressBar } from '../progress.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

interface RgCliOptions extends ArchOptions {
  width?: number;
  inputs: number[][];
  cutoffs: number[];
  action: string;
  propagator: 'eft' | 'kernel';
  source: 'exact' | 'sample' | 'finite-width';
  data?: string[];
  nets?: number;
  experiments?: number;
  seed?: number;
  json?: boolean;
  progress: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('rg')
    .description('RG flow: λ(Λ) = ΔG4 / (24 ∫_{−Λ}^{Λ} ΠK_EFT) over cutoffs, and the slope of log|λ| against log Λ');
  addArchOptions(cmd, 'required')
    .option('--width <N>', 'network width N (one hidden layer; or --layers for any depth)', num('width'))
    .requiredOption('--inputs <inputs>', 'input set', inputs)
    .requiredOption('--cutoffs <list>', 'cutoffs Λ, e.g. 7,10,15,20,50,100,1e3,1e4,1e5', cutoffs)
    .option('--action <text>', 'one-coupling action', 'λ f^4')
    .option('--propagator <p>', 'eft or kernel', oneOf('propagator', ['eft', 'kernel'] as const), 'eft')
    .option('--source <s>', 'exact (one hidden layer), sample or finite-width (leading order in 1/n, any depth)', oneOf('source', ['exact', 'sample', 'finite-width'] as const), 'exact')
    .option('--data <files>', 'sampler JSON output to read instead of sampling', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean));
  addProgressOption(addReplicaOptions(cmd))
    .option('--json', 'print JSON')
    .action(action(async (o: RgCliOptions) => {
      if (o.data && o.source !== 'sample') throw new InvalidArgumentError('--data is sampler output: use it with --source sample');
      const { arch, params } = archFromOptions(o, o.inputs);
      const { width, network } = widthOrLayers(o, params, arch);
      const deepOrFw = network.widths.length > 1 || o.source === 'finite-width';
      const target = fitTarget(deepOrFw ? { network } : {});
      const bar = cliProgressBar(o.progress);
      let r;
      try {
        const engines = makeEngines(o.action, {
          arch, params, width, ...(deepOrFw ? { network } : {}), propagator: o.propagator, source: o.source, ...(bar.onProgress ? { onPhaseProgress: bar.onProgress } : {}),
          ...(o.data ? { dataFiles: o.data } : {}),
          sample: { ...(o.nets ? { nets: o.nets } : {}), ...(o.experiments ? { experiments: o.experiments } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) },
        });
        r = await rgAction(engines, { points: o.inputs, cutoffs: o.cutoffs });
      } finally {
        bar.stop();
      }
      // Two cutoffs fix the line exactly: no residual, no error estimate. Say so instead of printing NaN.
      const slopeStdError = Number.isFinite(r.slopeStdError) ? r.slopeStdError : null;
      if (slopeStdError === null) process.stderr.write(`nnqft: note: ${r.points.length} cutoffs fix the slope exactly; its error needs three or more\n`);
      const points = r.points.map((p) => ({ cutoff: p.cutoff, lambda: p.lambda, stdError: p.stdError, lambdaAction: p.lambdaAction, perElement: p.perElement, mape: p.mape }));
      if (o.json) {
        printJson({
          layers: network.widths, target,
          slope: r.slope, r2: r.r2, slopeStdError, elementSlopes: r.elementSlopes,
          predictedSpread: r.predictedSpread, predictedSpreadMedian: r.predictedSpreadMedian, frozenSpread: r.frozenSpread,
          signConvention: 'lambda: paper sign, λ(Λ) = ΔG4 / (24∫ΠK); lambdaAction = −lambda',
          points,
        });
        return;
      }
      let out = fitTargetText(target, network.widths.length) + '\n\n';
      out += formatTable(['Λ', 'λ fitted (paper sign)', 'λ per element: min … max', 'fit MAPE (%)'], r.points.map((p) => {
        const pe = p.perElement.filter(Number.isFinite);
        return [fmt(p.cutoff), `${fmt(p.lambda)}${p.stdError !== null ? ` ± ${fmt(p.stdError)}` : ''}`, `${fmt(Math.min(...pe))} … ${fmt(Math.max(...pe))}`, fmt(p.mape)];
      }));
      out += `\nslope d log|λ| / d log Λ = ${fmt(r.slope)}${slopeStdError === null ? '' : ` ± ${fmt(slopeStdError)}`}  (R² = ${r.r2.toFixed(6)}); β(λ) = ${fmt(r.slope)}·λ\n`;
      out += `per-element slopes: ${fmt(r.elementSlopes.min)} … ${fmt(r.elementSlopes.max)}\n`;
      out += `predicted ΔG4 across cutoffs, spread / |ΔG4|: max ${fmt(r.predictedSpread)} (median ${fmt(r.predictedSpreadMedian)}) with running λ(Λ); max ${fmt(r.frozenSpread)} with λ frozen at Λ = ${fmt(r.points[0]!.cutoff)}\n`;
      process.stdout.write(out);
    }));
}
