/**
 * Independent oracles for the exact-correlator tests: a seeded normal sampler
 * and composite Gauss–Legendre product rules in the original (b, w)
 * coordinates — different rules and coordinates from src/exact/.
 */
import { gaussLegendre } from '../../src/core/gaussRules.js';

/** mulberry32 uniform generator with Box–Muller normals; deterministic. */
export function normalSampler(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) { const s = spare; spare = undefined; return s; }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

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
