/**
 * The exact single-input kurtosis of bias-free deep networks with a positively homogeneous activation
 * (CONVENTIONS §8; Roberts, Yaida, Hanin, arXiv:2106.10165, ch. 3 for deep linear networks).
 *
 * With σ_b = 0 and one input, z^{l+1} given layer l is N(0, V_{l+1}), V_{l+1} = (C_W/n_l) Σ_j φ(z^l_j)².
 * For φ(λz) = λφ(z) (λ > 0), E[φ(z)²] = c₂ v and E[φ(z)⁴] = c₄ v² for z ~ N(0, v), with
 * c₂ = (φ(1)² + φ(−1)²)/2 and c₄ = 3(φ(1)⁴ + φ(−1)⁴)/2. The z^l_j are i.i.d. given V_l, so
 * E[V_{l+1} | V_l] = C_W c₂ V_l and E[V_{l+1}² | V_l] = (C_W c₂ V_l)² (1 + (r − 1)/n_l), r = c₄/c₂².
 * V_1 is deterministic and f is N(0, V_{L+1}) given the last layer, so
 *   E f⁴ / (E f²)² = 3 E[V²]/(E V)² = 3 Π_l (1 + (r − 1)/n_l),
 * ReLU: r − 1 = 5; linear: r − 1 = 2; independent of σ_W and of x ≠ 0.
 */
import type { Architecture } from '../kernels/types.js';
import type { NetworkSpec } from '../kernels/network.js';

/** φ(λz) = λφ(z) at a few points and scales (exact in floating point for max(0, z), z, leaky ReLU). */
function positivelyHomogeneous(phi: (z: number) => number): boolean {
  for (const z of [-3, -1, -0.5, 0.5, 1, 3]) {
    for (const lam of [2, 0.5, 4]) {
      const a = phi(lam * z), b = lam * phi(z);
      if (!(Math.abs(a - b) <= 1e-14 * Math.max(1, Math.abs(b)))) return false;
    }
  }
  return Math.abs(phi(0)) === 0;
}

/**
 * E f⁴ / (E f²)² of a bias-free network at one non-zero input, exactly at the network's widths; undefined
 * where no closed form applies (σ_b ≠ 0, an activation that is not positively homogeneous of degree 1,
 * or an input-dependent one).
 */
export function exactSingleInputKurtosis(arch: Architecture, net: NetworkSpec): number | undefined {
  if (net.sb !== 0 || arch.inputDependent) return undefined;
  const phi = (z: number) => arch.phi(z, [], { sW: 1, sb: 0, dIn: 1 });
  if (!positivelyHomogeneous(phi)) return undefined;
  const p1 = phi(1), m1 = phi(-1);
  const c2 = (p1 * p1 + m1 * m1) / 2, c4 = (3 * (p1 ** 4 + m1 ** 4)) / 2;
  if (c2 === 0) return undefined;
  const r = c4 / (c2 * c2);
  return 3 * net.widths.reduce((acc, n) => acc * (1 + (r - 1) / n), 1);
}
