/** `nnqft action "<text>" [--json]`: parses an action, prints its canonical form and its terms. */
import type { Command } from 'commander';
import { parseAction } from '../../src/dsl/parse.js';
import { printAction } from '../../src/dsl/print.js';
import { action, formatTable, printJson } from '../run.js';

function record(r: Readonly<Record<string, number>>): string {
  const s = Object.entries(r).map(([k, v]) => (v === 1 ? k : `${k}^${v}`)).join(' ');
  return s || '-';
}

export function register(program: Command): void {
  program
    .command('action <text>')
    .description('parse an action ΔS: canonical form and its terms (text starting with "-": put -- before it)')
    .option('--json', 'print JSON')
    .action(action((text: string, o: { json?: boolean }) => {
      const a = parseAction(text);
      const canonical = printAction(a);
      if (o.json) {
        printJson({
          canonical,
          terms: a.terms.map((t) => ({
            couplings: t.couplings,
            prefactor: t.prefactor.toString(),
            weight: t.weight,
            points: t.points,
          })),
          dimension: a.dimension ?? null,
        });
        return;
      }
      process.stdout.write(`${canonical}\n\n`);
      process.stdout.write(formatTable(
        ['#', 'couplings', 'prefactor', 'weight', 'points'],
        a.terms.map((t, i) => [
          i + 1,
          record(t.couplings),
          t.prefactor.toString(),
          record(t.weight),
          t.points.map((p) => `f(${p.variable})^${p.power}`).join(' '),
        ]),
      ));
      if (a.dimension !== undefined) process.stdout.write(`dimension: ${a.dimension}\n`);
    }));
}
