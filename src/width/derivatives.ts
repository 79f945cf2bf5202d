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
 * Method. F is evaluated by the architecture's closed-form dual (to rounding) or a fixed 2-D trapezoidal
 * rule at two steps (see {@link Evaluator}); derivatives by fourth-order central differences
 * at steps h and h/2, Richardson-extrapolated, with the extrapolation's change as the error estimate, plus the function's own
 * error amplified by 1/h (first) or 1/h² (second derivatives). Analytic derivatives of the erf and
 * ReLU duals serve as the test oracle (test/width/derivatives.test.ts).
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Architecture } from '../kernels/types.js';

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

/**
 * An evaluator of F(A, B, ρ) (and of the diagonal E[φ(√v u)²]) with the absolute rounding error of one
 * value. Difference quotients need F smooth in its arguments to rounding: a closed form is; adaptive
 * quadrature is not (its node set jumps with the parameters), so activations without a closed-form dual use
 * a fixed trapezoidal rule in (u, v) instead (z_a = √A u, z_b = √B (ρu + √(1−ρ²) v)), at steps h and
 * h/2 — both smooth in (A, B, ρ) — and the difference of the two rules' derivatives is their error.
 */
interface Evaluator {
  pair(A: number, B: number, rho: number): number;
  diag(v: number): number;
  /** Rounding error of one value of magnitude ≤ scale. */
  err(scale: number): number;
}

function closedForm(dual: (A: number, B: number, g: number) => number): Evaluator {
  return {
    pair: (A, B, rho) => dual(A, B, rho * Math.sqrt(A * B)),
    diag: (v) => dual(v, v, v),
    err: (scale) => 8e-16 * scale,
  };
}

/** Truncation of the trapezoidal rule in units of the standard normal (e^{-R²/2} ≈ 3e-18). */
const TRAP_R = 9;
/** Most nodes per axis of the fine rule. */
const TRAP_MAX_NODES = 801;

/**
 * Trapezoidal rule with step h on [−R, R]² against the standard normal weight. For φ analytic in a strip of
 * half-width d around the real axis (in u) it converges like e^{−2πd/h} (Trefethen & Weideman, SIAM Rev. 56
 * (2014) 385); d shrinks like 1/√(variance) (tanh: poles at ±iπ/2 in z, error ≈ e^{−π²/(h√v)}), hence h = 0.15/√(max variance) (fine) and twice that (coarse, ~1e-14 for tanh).
 */
function trapezoid(phi: (z: number) => number, h: number): Evaluator {
  const n = Math.floor(TRAP_R / h);
  const u: number[] = [], w: number[] = [];
  for (let i = -n; i <= n; i++) { u.push(i * h); w.push((h * Math.exp(-0.5 * (i * h) ** 2)) / Math.sqrt(2 * Math.PI)); }
  return {
    pair(A, B, rho) {
      const sa = Math.sqrt(A), sb = Math.sqrt(B), c = Math.sqrt(Math.max(0, 1 - rho * rho));
      let total = 0;
      for (let i = 0; i < u.length; i++) {
        const fa = phi(sa * u[i]!);
        if (fa === 0) continue;
        let inner = 0;
        const mu = sb * rho * u[i]!, s = sb * c;
        for (let j = 0; j < u.length; j++) inner += w[j]! * phi(mu + s * u[j]!);
        total += w[i]! * fa * inner;
      }
      return total;
    },
    diag(v) {
      const sv = Math.sqrt(v);
      let total = 0;
      for (let i = 0; i < u.length; i++) { const f = phi(sv * u[i]!); total += w[i]! * f * f; }
      return total;
    },
    err: (scale) => 1e-15 * u.length * scale,
  };
}

/** Evaluators for an activation: one closed form, or a coarse and a fine trapezoidal rule for variances up to maxVar. */
function evaluators(arch: Architecture, maxVar: number): Evaluator[] {
  if (arch.dual) return [closedForm(arch.dual)];
  if (arch.inputDependent) throw new InvalidArgumentError(`${arch.title} has no dual map on covariances (its φ depends on x)`);
  const phi = (z: number) => arch.phi(z, [], { sW: 1, sb: 0, dIn: 1 });
  const fine = Math.max(0.15 / Math.sqrt(Math.max(1, maxVar)), (2 * TRAP_R) / (TRAP_MAX_NODES - 1));
  return [trapezoid(phi, 2 * fine), trapezoid(phi, fine)];
}

/** |fine − coarse| added to fine's error, elementwise (the two rules' disagreement is part of the error). */
const widen = (fine: number[], coarse: number[], err: number[]) => err.map((e, i) => e + Math.abs(fine[i]! - coarse[i]!));

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
  const res = evaluators(arch, v * (1 + 4 * REL_STEP)).map((ev) => diagonalWith(ev, v));
  const fine = res[res.length - 1]!, coarse = res[0]!;
  if (res.length === 1) return fine;
  return { ...fine, d1Err: widen([fine.d1], [coarse.d1], [fine.d1Err])[0]!, d2Err: widen([fine.d2], [coarse.d2], [fine.d2Err])[0]! };
}

function diagonalWith(ev: Evaluator, v: number): DiagonalDerivatives {
  const g = memo((t: number) => ev.diag(v + t));
  const value = g(0);
  const h = REL_STEP * v, e = ev.err(Math.abs(value));
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
  const res = evaluators(arch, Math.max(A, B) * (1 + 4 * REL_STEP)).map((ev) => pairWith(ev, A, B, rho));
  const fine = res[res.length - 1]!, coarse = res[0]!;
  if (res.length === 1) return fine;
  return {
    ...fine,
    gradErr: widen(fine.grad, coarse.grad, fine.gradErr) as [number, number, number],
    hessErr: fine.hess.map((row, i) => widen(row, coarse.hess[i]!, fine.hessErr[i]!)),
  };
}

function pairWith(ev: Evaluator, A: number, B: number, rho: number): PairDerivatives {
  const r = Math.max(-1, Math.min(1, rho));
  const collinear = 1 - Math.abs(r) < COLLINEAR_EPS;
  const F = (y: readonly number[]) => ev.pair(y[0]!, y[1]!, y[2]!);
  const y0 = [A, B, r];
  const value = F(y0);
  const e = ev.err(Math.max(Math.abs(value), Math.sqrt(Math.abs(ev.diag(A) * ev.diag(B)))));
  // Steps: relative in the variances; in ρ well inside [-1, 1] (ρ ± 2h at most a quarter of the way to ±1: the arc-cosine dual is singular there) (error estimates
  // grow as ρ approaches ±1 without being collinear, which they report).
  const steps = [REL_STEP * A, REL_STEP * B, collinear ? 0 : Math.min(REL_STEP, (1 - Math.abs(r)) / 8)];
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
