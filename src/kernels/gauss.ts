/**
 * Gauss-net: φ(z; x) = exp(z) / exp(σ_b² + σ_W² |x|²/d_in), whose kernel is
 * translation invariant. Halverson, Maiti, Stoner, arXiv:2008.08601, eq. (3.7);
 * CONVENTIONS §1–2. The normalisation uses the actual σ_W, σ_b.
 */
import type { Point } from '../core/inputs.js';
import { preactivationCovariance, type ArchParams, type Architecture } from './types.js';

const normSq = (x: Point) => x.reduce((s, v) => s + v * v, 0);

/** log of the Gauss-net normalisation: σ_b² + σ_W² |x|² / d_in. */
export function gaussLogNorm(x: Point, p: ArchParams): number {
  return p.sb * p.sb + (p.sW * p.sW * normSq(x)) / p.dIn;
}

export const gaussNet: Architecture = {
  name: 'gauss',
  title: 'Gauss-net',
  aliases: ['gaussian', 'exp'],
  inputDependent: true,
  defaults: { sW: 1, sb: 1 },
  // c = the log-normalisation at the input, computed on the host in float64 (as phiBatch hoists it)
  wgsl: { source: 'fn act(z: f32, c: f32) -> f32 { return exp(z - c); }', inputConstant: gaussLogNorm, tolerance: 1e-6 },
  phi: (z, x, p) => Math.exp(z - gaussLogNorm(x, p)),
  phiBatch(z, out, x, p) {
    const c = gaussLogNorm(x, p); // hoisted: one normalisation per input, not per neuron
    for (let i = 0; i < z.length; i++) out[i] = Math.exp(z[i]! - c);
  },
  // The normalisation is per input (one column of z each): subtracted before exp, as in phiBatch.
  tfActivation: (tf, z, points, p) => tf.exp(tf.sub(z, tf.tensor(Float32Array.from(points, (x) => gaussLogNorm(x, p)), [1, points.length]))),
  kernel(x, y, p) {
    let d2 = 0;
    for (let i = 0; i < x.length; i++) d2 += (x[i]! - y[i]!) ** 2;
    return p.sb * p.sb + p.sW * p.sW * Math.exp((-p.sW * p.sW * d2) / (2 * p.dIn));
  },
  /**
   * Exponential moments (CONVENTIONS §4): Σ_j z_j is Gaussian with variance
   * Σ_jl S(x_j, x_l), so E[Π_j exp(z_j)] = exp(½ Σ_jl S_jl), divided by the
   * normalisations Π_j exp(σ_b² + σ_W²|x_j|²/d_in). Summed in the exponent so
   * that large inputs do not overflow before they cancel.
   */
  moment(points, p) {
    let e = 0;
    for (let j = 0; j < points.length; j++) {
      e -= gaussLogNorm(points[j]!, p);
      for (let l = 0; l < points.length; l++) e += 0.5 * preactivationCovariance(points[j]!, points[l]!, p);
    }
    return Math.exp(e);
  },
};
