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
    const sxy = S(x, y, p), sxx = S(x, x, p), syy = S(y, y, p);
    const arg = (2 * sxy) / Math.sqrt((1 + 2 * sxx) * (1 + 2 * syy));
    return p.sb * p.sb + p.sW * p.sW * (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, arg)));
  },
};
