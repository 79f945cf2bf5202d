/**
 * `nnqft diagrams "<action>" --n N --order K [--mode skeleton|full] [--group labeled|topology] [--json] [--latex]`:
 * the Feynman diagrams of G(n) at orders 0..K with exact coefficients (CONVENTIONS §5).
 * `--svg DIR` also writes one SVG per diagram (per class with --group topology) into DIR;
 * `--tikz` prints TikZ-Feynman pictures, or with --svg writes a .tex beside each SVG.
 */
import type { Command } from 'commander';
import { parseAction } from '../../src/dsl/parse.js';
import { diagramWarnings, generateDiagrams, groupByTopology, refuseVanishingCorrelator } from '../../src/diagrams/generate.js';
import { diagramsDocument } from '../../src/diagrams/json.js';
import type { DiagramMode } from '../../src/diagrams/types.js';
import { seriesLatex } from '../../src/symbolic/expression.js';
import { natInt, oneOf } from '../options.js';
import { action, formatTable, printJson } from '../run.js';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { diagramFiles, type GalleryFile } from '../../src/render/gallery.js';
import { diagramTikz } from '../../src/render/tikz.js';
import { ensureDir, writeFileAtomic } from '../../src/core/files.js';

/** Writes the rendered files into `dir` (created if needed); returns their paths. */
function writeDiagramFiles(dir: string, files: GalleryFile[]): string[] {
  ensureDir(dir);
  return files.map((f) => { writeFileAtomic(join(dir, f.path), f.content); return join(dir, f.path); });
}

interface Opts {
  n: number;
  order: number;
  mode: DiagramMode;
  group: 'labeled' | 'topology';
  json?: boolean;
  latex?: boolean;
  svg?: string;
  tikz?: boolean;
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
    .option('--svg <dir>', 'also write one SVG per diagram (per class with --group topology) into <dir>')
    .option('--tikz', 'print TikZ-Feynman pictures (with --svg: write a .tex beside each SVG)')
    .action(action((text: string, o: Opts) => {
      const act = parseAction(text);
      refuseVanishingCorrelator(act, o.n);
      const labelled = generateDiagrams(act, { n: o.n, order: o.order, mode: o.mode });
      const ds = o.group === 'topology' ? groupByTopology(labelled) : labelled;
      if (o.tikz && !o.svg && (o.json || o.latex)) throw new InvalidArgumentError('--tikz prints LaTeX pictures: combine it with --json or --latex only together with --svg <dir>');
      const warnings = diagramWarnings(act, o.mode);
      for (const w of warnings) process.stderr.write(`nnqft: warning: ${w}\n`);
      const written = o.svg ? writeDiagramFiles(o.svg, diagramFiles(ds, { tikz: o.tikz })) : [];
      if (o.tikz && !o.svg) { process.stdout.write(ds.map((d) => diagramTikz(d)).join('\n')); return; }
      const note = o.svg ? `wrote ${written.length} files to ${o.svg}\n` : '';
      if (o.json) { printJson(diagramsDocument(ds, { n: o.n, order: o.order, mode: o.mode, warnings })); return; }
      // The series is the sum over labelled diagrams (a class representative times its total is not).
      if (o.latex) { process.stdout.write(seriesLatex(labelled) + '\n'); process.stderr.write(note); return; }
      const topo = o.group === 'topology';
      process.stdout.write(formatTable(
        ['order', 'coefficient', 'couplings', 'S', 'connected', '1PI', ...(topo ? ['mult'] : []), 'diagram'],
        ds.map((d) => [
          d.order, d.coefficient.toString(), monomial(d.couplings), d.symmetryFactor.toString(),
          d.connected ? 'yes' : 'no', d.onePI ? 'yes' : 'no', ...(topo ? [d.multiplicity ?? 1] : []), d.label,
        ]),
      ));
      process.stdout.write(`${ds.length} ${topo ? 'classes' : 'diagrams'} (n = ${o.n}, orders 0..${o.order}, ${o.mode})\n` + note);
    }));
}
