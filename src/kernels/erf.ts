/**
 * Erf-net: φ(z) = erf(z). Kernel: Williams (1997), as used by Halverson,
 * Maiti, Stoner, arXiv:2008.08601, eq. (3.5); CONVENTIONS §1–2.
 */
import { erf } from '../core/special.js';
import { erfFastBatch } from './fast-erf.js';
import { preactivationCovariance as S, type Architecture } from './types.js';

/**
 * erf in WGSL (float32), for the GPU sampler and for user expressions calling erf. N. Juffa's
 * single-precision erff (two minimax branches, |x| <= 0.927734375 a polynomial in x², beyond
 * 1 − exp(polynomial)); measured against src/core/special.ts erf on a grid of [−6, 6] with
 * float32 rounding emulated: max absolute error 5.6e-8 (test/nets/gpu.test.ts checks it on the device).
 */
export const WGSL_ERF = `fn act_erf(a: f32) -> f32 {
  let t = abs(a);
  let s = a * a;
  if (t > 0.927734375) {
    var r = fma(-1.72853470e-5, t, 3.83197126e-4);
    let u = fma(-3.88396438e-3, t, 2.42546219e-2);
    r = fma(r, s, u);
    r = fma(r, t, -1.06777877e-1);
    r = fma(r, t, -6.34846687e-1);
    r = fma(r, t, -1.28717512e-1);
    r = fma(r, t, -t);
    r = 1.0 - exp(r);
    return select(r, -r, a < 0.0);
  }
  var r = -5.96761703e-4;
  r = fma(r, s, 4.99119423e-3);
  r = fma(r, s, -2.67681349e-2);
  r = fma(r, s, 1.12819925e-1);
  r = fma(r, s, -3.76125336e-1);
  r = fma(r, s, 1.28379166e-1);
  return fma(r, a, a);
}`;

/** Arcsine dual (Williams 1997): E[erf(u) erf(v)] = (2/π) asin(2 kxy / √((1 + 2kxx)(1 + 2kyy))). */
function erfDual(kxx: number, kyy: number, kxy: number): number {
  const arg = (2 * kxy) / Math.sqrt((1 + 2 * kxx) * (1 + 2 * kyy));
  return (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, arg)));
}

export const erfNet: Architecture = {
  name: 'erf',
  title: 'Erf-net',
  defaults: { sW: 1, sb: 1 },
  phi: (z) => erf(z),
  phiBatch: (z, out) => erfFastBatch(z, out),
  kernel(x, y, p) {
    return p.sb * p.sb + p.sW * p.sW * erfDual(S(x, x, p), S(y, y, p), S(x, y, p));
  },
  tfActivation: (tf, z) => tf.erf(z),
  dual: erfDual,
  wgsl: {
    source: `${WGSL_ERF}
fn act(z: f32, c: f32) -> f32 { return act_erf(z); }`,
    tolerance: 2e-7,
  },
};

