/**
 * GP kernel evaluation for any registered architecture (CONVENTIONS §2):
 * the closed form where the architecture has one, otherwise the numeric
 * kernel K = σ_b² + σ_W² E[φ(z)φ(z')] by nested adaptive Gaussian quadrature
 * (Halverson, Maiti, Stoner, arXiv:2008.08601 §3).
 */
import { InvalidArgumentError, NotConvergedError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { integrate1D } from '../integrate/adaptive.js';
import { preactivationCovariance as S, type ArchParams, type Architecture } from './types.js';

/** K(x, y) of the architecture: its closed form, or {@link numericKernel} where it has none. */
export function kernelFunction(arch: Architecture, p: ArchParams): (x: Point, y: Point) => number {
  const k = arch.kernel;
  if (!k) return numericKernel(arch, p);
  return (x, y) => k(x, y, p);
}

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * E[φ(z; x) φ(z'; y)] for (z, z') ~ N(0, [[S(x,x), S(x,y)], [S(x,y), S(y,y)]])
 * (CONVENTIONS §2), by two nested adaptive G7K15 integrals over the real
 * line: z = √a u, z' = √b (ρ u + √(1-ρ²) v), u, v standard normal; each range
 * is split at the architecture's kinks (`arch.kinks`, in z). Relative
 * accuracy `relTol` (default 1e-9; a bound from |K15 − G7|, the true error of the Kronrod sums is orders smaller) against E|φφ'|. Throws NOT_CONVERGED when an
 * integral misses its tolerance within its budget.
 */
export function gaussianExpectation(arch: Architecture, x: Point, y: Point, p: ArchParams, relTol = 1e-9): number {
  const a = S(x, x, p), b = S(y, y, p), c = S(x, y, p);
  const sa = Math.sqrt(a), sb = Math.sqrt(b);
  const rho = sa > 0 && sb > 0 ? Math.max(-1, Math.min(1, c / (sa * sb))) : 0;
  const rhoC = Math.sqrt(Math.max(0, 1 - rho * rho));
  const kinks = arch.kinks ?? [];
  const phiX = (z: number) => arch.phi(z, x, p), phiY = (z: number) => arch.phi(z, y, p);
  const opts = { relTol, absTol: 1e-300, probeDivergence: false, maxEvaluations: 20000 };
  let failed = 0;
  const check = (e: { value: number; converged: boolean }) => {
    if (!e.converged) failed++;
    return e.value;
  };
  // Inner: h(u) = E_v[φ(√b (ρu + ρ' v); y)].
  const inner = (u: number): number => {
    const m = sb * rho * u, s = sb * rhoC;
    if (s === 0) return phiY(m);
    const bps = kinks.map((k) => (k - m) / s);
    return check(integrate1D((v) => {
      const w = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      return w === 0 ? 0 : w * phiY(m + s * v);
    }, -Infinity, Infinity, { ...opts, breakpoints: bps }));
  };
  if (sa === 0) return phiX(0) * inner(0);
  const outerBps = [...kinks.map((k) => k / sa), ...(rhoC > 0 && sb > 0 ? kinks.map((k) => k / (sb * rho || Infinity)) : [])].filter(Number.isFinite);
  const r = integrate1D((u) => {
    const w = INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    if (w === 0) return 0;
    const fx = phiX(sa * u);
    return fx === 0 ? 0 : w * fx * inner(u);
  }, -Infinity, Infinity, { ...opts, breakpoints: outerBps });
  const v = check(r);
  if (failed > 0) {
    throw new NotConvergedError(`Gaussian expectation E[φ(z)φ(z')] of ${arch.title} did not reach relative tolerance ${relTol} at x = (${x}), y = (${y})`);
  }
  return v;
}

/**
 * The numeric GP kernel K(x, y) = σ_b² + σ_W² E[φ(z)φ(z')] (CONVENTIONS §2):
 * the fallback of {@link kernelFunction} for architectures without a closed form.
 */
export function numericKernel(arch: Architecture, p: ArchParams, relTol = 1e-9): (x: Point, y: Point) => number {
  return (x, y) => {
    if (x.length !== p.dIn || y.length !== p.dIn) throw new InvalidArgumentError(`kernel points must have dimension d_in = ${p.dIn}`);
    return p.sb * p.sb + p.sW * p.sW * gaussianExpectation(arch, x, y, p, relTol);
  };
}

/** The kernel matrix K[i][j] = K(x_i, x_j) on an input set. */
export function kernelMatrix(arch: Architecture, p: ArchParams, points: readonly Point[]): number[][] {
  const k = kernelFunction(arch, p);
  const m = points.length;
  const K: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) K[i]![j] = K[j]![i] = k(points[i]!, points[j]!);
  return K;
}
