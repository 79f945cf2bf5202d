/**
 * Independent oracles for the finite-width tests: Isserlis sums over perfect matchings and
 * test-defined architectures (quadratic, leaky ReLU) with their own closed forms.
 */
import type { Architecture } from '../../src/kernels/types.js';
import { preactivationCovariance } from '../../src/kernels/types.js';

/** E[z_{i1}…z_{ik}] for z ~ N(0, cov) (Isserlis: the sum over perfect matchings of Π cov). */
export function isserlis(idx: readonly number[], cov: (a: number, b: number) => number): number {
  if (idx.length % 2 === 1) return 0;
  if (idx.length === 0) return 1;
  const [a, ...rest] = idx;
  let s = 0;
  for (let i = 0; i < rest.length; i++) s += cov(a!, rest[i]!) * isserlis(rest.filter((_, j) => j !== i), cov);
  return s;
}

/** φ(z) = z²: F(G)_ab = G_aa G_bb + 2 G_ab², moments by Isserlis on each point doubled. */
export const squareNet: Architecture = {
  name: 'square-test',
  title: 'z^2 (test)',
  defaults: { sW: 1, sb: 0 },
  phi: (z) => z * z,
  dual: (A, B, g) => A * B + 2 * g * g,
  moment: (points, p) => isserlis(points.flatMap((_, i) => [i, i]), (a, b) => preactivationCovariance(points[a]!, points[b]!, p)),
};

/** Leaky ReLU with slope 0.1 for z < 0: positively homogeneous, no closed-form dual given (quadrature path). */
export const leakyNet: Architecture = {
  name: 'leaky-test',
  title: 'leaky ReLU (test)',
  defaults: { sW: 1, sb: 0 },
  phi: (z) => (z > 0 ? z : 0.1 * z),
  kinks: [0],
};

/** All index pairs a ≤ b. */
export function pairsOf(m: number): [number, number][] {
  const out: [number, number][] = [];
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) out.push([a, b]);
  return out;
}
