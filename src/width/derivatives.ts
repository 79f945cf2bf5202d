/**
 * First and second derivatives of the dual map F(G) = E_{z~N(0,G)}[φ(z_a)φ(z_b)] with respect to the
 * 2×2 block (G_aa, G_bb, G_ab), with error estimates: the ingredients of the four-point-vertex and
 * next-to-leading-order kernel recursions (Roberts, Yaida, Hanin, arXiv:2106.10165, ch. 4;
 * CONVENTIONS §8; ./vertex.ts).
 *
 * Coordinates. A pair a ≠ b is differentiated in y = (A, B, ρ) = (G_aa, G_bb, G_ab/√(G_aa G_bb)), not in
 * (G_aa, G_bb, G_ab): every finite-difference step then stays inside the positive semi-definite cone
 * (|ρ| ≤ 1), and the one singular direction is isolated. At |ρ| = 1 (collinear inputs, e.g. bias-free
 * ReLU at d_in = 1) the arc-cosine dual has ∂²F/∂ρ² = ∞, but there the two pre-activations are
 * proportional in every realisation of the network, so the sampled correlation ρ̂ does not fluctuate and
 * no derivative along ρ ever multiplies a non-zero fluctuation: {@link PairDerivatives.collinear} tells
 * the caller to drop them (exactly, not as an approximation). The diagonal a = b is the one-variable
 * function v ↦ F(v, v, v).
 *
 * Method. F is evaluated by the architecture's closed-form dual (to rounding) or its 2-D quadrature
 * ({@link covarianceExpectation} at a tight tolerance); derivatives by fourth-order central differences
 * at steps h and h/2, Richardson-extrapolated, with the extrapolation's change as the error estimate, plus the function's own
 * error amplified by 1/h (first) or 1/h² (second derivatives). Analytic derivatives of the erf and
 * ReLU duals serve as the test oracle (test/width/derivatives.test.ts).
 */
import { InvalidArgumentError } from '../core/errors.js';
import { NUMERIC_KERNEL_REL_TOL } from '../kernels/kernel.js';
import { covarianceExpectation } from '../kernels/network.js';
import type { Architecture } from '../kernels/types.js';

/** Tolerance of the numerical dual (activations without a closed form) inside difference quotients. */
const DIFF_REL_TOL = 1e-12;

/** Below this distance of |ρ| from 1 the pair counts as collinear (see the file header). */
export const COLLINEAR_EPS = 1e-12;

/** Value, gradient and Hessian in y = (A, B, ρ), each with an absolute error estimate. */
export interface PairDerivatives {
  value: number;
  /** ∂F/∂(A, B, ρ). */
  grad: [number, number, number];
  gradErr: [number, number, number];
  /** ∂²F/∂y_i∂y_j (symmetric 3×3). */
  hess: number[][];
  hessErr: number[][];
  /** |ρ| = 1: derivatives along ρ are set to 0 (ρ̂ does not fluctuate; see the file header). */
  collinear: boolean;
}

/** Value, first and second derivative of v ↦ F(v, v, v) = E[φ(z)²], z ~ N(0, v). */
export interface DiagonalDerivatives {
  value: number;
  d1: number;
  d1Err: number;
  d2: number;
  d2Err: number;
}

/** The dual and an absolute error estimate of one evaluation. */
function dualWithError(arch: Architecture): { f: (A: number, B: number, g: number) => number; err: (value: number, scale: number) => number } {
  if (arch.dual) return { f: (A, B, g) => arch.dual!(A, B, g), err: (value) => 8e-16 * Math.abs(value) };
  return {
    f: (A, B, g) => covarianceExpectation(arch, A, B, g, DIFF_REL_TOL),
    // The quadrature's tolerance is relative to E|φφ'| ≤ √(E φ_a² E φ_b²), bounded here by the diagonal scale.
    err: (value, scale) => 4 * DIFF_REL_TOL * Math.max(Math.abs(value), scale),
  };
}

/** Weights of the fourth-order central first derivative at offsets −2..2 (in units of the step). */
const STENCIL1 = [1 / 12, -8 / 12, 0, 8 / 12, -1 / 12];

/**
 * Richardson extrapolation of two fourth-order quotients at h and h/2 (error ∝ h⁴): the sixth-order value,
 * with |value − D(h/2)| as its error estimate (a bound on the h/2 quotient's error, conservative for the value).
 */
function richardson(coarse: number, fine: number): { value: number; err: number } {
  const value = (16 * fine - coarse) / 15;
  return { value, err: Math.abs(value - fine) };
}

/** Fourth-order central first derivative of g at step h. */
const d1 = (g: (t: number) => number, h: number) => (8 * (g(h) - g(-h)) - (g(2 * h) - g(-2 * h))) / (12 * h);
/** Fourth-order central second derivative of g at step h (g(0) passed in). */
const d2 = (g: (t: number) => number, g0: number, h: number) => (-g(2 * h) + 16 * g(h) - 30 * g0 + 16 * g(-h) - g(-2 * h)) / (12 * h * h);

