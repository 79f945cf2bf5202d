/**
 * `nnqft kernel --arch relu --layers 5,5,5 --inputs … [--per-layer] [--json]`: the NNGP kernel of a
 * network of any depth on the inputs, with error bounds (CONVENTIONS §8). Parsing and printing only;
 * the logic is networkKernelReport (src/kernels/network.ts).
 */
import type { Command } from 'commander';
import { networkKernelReport } from '../../src/kernels/network.js';
import { NUMERIC_KERNEL_REL_TOL } from '../../src/kernels/kernel.js';
import { activationFromOptions, addArchOptions, addActivationOption, inputs, num, type ActivationOptions } from '../options.js';
import { action, formatTable, printJson } from '../run.js';

interface Opts extends ActivationOptions {
  inputs: number[][];
  perLayer?: boolean;
  relTol: number;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('kernel')
    .description('NNGP kernel K(x_a, x_b) of a network of any depth (--layers; default one hidden layer) with error bounds');
  addActivationOption(addArchOptions(cmd, 'optional'))
    .requiredOption('--inputs <set>', 'input points: "a,b,c", "a b; c d" or a preset', inputs)
    .option('--per-layer', 'also print every layer\'s kernel K1 … K(L+1)')
    .option('--rel-tol <r>', 'relative tolerance of the 2-D quadrature of duals without a closed form', num('rel-tol'), NUMERIC_KERNEL_REL_TOL)
    .option('--json', 'print JSON')
    .action(action((o: Opts) => {
      const { arch, params, net } = activationFromOptions(o, o.inputs);
      const network = net ?? { activation: arch.name, widths: [1], sW: params.sW, sb: params.sb, dIn: params.dIn };
      const r = networkKernelReport(arch, network, o.inputs, { perLayer: o.perLayer, relTol: o.relTol });
      if (!net) r.layers = []; // no --layers: one hidden layer of any width
      if (o.json) { printJson(r); return; }
      const fmt = (v: number) => v.toPrecision(12);
      const table = (K: number[][], E: number[][]) => formatTable(
        ['', ...o.inputs.map((_, b) => `x${b}`)],
        K.map((row, a) => [`x${a}`, ...row.map((v, b) => `${fmt(v)} ± ${E[a]![b]!.toExponential(1)}`)]),
      ).trimEnd();
      const out: string[] = [`${r.title}, σ_W = ${params.sW}, σ_b = ${params.sb}, d_in = ${params.dIn}, depth ${r.depth}${net ? ` (layers ${net.widths.join(',')})` : ''}; ${r.method}`];
      if (r.layerKernels) r.layerKernels.forEach((K, l) => out.push(`K${l + 1}${l === r.depth ? ' (output)' : ''}:`, table(K, r.layerAbsErrors![l]!)));
      else out.push(table(r.kernel, r.absError));
      out.push(`note: ${r.note}`);
      process.stdout.write(out.join('\n') + '\n');
    }));
}
