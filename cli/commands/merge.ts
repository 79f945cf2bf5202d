/**
 * `nnqft merge a.json b.json …`: combines sampler shards (or checkpoints) into one result, exactly.
 * An incomplete set exits 2 naming the missing shards (or chunks); `--allow-partial` prints and
 * writes the partial state instead.
 */
import type { Command } from 'commander';
import { buildResult } from '../../src/nets/result.js';
import { describeMissing, isComplete, mergeStates, readShardFile, serializeState } from '../../src/nets/state.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { writeFileAtomic } from '../../src/core/files.js';
import { action, jsonReplacer, printJson } from '../run.js';
import { printSampleResult } from './sample.js';

/** Registers `nnqft merge`. */
export function register(program: Command): void {
  program
    .command('merge <files...>')
    .description('merge `nnqft sample --shard` outputs into the result of one run (bit-identical)')
    .option('--out <file>', 'also write the merged document to this file, atomically')
    .option('--allow-partial', 'with shards missing, write and print the partial merged state (exit 0) instead of refusing')
    .option('--json', 'print JSON')
    .action(action((files: string[], o: { out?: string; json?: boolean; allowPartial?: boolean }) => {
      const inputs = files.map((f) => readShardFile(f));
      const merged = mergeStates(inputs.map((x) => x.state));
      if (!isComplete(merged)) {
        // name the missing shards when the inputs agree on how many there are
        const counts = new Set(inputs.flatMap((x) => (x.shard ? [x.shard.count] : [])));
        const missing = describeMissing(merged, counts.size === 1 ? [...counts][0] : undefined);
        if (!o.allowPartial) throw new InvalidArgumentError(`incomplete job: ${missing} (--allow-partial writes the partial state)`);
        process.stderr.write(`nnqft: warning: incomplete job: ${missing}\n`);
        const doc = serializeState(merged);
        if (o.out) writeFileAtomic(o.out, JSON.stringify(doc, jsonReplacer));
        printJson(doc);
        return;
      }
      const r = buildResult(merged);
      if (o.out) writeFileAtomic(o.out, JSON.stringify(r, jsonReplacer, 2) + '\n');
      printSampleResult(r, o.json);
    }));
}
