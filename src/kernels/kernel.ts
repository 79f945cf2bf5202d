/**
 * GP kernel evaluation for any registered architecture (CONVENTIONS §2):
 * the closed form where the architecture has one, otherwise the numeric
 * kernel K = σ_b² + σ_W² E[φ(z)φ(z')] by nested adaptive Gaussian quadrature
 * (Halverson, Maiti, Stoner, arXiv:2008.08601 §3).
 */
import { InvalidArgumentError, NotConvergedError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { integrate1D } from '../integrate/adaptive.js';
import { gaussHermite } from '../integrate/rules.js';
import { preactivationCovariance as S, type ArchParams, type Architecture } from './types.js';

/** K(x, y) of the architecture: its closed form, or {@link numericKernel} where it has none. */
export function kernelFunction(arch: Architecture, p: ArchParams): (x: Point, y: Point) => number {
  const k = arch.kernel;
  if (!k) return numericKernel(arch, p);
  return (x, y) => k(x, y, p);
}

const INV_SQRT_2PI = 0.3989422804014327;

/** Relative tolerance of {@link numericKernel} by default (against σ_W² E|φφ'|). */
export const NUMERIC_KERNEL_REL_TOL = 1e-9;

/**
 * E[φ(z; x) φ(z'; y)] for (z, z') ~ N(0, [[S(x,x), S(x,y)], [S(x,y), S(y,y)]])
 * (CONVENTIONS §2). Outer, over the pre-activation with the larger variance
 * (where φ may be steep): for φ analytic on the unit scale (`arch.analyticUnitScale`,
 * e.g. tanh) the trapezoidal rule in a
 * sinh-mapped variable, accepted when two successive halvings agree to the
 * tolerance; otherwise (kinks, or no agreement) an adaptive G7K15; inner: the conditional expectation
 * of the other, whose variance is the smaller one times (1 − ρ²) — by
 * Gauss–Hermite (32 and 64 nodes, then 64 and 128; accepted when two agree to the tolerance)
 * where φ is analytic on the unit scale and the conditional width is at most 2, otherwise
 * (generic expressions, kinks, wide conditionals) an adaptive G7K15 split at the kinks
 * (`arch.kinks`, in z). Relative accuracy `relTol` (default 1e-9; a bound
 * from |K15 − G7|, the true error of the Kronrod sums is orders smaller)
 * against E|φφ'|. Throws NOT_CONVERGED when an integral misses its tolerance.
 */
export function gaussianExpectation(arch: Architecture, x: Point, y: Point, p: ArchParams, relTol = NUMERIC_KERNEL_REL_TOL): number {
  return gaussianExpectationCov(arch, S(x, x, p), S(y, y, p), S(x, y, p), (z) => arch.phi(z, x, p), (z) => arch.phi(z, y, p), relTol, `x = (${x}), y = (${y})`);
}

/**
 * E[φ_x(u) φ_y(v)] for (u, v) ~ N(0, [[a, c], [c, b]]): the quadrature of {@link gaussianExpectation} on a
 * given covariance (the dual map of an activation, CONVENTIONS §8, where it has no closed form).
 * `where` names the point in the NOT_CONVERGED message.
 */
export function gaussianExpectationCov(
  arch: Architecture, a: number, b: number, c: number,
  phiX: (z: number) => number, phiY: (z: number) => number,
  relTol = NUMERIC_KERNEL_REL_TOL, where = `covariance [[${a}, ${c}], [${c}, ${b}]]`,
): number {
  const outerX = a > b;
  const Vo = outerX ? a : b, Vi = outerX ? b : a;
  const phiO = outerX ? phiX : phiY, phiI = outerX ? phiY : phiX;
  if (Vo === 0) return phiX(0) * phiY(0);
  const so = Math.sqrt(Vo), beta = c / Vo, s = Math.sqrt(Math.max(0, Vi - (c * c) / Vo));
  const kinks = arch.kinks ?? [];
  const opts = { relTol, absTol: 1e-300, probeDivergence: false, maxEvaluations: 50000 };
  let failed = 0;
  // Inner: h(zo) = E_v[φ_i(β zo + s v)], v standard normal. Gauss–Hermite only where φ_i(μ + s v) is
  // resolved by its nodes (φ analytic on the unit scale, s ≤ 2): a step narrower than the node spacing
  // (erf(25z), or tanh with s ≫ 1) lets two orders agree on a wrong value. Otherwise adaptive.
  const gaussHermiteInner = kinks.length === 0 && arch.analyticUnitScale === true && s <= 2;
  const inner = (zo: number): number => {
    const mu = beta * zo;
    if (s === 0) return phiI(mu);
    if (gaussHermiteInner) {
      let g1 = 0, g2 = 0, g2abs = 0;
      for (let i = 0; i < GH32.x.length; i++) g1 += GH32.w[i]! * phiI(mu + s * Math.SQRT2 * GH32.x[i]!);
      for (let i = 0; i < GH64.x.length; i++) {
        const v = GH64.w[i]! * phiI(mu + s * Math.SQRT2 * GH64.x[i]!);
        g2 += v; g2abs += Math.abs(v);
      }
      if (Math.abs(g1 - g2) <= relTol * g2abs) return g2 / SQRT_PI;
      // Moderate conditional widths (tanh's poles at ±iπ/2 slow Gauss–Hermite down): one more doubling, accepted
      // on the same agreement test, is far cheaper than the adaptive fallback.
      let g3 = 0, g3abs = 0;
      for (let i = 0; i < GH128.x.length; i++) {
        const v = GH128.w[i]! * phiI(mu + s * Math.SQRT2 * GH128.x[i]!);
        g3 += v; g3abs += Math.abs(v);
      }
      if (Math.abs(g2 - g3) <= relTol * g3abs) return g3 / SQRT_PI;
    }
    const e = integrate1D((v) => {
      const w = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
      return w === 0 ? 0 : w * phiI(mu + s * v);
    }, -Infinity, Infinity, { ...opts, breakpoints: [-mu / s, ...kinks.map((k) => (k - mu) / s)] });
    if (!e.converged) failed++;
    return e.value;
  };
  // z = 0 is where activations bend (tanh, erf, sigmoid): with a large variance φ(so·u) is a near-step there.
  // Geometric breakpoints at |z| = 0.5, 2, 8 resolve the unit scale of φ inside a wide Gaussian (so ≫ 1).
  const scales = so > 2 ? [0.5, 2, 8].flatMap((z) => [z / so, -z / so]) : [];
  const bps = [0, ...scales, ...kinks.map((k) => k / so), ...(beta !== 0 ? kinks.map((k) => k / (beta * so)) : [])];
  const outer = (u: number): number => {
    const w = INV_SQRT_2PI * Math.exp(-0.5 * u * u);
    if (w === 0) return 0;
    const fo = phiO(so * u);
    return fo === 0 ? 0 : w * fo * inner(so * u);
  };
  // Only for φ declared analytic on the unit scale: a narrower feature (e.g. erf(25z)) can hide between the
  // nodes of every coarse grid alike, and successive halvings then agree on a wrong value.
  if (kinks.length === 0 && arch.analyticUnitScale === true) {
    const t = sinhTrapezoid(outer, so, relTol);
    if (t !== undefined && failed === 0) return t;
    failed = 0; // the adaptive rule below decides
  }
  const r = integrate1D(outer, -Infinity, Infinity, { ...opts, breakpoints: bps });
  if (!r.converged) failed++;
  if (failed > 0) {
    throw new NotConvergedError(`Gaussian expectation E[φ(z)φ(z')] of ${arch.title} did not reach relative tolerance ${relTol} at ${where}`);
  }
  return r.value;
}

/**
 * ∫ g(u) du over the real line for a smooth, Gaussian-decaying g whose scale is 1/so near u = 0
 * (φ(so·u) bends there) and 1 elsewhere: the trapezoidal rule in t with u = α sinh t, α = 1/max(so, 1),
 * truncated at |u| = 10 (Gaussian weight e^{-50}). For integrands analytic in a strip around the real
 * t-axis the rule converges exponentially, so halving h squares the error: accepted when two successive
 * steps agree to relTol against Σ|g|·du (the agreement test of the Gauss–Hermite stages), and when the
 * terms at the truncation points are negligible. Undefined when it has not converged by h = 1/64
 * (kinks, near-singular integrands): the caller falls back to adaptive quadrature.
 */
function sinhTrapezoid(g: (u: number) => number, so: number, relTol: number): number | undefined {
  const alpha = 1 / Math.max(so, 1), tMax = Math.asinh(10 / alpha);
  const term = (t: number) => { const ch = Math.cosh(t); return ch === Infinity ? 0 : g(alpha * Math.sinh(t)) * alpha * ch; };
  let h = 0.5, n = Math.ceil(tMax / h);
  h = tMax / n;
  const ends = Math.abs(term(tMax)) + Math.abs(term(-tMax));
  let sum = term(0) + 0.5 * (term(tMax) + term(-tMax)), abs = Math.abs(term(0)) + 0.5 * ends;
  for (let k = 1; k < n; k++) { const a = term(k * h), b = term(-k * h); sum += a + b; abs += Math.abs(a) + Math.abs(b); }
  let prev = sum * h;
  for (let level = 0; level < 5; level++) {
    // Halve h: the new nodes are the midpoints.
    let add = 0, addAbs = 0;
    for (let k = 0; k < n; k++) {
      const a = term((k + 0.5) * h), b = term(-(k + 0.5) * h);
      add += a + b; addAbs += Math.abs(a) + Math.abs(b);
    }
    sum += add; abs += addAbs; n *= 2; h /= 2;
    const cur = sum * h, scale = abs * h;
    if (Math.abs(cur - prev) <= relTol * scale && ends * h <= 1e-3 * relTol * scale) return cur;
    prev = cur;
  }
  return undefined;
}

const GH32 = gaussHermite(32), GH64 = gaussHermite(64), GH128 = gaussHermite(128);
const SQRT_PI = Math.sqrt(Math.PI);

/**
 * The numeric GP kernel K(x, y) = σ_b² + σ_W² E[φ(z)φ(z')] (CONVENTIONS §2):
 * the fallback of {@link kernelFunction} for architectures without a closed form.
 */
export function numericKernel(arch: Architecture, p: ArchParams, relTol = NUMERIC_KERNEL_REL_TOL): (x: Point, y: Point) => number {
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
