/**
 * `nnqft exact`: exact finite-width correlators of a one-hidden-layer network
 * (CONVENTIONS §3–4). Parsing and printing only; the physics is in src/exact/.
 */
import type { Command } from 'commander';
import { checkWidths, correlatorPolynomials, reportAtWidths } from '../../src/exact/correlators.js';
import { action, formatTable, printJson } from '../run.js';
import { cliProgressBar } from '../progress.js';
import { archFromOptions, defaultInputs, inputs, nList, num, posInt, widths, addArchOptions, oneHiddenLayer } from '../options.js';

import { PAPER_WIDTHS } from '../../src/core/paper.js';

interface ExactCliOptions {
  arch: string;
  sw?: number;
  sb?: number;
  layers?: number[];
  din?: number;
  width: number[];
  inputs?: number[][];
  n: number[];
  json?: boolean;
  entries?: boolean;
  tol?: number;
  maxNodes?: number;
  progress: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('exact')
    .description('exact finite-width correlators G(n), G_GP, ΔG, connected parts and m_n (one hidden layer, no sampling)');
  addArchOptions(cmd, 'required')
    .option('--width <list>', 'widths N (non-integer allowed, for smooth curves; at most 1e12)', widths, PAPER_WIDTHS)
    .option('--inputs <set>', 'input set: "a,b,c", "a b; c d" or a preset (default: paper-<arch>, else paper-erf)', inputs)
    .option('--n <list>', 'even orders n', nList, [4, 6])
    .option('--entries', 'print every tuple in the table (always in --json)')
    .option('--tol <x>', 'target relative error of numerical moments', num('tol'))
    .option('--max-nodes <k>', 'node budget of one quadrature rule', posInt('max-nodes'))
    .option('--no-progress', 'no progress bar (shown only on a terminal, for jobs over a second)')
    .option('--json', 'print JSON')
    .action(action((o: ExactCliOptions) => {
      const points = o.inputs ?? defaultInputs(o.arch);
      const { arch, params } = archFromOptions(o, points);
      const w1 = oneHiddenLayer(o, 'nnqft exact (the exact engine)', 'nnqft finite-width (leading order in 1/n) or nnqft sample (Monte Carlo)');
      if (w1 !== undefined) o.width = [w1];
      checkWidths(o.width); // before the moments are computed
      const bar = cliProgressBar(o.progress);
      let polys;
      try {
        polys = correlatorPolynomials(arch, params, points, o.n, { tol: o.tol, maxNodes: o.maxNodes, onProgress: bar.onProgress });
      } finally {
        bar.stop();
      }
      const report = reportAtWidths(polys, o.width, o.n);
      if (polys.moments.maxRelError > 1e-10) {
        process.stderr.write(
          `nnqft: note: single-neuron moments carry an estimated relative error up to ${polys.moments.maxRelError.toExponential(1)} (numerical quadrature)\n`,
        );
      }
      if (o.json) { printJson(report); return; }
      const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
      process.stdout.write(`${arch.title}  σ_W = ${params.sW}  σ_b = ${params.sb}  d_in = ${params.dIn}  ${points.length} inputs\n\n`);
      process.stdout.write(formatTable(['N', 'n', 'tuples', 'm_n', 'm_n connected'],
        report.results.map((r) => [r.width, r.n, r.entries.length, fmt(r.m), fmt(r.mConnected)])));
      const slopes = Object.entries(report.slopes);
      if (slopes.length > 0) process.stdout.write('\nlog-log slope of m_n vs N: ' + slopes.map(([n, s]) => `n=${n}: ${s.toFixed(4)}`).join(', ') + '\n');
      if (o.entries) {
        for (const r of report.results) {
          process.stdout.write(`\nN = ${r.width}, n = ${r.n}\n`);
          process.stdout.write(formatTable(['index', 'G', 'G_GP', 'ΔG', 'connected'],
            r.entries.map((e) => [e.index.join(','), fmt(e.G), fmt(e.GP), fmt(e.delta), fmt(e.connected)])));
        }
      }
    }));
}
