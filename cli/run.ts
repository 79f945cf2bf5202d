/**
 * Shared CLI plumbing: run a command body, print its result as JSON or text,
 * and turn every deliberate error into one line on stderr with exit status 2
 * (130 for an interruption by a signal, after the work was saved).
 */
import { isNnqftError } from '../src/core/errors.js';

/** Prints a JSON document (one line-terminated document on stdout). */
export function printJson(doc: unknown): void {
  process.stdout.write(JSON.stringify(doc, jsonReplacer, 2) + '\n');
}

/** JSON replacer: bigint as string, non-finite numbers as strings ("Infinity"), never a silent null. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * Wraps a command's action: awaits it; an NnqftError becomes "nnqft: <message>"
 * on stderr and exit code 2; anything else is a bug and also exits non-zero
 * with one line (set NNQFT_DEBUG=1 for the stack).
 */
export function action<A extends unknown[]>(fn: (...args: A) => unknown | Promise<unknown>) {
  return async (...args: A): Promise<void> => {
    try {
      await fn(...args);
    } catch (e) {
      fail(e);
    }
  };
}

/** Reports an error on one line and sets the exit status. */
export function fail(e: unknown): never {
  if (process.env.NNQFT_DEBUG && e instanceof Error) process.stderr.write((e.stack ?? '') + '\n');
  if (isNnqftError(e)) {
    process.stderr.write(`nnqft: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
    // Stopped by Ctrl-C / SIGTERM (work saved): 130 = 128 + SIGINT, as `nnqft sample`; bad input: 2.
    process.exit(e.code === 'INTERRUPTED' ? 130 : 2);
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`nnqft: internal error: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}

/** Formats a table of rows (array of string cells) with aligned columns. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  // A reduce, not Math.max(...cells): a spread of 10⁵+ rows overflows the call stack.
  const widths = header.map((_, j) => cells.reduce((w, r) => Math.max(w, (r[j] ?? '').length), 0));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}
