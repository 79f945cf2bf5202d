/** Records ProgressCallback calls and checks the contract of src/core/progress.ts. */
import type { ProgressCallback } from '../../src/core/progress.js';

export interface ProgressCall { done: number; total: number; phase: string }

/** A callback that records its calls. */
export function recorder(): { cb: ProgressCallback; calls: ProgressCall[] } {
  const calls: ProgressCall[] = [];
  return { calls, cb: (done, total, phase) => { calls.push({ done, total, phase }); } };
}

/**
 * The phases in order of their runs, each checked: a fixed total, integer 0 <= done <= total,
 * done non-decreasing, the last call with done = total. Returns a list of problems (empty: fine)
 * and the phases with their totals.
 */
export function checkProgress(calls: readonly ProgressCall[]): { problems: string[]; phases: { phase: string; total: number; calls: number }[] } {
  const problems: string[] = [];
  const phases: { phase: string; total: number; calls: number }[] = [];
  let i = 0;
  while (i < calls.length) {
    const phase = calls[i]!.phase, total = calls[i]!.total;
    let j = i, prev = -Infinity;
    for (; j < calls.length && calls[j]!.phase === phase; j++) {
      const c = calls[j]!;
      if (c.total !== total) problems.push(`${phase}: total changed from ${total} to ${c.total}`);
      if (!Number.isInteger(c.done) || c.done < 0 || c.done > c.total) problems.push(`${phase}: done ${c.done} outside [0, ${c.total}]`);
      if (c.done < prev) problems.push(`${phase}: done decreased from ${prev} to ${c.done}`);
      prev = c.done;
    }
    if (calls[j - 1]!.done !== total) problems.push(`${phase}: ended at ${calls[j - 1]!.done} of ${total}`);
    phases.push({ phase, total, calls: j - i });
    i = j;
  }
  return { problems, phases };
}
