/**
 * Exact, order-independent summation of doubles (Shewchuk's non-overlapping
 * partials, as in Python's math.fsum). The sampler adds per-chunk sums here, so
 * the final result does not depend on which worker finished first, on resuming
 * from a checkpoint, or on how shards were split and merged: the value is the
 * correctly rounded exact sum, whatever the order of additions.
 */

/** Partials of an exact sum; a plain number array so it serialises to JSON losslessly. */
export type Partials = number[];

/** Adds x to the partials in place (exact). Non-finite x poisons the sum (value() then returns NaN/±Infinity). */
export function exactAdd(p: Partials, x: number): void {
  // A non-finite sum is kept as its single non-finite partial (inf + -inf → NaN, as IEEE).
  if (p.length === 1 && !Number.isFinite(p[0]!)) { p[0] = p[0]! + x; return; }
  if (!Number.isFinite(x)) { p.length = 0; p.push(x); return; }
  let i = 0;
  for (let k = 0; k < p.length; k++) {
    let y = p[k]!;
    if (Math.abs(x) < Math.abs(y)) { const t = x; x = y; y = t; }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  p.length = i;
  p.push(x);
}

/** Adds every partial of `q` into `p` (exact). */
export function exactMerge(p: Partials, q: readonly number[]): void {
  for (const x of q) exactAdd(p, x);
}

/** The correctly rounded value of the exact sum (Python's fsum final rounding, half-even corrected). */
export function exactValue(p: readonly number[]): number {
  let n = p.length;
  if (n === 0) return 0;
  if (!p.every(Number.isFinite)) return p.reduce((a, b) => a + b, 0);
  let hi = p[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}
