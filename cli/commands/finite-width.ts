/**
 * `nnqft finite-width`: G4 of a network of any depth at leading order in 1/n (the four-point-vertex
 * recursion, CONVENTIONS §8). Parsing and printing only; the physics is in src/width/.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { finiteWidthPlan } from '../../src/width/vertex.js';
import { action, formatTable, printJson } from '../run.js';
import { cliProgressBar } from '../progress.js';
import { addArchOptions, defaultInputs, inputs, layerSweep, networkFromOptions, num, posInt, scaleList } from '../options.js';

interface FiniteWidthCliOptions {
  arch: string;
  sw?: number;
  sb?: number;
  din?: number;
  layers?: number[];
  width?: number;
  inputs?: number[][];
  n: number;
  scale?: number[];
  entries?: boolean;
  tol?: number;
  maxTuples?: number;
  json?: boolean;
  progress: boolean;
}


export function register(program: Command): void {
  const cmd = program
    .command('finite-width')
    .description('G4 of a network of any depth at leading order in 1/n (four-point vertex recursion; truncation O(1/n^2))');
  addArchOptions(cmd, 'required')
    .option('--width <N>', 'one hidden layer of width N (same as --layers N)', posInt('width'))
    .option('--inputs <set>', 'input set: "a,b,c", "a b; c d" or a preset (default: paper-<arch>, else paper-erf)', inputs)
    .option('--n <n>', 'correlator order: 4 (G4), or 2 (G2 with its O(1/n) shift)', posInt('n'), 4)
    .option('--scale <list>', 'width sweep: every hidden width multiplied by each factor (e.g. 1,2,4; each product an integer), as in nnqft sample', scaleList)
    .option('--entries', 'print every tuple in the table (always in --json)')
    .option('--tol <x>', 'target relative error of numerical four-point moments', num('tol'))
    .option('--max-tuples <k>', 'refuse more four-point moment tuples than this, summed over the layers (default 50000)', posInt('max-tuples'))
    .option('--no-progress', 'no progress bar (shown only on a terminal, for jobs over a second)')
    .option('--json', 'print JSON')
    .action(action((o: FiniteWidthCliOptions) => {
      if (o.width !== undefined && o.layers) throw new InvalidArgumentError('give --layers or --width, not both');
      if (o.width !== undefined) o.layers = [o.width];
      if (!o.layers) throw new InvalidArgumentError('finite-width needs the hidden widths: --layers n1,n2,... (or --width N for one hidden layer)');
      const points = o.inputs ?? defaultInputs(o.arch);
      const { arch, net } = networkFromOptions(o, points)!;
      const bar = cliProgressBar(o.progress);
      let plan;
      try {
        plan = finiteWidthPlan(arch, net, points, { n: o.n, maxTuples: o.maxTuples, moments: o.tol === undefined ? {} : { tol: o.tol }, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      const factors = o.scale ?? [1];
      const reports = layerSweep(net.widths, o.scale).map((widths) => plan.at(widths));
      if (plan.maxMomentRelError > 1e-10) {
        process.stderr.write(`nnqft: note: four-point moments carry an estimated relative error up to ${plan.maxMomentRelError.toExponential(1)} (numerical quadrature)\n`);
      }
      const network = { activation: net.activation, sW: net.sW, sb: net.sb, dIn: net.dIn };
      if (o.json) {
        if (o.scale) printJson({ network, inputs: points, scales: factors, results: reports });
        else printJson({ network, inputs: points, ...reports[0]! });
        return;
      }
      const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
      const first = reports[0]!;
      process.stdout.write(`${arch.title}  σ_W = ${net.sW}  σ_b = ${net.sb}  d_in = ${net.dIn}  ${points.length} inputs  depth ${net.widths.length}\n`);
      process.stdout.write(`leading order in 1/n (four-point vertex recursion), truncation ${first.truncation}\n\n`);
      process.stdout.write(formatTable(['layers', 'n', 'tuples', `m_${o.n}`, `m_${o.n} connected`],
        reports.map((r) => [r.layers.join(','), r.n, r.entries.length, fmt(r.m), fmt(r.mConnected)])));
      process.stdout.write(`\nnote: ${first.note}\n`);
      if (o.entries) {
        for (const r of reports) {
          process.stdout.write(`\nlayers ${r.layers.join(',')}, n = ${r.n}\n`);
          process.stdout.write(formatTable(['index', 'G_GP', 'connected', 'ΔG', '± ΔG'],
            r.entries.map((e) => [e.index.join(','), fmt(e.GP), fmt(e.connected), fmt(e.delta), e.absError.delta.toExponential(1)])));
        }
      }
    }));
}
