/**
 * `nnqft predict "<action>" --arch … --cutoff … --inputs … --n 4 [--json]`:
 * EFT prediction of G(n) on every unique index tuple (CONVENTIONS §5–6).
 * Parsing and printing only; the logic is predictCorrelators (src/predict).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { diagramWarnings, generateDiagrams, refuseVanishingCorrelator } from '../../src/diagrams/generate.js';
import { parseAction } from '../../src/dsl/parse.js';
import { customKernel } from '../../src/kernels/custom.js';
import { predictCorrelators, type Propagator } from '../../src/predict/predict.js';
import { activationFromOptions, cutoff, inputs, natInt, num, oneOf, posInt, addArchOptions, addActivationOption } from '../options.js';
import { action, formatTable, printJson } from '../run.js';
import { cliProgressBar } from '../progress.js';

/** "λ=0.01,κ=0" -> { λ: 0.01, κ: 0 }. */
function couplingValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
    const v = m ? Number(m[2]) : NaN;
    if (!m || m[2]!.trim() === '' || !Number.isFinite(v)) throw new InvalidArgumentError(`--couplings: expected "name=value,…", got "${part}"`);
    if (m[1]! in out) throw new InvalidArgumentError(`--couplings: ${m[1]} given twice`);
    out[m[1]!] = v;
  }
  return out;
}

interface Opts {
  arch?: string; activation?: string; sw?: number; sb?: number; din?: number; layers?: number[];
  cutoff: number; propagator: 'eft' | 'kernel'; customKernel?: string;
  couplings?: string; inputs: number[][]; n: number; order: number; mode: 'skeleton' | 'full';
  relTol: number; json?: boolean; progress: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('predict <action>')
    .description('EFT prediction of G(n) at input points: Gaussian part and each coupling monomial\'s term (text starting with "-": put -- before it)');
  addActivationOption(addArchOptions(cmd, 'optional'))
    .requiredOption('--cutoff <Λ>', 'cutoff Λ: vertices integrate over [−Λ, Λ]^d_in; "inf" allowed', cutoff)
    .option('--propagator <p>', 'eft (K − σ_b², the paper\'s) or kernel (K)', oneOf('propagator', ['eft', 'kernel'] as const), 'eft')
    .option('--custom-kernel <expr>', 'propagator as an expression in x, y (d_in = 1); overrides --propagator')
    .option('--couplings <list>', 'coupling values for G, e.g. "λ=0.01,κ=0" (default: all 0, G = GP)')
    .requiredOption('--inputs <set>', 'input points: "a,b,c", "a b; c d" or a preset', inputs)
    .option('--n <n>', 'number of external points', posInt('n'), 4)
    .option('--order <k>', 'highest order in the couplings', natInt('order'), 1)
    .option('--mode <mode>', 'skeleton (the paper\'s) or full', oneOf('mode', ['skeleton', 'full'] as const), 'skeleton')
    .option('--rel-tol <r>', 'relative accuracy of each integral', num('rel-tol'), 1e-8)
    .option('--no-progress', 'no progress bar (shown only on a terminal, for jobs over a second)')
    .option('--json', 'print JSON')
    .action(action((text: string, o: Opts) => {
      const { arch, params, net } = activationFromOptions(o, o.inputs);
      const deep = net !== undefined && net.widths.length > 1;
      const act = parseAction(text);
      refuseVanishingCorrelator(act, o.n);
      const diagrams = generateDiagrams(act, { n: o.n, order: o.order, mode: o.mode });
      for (const w of diagramWarnings(act, o.mode)) process.stderr.write(`nnqft: warning: ${w}\n`);
      const propagator: Propagator = o.customKernel !== undefined ? customKernel(o.customKernel) : o.propagator;
      const couplings = o.couplings !== undefined ? { couplings: couplingValues(o.couplings) } : {};
      const bar = cliProgressBar(o.progress);
      let report;
      try {
        report = predictCorrelators(act, diagrams, {
          arch, params, propagator, cutoff: o.cutoff, points: o.inputs, n: o.n, relTol: o.relTol, ...couplings, onProgress: bar.onProgress,
          ...(net ? { network: net } : {}),
        });
      } finally {
        bar.stop();
      }
      for (const w of report.warnings ?? []) process.stderr.write(`nnqft: warning: ${w}\n`);
      // CONVENTIONS §8, last paragraph: at depth ≥ 2, G2 = K(L+1) only at leading order in 1/n.
      const note = deep
        ? `propagator: the NNGP kernel K(${net.widths.length + 1}) of the depth-${net.widths.length} network (layers ${net.widths.join(',')}; the kernel does not depend on the widths); at depth ≥ 2 the skeleton rule's G2 = K holds only at leading order in 1/n (G2 moves at O(1/n), CONVENTIONS §8): fit G4c, or use the measured G2 as the propagator`
        : undefined;
      if (o.json) { printJson(deep ? { layers: net.widths, note, ...report } : report); return; }
      const monos = report.entries[0]?.terms.map((t) => Object.entries(t.couplings).map(([k, v]) => (v === 1 ? k : `${k}^${v}`)).join(' ')) ?? [];
      const fmt = (v: number) => v.toPrecision(10);
      process.stdout.write(formatTable(
        ['index', 'GP', ...monos.map((m) => `${m} term (±)`), 'G'],
        report.entries.map((e) => [
          e.index.join(' '), fmt(e.GP),
          ...e.terms.map((t) => `${fmt(t.value)} ± ${t.absError.toExponential(1)}${t.converged ? '' : ' (not converged)'}`),
          fmt(e.G),
        ]),
      ));
      if (note) process.stdout.write(`note: ${note}\n`);
    }));
}
