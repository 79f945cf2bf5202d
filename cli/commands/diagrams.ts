/**
 * `nnqft diagrams "<action>" --n N --order K [--mode skeleton|full] [--group labeled|topology] [--json] [--latex]`:
 * the Feynman diagrams of G(n) at orders 0..K with exact coefficients (CONVENTIONS §5).
 */
import type { Command } from 'commander';
import { parseAction } from '../../src/dsl/parse.js';
import { generateDiagrams, groupByTopology } from '../../src/diagrams/generate.js';
import { diagramsDocument } from '../../src/diagrams/json.js';
import type { DiagramMode } from '../../src/diagrams/types.js';
import { seriesLatex } from '../../src/symbolic/expression.js';
import { natInt, oneOf } from '../options.js';
import { action, formatTable, printJson } from '../run.js';

interface Opts {
  n: number;
  order: number;
  mode: DiagramMode;
  group: 'labeled' | 'topology';
  json?: boolean;
  latex?: boolean;
}

function monomial(c: Readonly<Record<string, number>>): string {
  return Object.entries(c).map(([k, e]) => (e === 1 ? k : `${k}^${e}`)).join(' ') || '1';
}

export function register(program: Command): void {
  program
    .command('diagrams <action>')
    .description('Feynman diagrams of the n-point function at orders 0..K, with exact coefficients')
    .requiredOption('--n <n>', 'number of external points', natInt('n'))
    .requiredOption('--order <k>', 'highest order in the couplings', natInt('order'))
    .option('--mode <mode>', 'skeleton (drop self-energy insertions; the paper\'s) or full', oneOf('mode', ['skeleton', 'full'] as const), 'skeleton')
    .option('--group <how>', 'labeled (externals labelled) or topology (classes with totals)', oneOf('group', ['labeled', 'topology'] as const), 'labeled')
    .option('--json', 'print JSON')
    .option('--latex', 'print the LaTeX of the series')
    .action(action((text: string, o: Opts) => {
      const labelled = generateDiagrams(parseAction(text), { n: o.n, order: o.order, mode: o.mode });
      const ds = o.group === 'topology' ? groupByTopology(labelled) : labelled;
      if (o.json) { printJson(diagramsDocument(ds, { n: o.n, order: o.order, mode: o.mode })); return; }
      // The series is the sum over labelled diagrams (a class representative times its total is not).
      if (o.latex) { process.stdout.write(seriesLatex(labelled) + '\n'); return; }
      const topo = o.group === 'topology';
      process.stdout.write(formatTable(
        ['order', 'coefficient', 'couplings', 'S', 'connected', '1PI', ...(topo ? ['mult'] : []), 'diagram'],
        ds.map((d) => [
          d.order, d.coefficient.toString(), monomial(d.couplings), d.symmetryFactor.toString(),
          d.connected ? 'yes' : 'no', d.onePI ? 'yes' : 'no', ...(topo ? [d.multiplicity ?? 1] : []), d.label,
        ]),
      ));
      process.stdout.write(`${ds.length} ${topo ? 'classes' : 'diagrams'} (n = ${o.n}, orders 0..${o.order}, ${o.mode})\n`);
    }));
}
