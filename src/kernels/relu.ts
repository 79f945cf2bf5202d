/**
 * ReLU-net: φ(z) = max(0, z). Arc-cosine kernel of Cho & Saul (2009), as in
 * Halverson, Maiti, Stoner, arXiv:2008.08601, eq. (3.6); CONVENTIONS §1–2.
 */
import { preactivationCovariance as S, type Architecture } from './types.js';

export const reluNet: Architecture = {
  name: 'relu',
  title: 'ReLU-net',
  defaults: { sW: 1, sb: 0 },
  phi: (z) => (z > 0 ? z : 0),
  phiBatch(z, out) {
    for (let i = 0; i < z.length; i++) { const v = z[i]!; out[i] = v > 0 ? v : 0; }
  },
  kinks: [0],
  kernel(x, y, p) {
    const sxx = S(x, x, p), syy = S(y, y, p);
    const norm = Math.sqrt(sxx * syy);
    if (norm === 0) return p.sb * p.sb; // a zero-variance pre-activation: φ = 0 almost surely
    const c = Math.max(-1, Math.min(1, S(x, y, p) / norm));
    const t = Math.acos(c);
    return p.sb * p.sb + (p.sW * p.sW * norm * (Math.sin(t) + (Math.PI - t) * c)) / (2 * Math.PI);
  },
};
