/** `nnqft inputs [set]`: lists the named input presets, or shows one parsed input set. */
import type { Command } from 'commander';
import { INPUT_PRESETS, parseInputs } from '../../src/core/inputs.js';
import { action, formatTable, printJson } from '../run.js';

export function register(program: Command): void {
  program
    .command('inputs [set]')
    .description('list the paper\'s input presets, or parse an input set')
    .option('--json', 'print JSON')
    .action(action((set: string | undefined, o: { json?: boolean }) => {
      if (set !== undefined) {
        const points = parseInputs(set);
        if (o.json) printJson({ points });
        else process.stdout.write(points.map((p) => p.join(' ')).join('\n') + '\n');
        return;
      }
      if (o.json) { printJson(INPUT_PRESETS); return; }
      process.stdout.write(formatTable(['preset', 'points'], Object.entries(INPUT_PRESETS).map(([k, v]) => [k, v.description])));
    }));
}
