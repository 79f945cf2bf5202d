/**
 * `nnqft fit "<action>"`: fits the action's couplings to ΔG4 on a training set
 * (exact or sampled correlators) and reports MAPE/MSE on training and test sets.
 * Sign conventions: CONVENTIONS §5 (action) and §6 (the seed's Table 5).
 */
import type { Command } from 'commander';
import { fitAction } from '../../src/fit/pipeline.js';
import { fitTarget, fitTargetText, makeEngines, type EngineOptions, type FitTarget } from '../../src/fit/engines.js';
import { fmt, type FitResult } from '../../src/fit/fit.js';
import { archFromOptions, cutoff, inputs, num, oneOf, type ArchOptions, addArchOptions, widthOrLayers, addReplicaOptions, addProgressOption } from '../options.js';
import { action, formatTable, printJson } from '../run.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { ProgressCallback } from '../../src/core/progress.js';
import { cliProgressBar } from '../progress.js';

/** Options shared by `fit` and `validate`. */
export interface FitCliOptions extends ArchOptions {
  width?: number;
  cutoff: number;
  propagator: 'eft' | 'kernel';
  train: number[][];
  test?: number[][];
  source: 'exact' | 'sample' | 'finite-width';
  data?: string[];
  nets?: number;
  experiments?: number;
  seed?: number;
  rtol?: number;
  json?: boolean;
  progress: boolean;
}

/** Adds the options of `fit`/`validate` to a command. */
export function addFitOptions(c: Command): Command {
  addArchOptions(c, 'required')
    .option('--width <N>', 'network width N (one hidden layer; or --layers for any depth)', num('width'))
    .requiredOption('--cutoff <L>', 'cutoff Λ of the integrals ("inf" allowed)', cutoff)
    .option('--propagator <p>', 'propagator in the integrals: eft (K − σ_b², the paper\'s fits) or kernel', oneOf('propagator', ['eft', 'kernel'] as const), 'eft')
    .requiredOption('--train <inputs>', 'training inputs ("a,b,c", "a b; c d" or a preset)', inputs)
    .option('--test <inputs>', 'test inputs', inputs)
    .option('--source <s>', 'correlators: exact (one hidden layer), sample (Monte Carlo) or finite-width (leading order in 1/n, any depth)', oneOf('source', ['exact', 'sample', 'finite-width'] as const), 'exact')
    .option('--data <files>', 'sampler JSON output(s) to read instead of sampling, comma-separated (one per input set)', (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean));
  addReplicaOptions(c).option('--rtol <x>', 'relative rank tolerance of the least-squares solve (default 1e-7)', num('rtol'));
  return addProgressOption(c).option('--json', 'print JSON');
}

/** Engine options from the parsed CLI options; `onPhaseProgress` from {@link cliProgressBar}. */
export function engineOptions(o: FitCliOptions, onPhaseProgress?: ProgressCallback): EngineOptions {
  if (o.data && o.source !== 'sample') throw new InvalidArgumentError('--data is sampler output: use it with --source sample');
  const { arch, params } = archFromOptions(o, o.train);
  const { width, network } = widthOrLayers(o, params, arch);
  if (o.test && o.test[0]!.length !== params.dIn) throw new InvalidArgumentError(`test inputs have dimension ${o.test[0]!.length}, training inputs ${params.dIn}`);
  return {
    arch, params, width, propagator: o.propagator, source: o.source, ...(onPhaseProgress ? { onPhaseProgress } : {}),
    // One hidden layer keeps its own path (fractional --width included); the description goes along where it matters.
    ...(network.widths.length > 1 || o.source === 'finite-width' ? { network } : {}),
    ...(o.data ? { dataFiles: o.data } : {}),
    sample: { ...(o.nets ? { nets: o.nets } : {}), ...(o.experiments ? { experiments: o.experiments } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) },
  };
}

const val = (c: { value: number | null; stdError: number | null; stdErrorFormula?: number | null }) => ({
  value: c.value, stdError: c.stdError, ...(c.stdErrorFormula !== undefined ? { stdErrorFormula: c.stdErrorFormula } : {}),
});

/** What the fit was fitted to: the network's hidden widths and the target (CONVENTIONS §8). */
export interface FitSetup {
  layers: number[];
  target: FitTarget;
}

/**
 * The setup of engine options, for {@link fitJson} / {@link fitText}. Connected targets (depth ≥ 2) are fitted
 * unweighted: their sampled errors are tiny (the same networks' G2 is subtracted) against the first-order
 * model's misfit (χ²/dof in the thousands), so a weighted λ follows whichever tuples' estimated errors came out
 * smallest and moves between seeds by far more than its error bar (measured: ±3 % against 0.2 % with 10 replicas).
 */
export function fitSetup(eo: EngineOptions): FitSetup {
  return { layers: eo.network ? eo.network.widths.slice() : [eo.width], target: fitTarget(eo) };
}