/** g with its values remembered: the first- and second-derivative stencils share their nodes. */
function memo(g: (t: number) => number): (t: number) => number {
  const seen = new Map<number, number>();
  return (t) => { let v = seen.get(t); if (v === undefined) { v = g(t); seen.set(t, v); } return v; };
}

/** Relative step of the difference quotients (then halved): near ε^{1/6}, the optimum of the fourth-order second derivative. */
const REL_STEP = 1e-2;

function checkVariance(v: number, what: string): void {
  if (!(v > 0 && Number.isFinite(v))) {
    throw new InvalidArgumentError(`${what} has pre-activation variance ${v}: the finite-width recursion needs every input's variance > 0 at the hidden layers`);
  }
}

/** Derivatives of E[φ(z)²], z ~ N(0, v), with respect to v. */
export function diagonalDerivatives(arch: Architecture, v: number): DiagonalDerivatives {
  checkVariance(v, 'an input');
  const { f, err } = dualWithError(arch);
  const g = memo((t: number) => f(v + t, v + t, v + t));
  const value = g(0);
  const h = REL_STEP * v, e = err(value, Math.abs(value));
  const first = richardson(d1(g, h), d1(g, h / 2)), second = richardson(d2(g, value, h), d2(g, value, h / 2));
  return {
    value,
    d1: first.value,
    d1Err: first.err + (3 * e) / (h / 2),
    d2: second.value,
    d2Err: second.err + (6 * e) / ((h / 2) * (h / 2)),
  };
}

/** Derivatives of F(A, B, ρ) = E[φ(z_a)φ(z_b)], (z_a, z_b) ~ N(0, [[A, ρ√(AB)], [ρ√(AB), B]]), a ≠ b. */
export function pairDerivatives(arch: Architecture, A: number, B: number, rho: number): PairDerivatives {
  checkVariance(A, 'an input');
  checkVariance(B, 'an input');
  const { f, err } = dualWithError(arch);
  const r = Math.max(-1, Math.min(1, rho));
  const collinear = 1 - Math.abs(r) < COLLINEAR_EPS;
  const F = (y: readonly number[]) => f(y[0]!, y[1]!, y[2]! * Math.sqrt(y[0]! * y[1]!));
  const y0 = [A, B, r];
  const value = F(y0);
  const scale = Math.sqrt(Math.abs(f(A, A, A) * f(B, B, B)));
  const e = err(value, scale);
  // Steps: relative in the variances; in ρ no larger than keeps ρ ± 2h inside [-1, 1] (error estimates
  // grow as ρ approaches ±1 without being collinear, which they report).
  const steps = [REL_STEP * A, REL_STEP * B, collinear ? 0 : Math.min(REL_STEP, (1 - Math.abs(r)) / 2.5)];
  const dims = collinear ? 2 : 3;
  const grad: [number, number, number] = [0, 0, 0], gradErr: [number, number, number] = [0, 0, 0];
  const hess = [[0, 0, 0], [0, 0, 0], [0, 0, 0]], hessErr = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const along = (i: number) => memo((t: number) => { const y = y0.slice(); y[i]! += t; return F(y); });
  for (let i = 0; i < dims; i++) {
    const h = steps[i]!, g = along(i);
    const first = richardson(d1(g, h), d1(g, h / 2)), second = richardson(d2(g, value, h), d2(g, value, h / 2));
    grad[i] = first.value;
    gradErr[i] = first.err + (3 * e) / (h / 2);
    hess[i]![i] = second.value;
    hessErr[i]![i] = second.err + (6 * e) / ((h / 2) * (h / 2));
  }
  for (let i = 0; i < dims; i++) {
    for (let j = i + 1; j < dims; j++) {
      // Mixed: the product of two fourth-order first-derivative stencils, at h and h/2.
      const mixed = (s: number) => {
        const hi = steps[i]! * s, hj = steps[j]! * s;
        let acc = 0;
        for (let u = 0; u < 5; u++) {
          for (let w = 0; w < 5; w++) {
            if (STENCIL1[u] === 0 || STENCIL1[w] === 0) continue;
            const y = y0.slice(); y[i]! += (u - 2) * hi; y[j]! += (w - 2) * hj;
            acc += STENCIL1[u]! * STENCIL1[w]! * F(y);
          }
        }
        return acc / (hi * hj);
      };
      const mij = richardson(mixed(1), mixed(0.5));
      hess[i]![j] = hess[j]![i] = mij.value;
      hessErr[i]![j] = hessErr[j]![i] = mij.err + (2 * e) / ((steps[i]! / 2) * (steps[j]! / 2));
    }
  }
  return { value, grad, gradErr, hess, hessErr, collinear };
}
