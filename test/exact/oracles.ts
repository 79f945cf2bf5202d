/**
 * Independent oracles for the exact-correlator tests: a seeded normal sampler
 * and composite Gauss–Legendre product rules in the original (b, w)
 * coordinates — different rules and coordinates from src/exact/.
 */
import { gaussLegendre } from '../../src/core/gaussRules.js';

export { normalSampler } from '../helpers/random.js';

/**
 * ∫ g(t) N(t; 0, 1) dt over [-L, L] by composite Gauss–Legendre on `pieces`
 * equal pieces (plus extra breakpoints), `order` nodes each.
 */
export function gaussianLine(g: (t: number) => number, opts: { L?: number; pieces?: number; order?: number; breaks?: number[] } = {}): number {
  const L = opts.L ?? 10, pieces = opts.pieces ?? 40, order = opts.order ?? 16;
  const { x, w } = gaussLegendre(order);
  const brk = [-L, L, ...(opts.breaks ?? []).filter((b) => b > -L && b < L)];
  for (let i = 1; i < pieces; i++) brk.push(-L + (2 * L * i) / pieces);
  brk.sort((a, b) => a - b);
  let s = 0;
  for (let i = 0; i + 1 < brk.length; i++) {
    const lo = brk[i]!, hi = brk[i + 1]!;
    if (hi <= lo) continue;
    const mid = (lo + hi) / 2, half = (hi - lo) / 2;
    for (let q = 0; q < order; q++) {
      const t = mid + half * x[q]!;
      s += half * w[q]! * Math.exp(-t * t / 2) * g(t);
    }
  }
  return s / Math.sqrt(2 * Math.PI);
}
