/** `nnqft merge a.json b.json …`: combines sampler shards (or checkpoints) into one result, exactly. */
import type { Command } from 'commander';
import { buildResult } from '../../src/nets/result.js';
import { isComplete, mergeStates, readStateFile, serializeState, chunksDone, writeFileAtomic } from '../../src/nets/state.js';
import { action, jsonReplacer, printJson } from '../run.js';
import { printSampleResult } from './sample.js';

/** Registers `nnqft merge`. */
export function register(program: Command): void {
  program
    .command('merge <files...>')
    .description('merge `nnqft sample --shard` outputs into the result of one run (bit-identical)')
    .option('--out <file>', 'also write the merged document to this file, atomically')
    .option('--json', 'print JSON')
    .action(action((files: string[], o: { out?: string; json?: boolean }) => {
      const merged = mergeStates(files.map((f) => readStateFile(f)));
      if (!isComplete(merged)) {
        process.stderr.write(`nnqft: merged ${chunksDone(merged)} of ${merged.layout.total} chunks; the job is still incomplete\n`);
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
