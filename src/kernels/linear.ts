/**
 * Linear network: φ(z) = z. Its dual is the identity on covariances, K(l+1) = C_b + C_W K(l)
 * (CONVENTIONS §8); deep linear networks have a closed-form single-input kurtosis,
 * 3 Π_l (1 + 2/n_l). Roberts, Yaida, Hanin, arXiv:2106.10165, ch. 3 (deep linear networks).
 */
import { preactivationCovariance as S, type Architecture } from './types.js';

export const linearNet: Architecture = {
  name: 'linear',
  title: 'linear net',
  aliases: ['identity', 'lin'],
  defaults: { sW: 1, sb: 0 },
  phi: (z) => z,
  phiBatch(z, out) { out.set(z); },
  kernel: (x, y, p) => p.sb * p.sb + p.sW * p.sW * S(x, y, p),
  tfActivation: (_tf, z) => z,
  dual: (_kxx, _kyy, kxy) => kxy,
  wgsl: { source: 'fn act(z: f32, c: f32) -> f32 { return z; }', tolerance: 0 },
  /** E[z_1…z_k] for jointly Gaussian z (Isserlis): the sum over perfect matchings of Π S. */
  moment(points, p) {
    const k = points.length;
    if (k % 2 === 1) return 0;
    const rec = (rest: number[]): number => {
      if (rest.length === 0) return 1;
      const [a, ...others] = rest;
      let s = 0;
      for (let i = 0; i < others.length; i++) {
        const rem = others.filter((_, j) => j !== i);
        s += S(points[a!]!, points[others[i]!]!, p) * rec(rem);
      }
      return s;
    };
    return rec(points.map((_, i) => i));
  },
};
