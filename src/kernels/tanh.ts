/**
 * tanh-net: φ(z) = tanh(z), one hidden layer as in CONVENTIONS §1. No closed
 * form kernel: `kernel` is the numeric one (two-dimensional Gaussian
 * quadrature of E[φ(z)φ(z')], src/kernels/kernel.ts), so every consumer of
 * `kernel` works unchanged; `numericKernelError` says it is numerical.
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §3 (the construction of Erf-net).
 */
import { gaussianExpectation, NUMERIC_KERNEL_REL_TOL } from './kernel.js';
import type { Architecture } from './types.js';

/**
 * tanh in WGSL (float32) as (1 − e^{−2|z|}) / (1 + e^{−2|z|}) with the sign of z: finite for every
 * z (WGSL's tanh is specified as sinh/cosh, which may overflow to NaN for |z| > ~44). Absolute
 * error a few float32 ulps of 1 (the cancellation in 1 − e^{−2|z|} near 0 costs relative, not absolute, accuracy).
 */
export const WGSL_TANH = `fn act_tanh(a: f32) -> f32 {
  let t = exp(-2.0 * abs(a));
  let r = (1.0 - t) / (1.0 + t);
  return select(r, -r, a < 0.0);
}`;

const phi = (z: number) => Math.tanh(z);

export const tanhNet: Architecture = {
  name: 'tanh',
  title: 'tanh-net',
  defaults: { sW: 1, sb: 1 },
  phi,
  kernel(x, y, p) {
    return p.sb * p.sb + p.sW * p.sW * gaussianExpectation(tanhNet, x, y, p);
  },
  // Outer and inner quadratures each contribute up to the tolerance.
  numericKernelError: 2 * NUMERIC_KERNEL_REL_TOL,
  // tanh is meromorphic with poles at ±iπ/2 and saturates: the fast outer rule applies.
  analyticUnitScale: true,
  wgsl: {
    source: `${WGSL_TANH}
fn act(z: f32, c: f32) -> f32 { return act_tanh(z); }`,
    tolerance: 2e-7,
  },
};

