#!/usr/bin/env node
/**
 * The `nnqft` command. Each command is one file in cli/commands/ exporting
 * `register(program)`; this file only wires them up.
 */
import { Command, CommanderError } from 'commander';
import { fail } from './run.js';
import { COMMANDS } from './commands/index.js';

// A closed pipe (`nnqft … | head`) is a normal end of output, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const program = new Command()
  .name('nnqft')
  .description('Neural networks and quantum field theory: diagrams, exact and sampled correlators, fits, RG flow.')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride();

for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version exit 0; usage errors exit 2 (commander already printed one line).
    process.exit(e.exitCode === 0 ? 0 : 2);
  }
  fail(e);
}
