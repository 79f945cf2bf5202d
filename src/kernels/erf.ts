/**
 * Erf-net: φ(z) = erf(z). Kernel: Williams (1997), as used by Halverson,
 * Maiti, Stoner, arXiv:2008.08601, eq. (3.5); CONVENTIONS §1–2.
 */
import { erf } from '../core/special.js';
import { erfFastBatch } from './fast-erf.js';
import { preactivationCovariance as S, type Architecture } from './types.js';

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
};

/** Arcsine dual (Williams 1997): E[erf(u) erf(v)] = (2/π) asin(2 kxy / √((1 + 2kxx)(1 + 2kyy))). */
function erfDual(kxx: number, kyy: number, kxy: number): number {
  const arg = (2 * kxy) / Math.sqrt((1 + 2 * kxx) * (1 + 2 * kyy));
  return (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, arg)));
}