/** The JSON document of a fit (the issue's shape plus the paper-sign couplings and the determined combinations). */
export function fitJson(f: FitResult, setup?: FitSetup): Record<string, unknown> {
  return {
    ...(setup ? { layers: setup.layers, target: setup.target } : {}),
    couplings: Object.fromEntries(Object.entries(f.couplings).map(([k, c]) => [k, val(c)])),
    paper: Object.fromEntries(Object.entries(f.paper).map(([k, c]) => [k, val(c)])),
    signConvention: 'couplings: action convention ΔS = ∫ λ f^4 (ΔG4 ≈ −24 λ ∫ΠK); paper: the seed\'s Table 5 (ΔG4 ≈ +λ0·24∫ΠK, value = −action value)',
    train: { mape: f.train.mape, mse: f.train.mse, n: f.train.n },
    ...(f.test ? { test: { mape: f.test.mape, mse: f.test.mse, n: f.test.n, determined: f.test.determined } } : {}),
    degenerate: f.degenerate,
    rank: f.rank,
    condition: f.condition,
    determined: f.combinations.map((c) => ({ coefficients: c.coefficients, value: c.value, paperValue: c.paperValue, stdError: c.stdError, text: c.text })),
    weighted: f.weighted,
    errors: f.errors,
    ...(f.replicas !== undefined ? { replicas: f.replicas } : {}),
    chi2: f.chi2,
    dof: f.dof,
  };
}

/** Readable report of a fit (with the target line when the setup is given). */
export function fitText(f: FitResult, setup?: FitSetup): string {
  const names = Object.keys(f.couplings);
  const head = setup ? fitTargetText(setup.target, setup.layers.length) + (setup.target === 'connected' ? ' (unweighted least squares)' : '') + '\n\n' : '';
  const cell = (c: { value: number | null; stdError: number | null }) =>
    c.value === null ? 'not determined' : `${fmt(c.value)}${c.stdError !== null ? ` ± ${fmt(c.stdError)}` : ''}`;
  let out = formatTable(['coupling', 'action convention (ΔS = ∫λf⁴)', 'paper sign (ΔG4 ≈ +λ·T)'], names.map((n) => [n, cell(f.couplings[n]!), cell(f.paper[n]!)]));
  if (f.degenerate && f.rank === 0) {
    // Rank 0: every feature vanishes on the training set (e.g. a first-order f³ term in G4); "fix only:" with an empty list read as a bug.
    out += `\ndegenerate: every feature vanishes on the training inputs (rank 0 of ${names.length}); the data fix no combination of the couplings\n`;
  } else if (f.degenerate) {
    out += `\ndegenerate: the features are collinear (rank ${f.rank} of ${names.length}); the data fix only (action convention):\n`;
    for (const c of f.combinations) out += `  ${c.text}   [paper sign: ${fmt(c.paperValue)}]\n`;
  } else {
    out += `\ncondition number ${fmt(f.condition)} (rank ${f.rank})\n`;
  }
  const rows: (string | number)[][] = [['train', fmt(f.train.mape), fmt(f.train.mse), f.train.n]];
  if (f.test) rows.push(['test' + (f.test.determined ? '' : ' (not determined)'), fmt(f.test.mape), fmt(f.test.mse), f.test.n]);
  out += '\n' + formatTable(['set', 'MAPE (%)', 'MSE', 'tuples'], rows);
  out += f.weighted ? `χ²/dof = ${fmt(f.chi2 / Math.max(f.dof, 1))} (weighted by the measured errors)\n` : '';
  if (f.weighted && f.errors === 'formula') out += 'warning: coupling errors from the least-squares formula treat the tuples as independent, but they share networks; sample without --data (independent replicas) for honest errors\n';
  if (f.errors === 'replicas') out += `coupling errors: spread of the fits to ${f.replicas} independent sampling replicas / √${f.replicas} (the tuples share networks, so the least-squares formula would understate them)\n`;
  return head + out;
}

export function register(program: Command): void {
  addFitOptions(
    program
      .command('fit <action>')
      .description('fit the couplings of an action to ΔG4 = G4 − G4_GP (linear least squares), with MAPE/MSE on training and test sets'),
  ).action(action(async (text: string, o: FitCliOptions) => {
    const bar = cliProgressBar(o.progress);
    let f, setup;
    try {
      const eo = engineOptions(o, bar.onProgress);
      setup = fitSetup(eo);
      const engines = makeEngines(text, eo);
      f = await fitAction(engines, {
        train: o.train, cutoff: o.cutoff,
        ...(o.test ? { test: o.test } : {}),
        ...(o.rtol !== undefined ? { rtol: o.rtol } : {}),
        ...(setup.target === 'connected' ? { weighted: false } : {}),
      });
    } finally {
      bar.stop();
    }
    if (o.json) printJson(fitJson(f, setup));
    else process.stdout.write(fitText(f, setup));
  }));
}
