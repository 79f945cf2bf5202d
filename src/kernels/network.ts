/**
 * Networks of any depth (CONVENTIONS §8): the serialisable network description and the
 * infinite-width kernel by the layer recursion K(l+1) = C_b + C_W E[φ(u)φ(v)], (u, v) ~ N(0, Kl),
 * composed as neural-tangents' `stax` composes layers. Roberts, Yaida, Hanin, *The Principles of
 * Deep Learning Theory*, arXiv:2106.10165, ch. 4; one hidden layer: Halverson, Maiti, Stoner,
 * arXiv:2008.08601 §3.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { gaussianExpectationCov, NUMERIC_KERNEL_REL_TOL } from './kernel.js';
import type { ArchParams, Architecture } from './types.js';

/**
 * Everything that defines a random network of any depth, and nothing else: serialisable (checkpoints,
 * shards and merges name exactly what they sampled). `activation` is a registry name ("erf", "relu", …)
 * or, for a user expression, "expr:" followed by the expression text.
 */
export interface NetworkSpec {
  activation: string;
  /** Hidden widths n_1..n_L (L ≥ 1); one entry is the network of CONVENTIONS §1. */
  widths: number[];
  sW: number;
  sb: number;
  dIn: number;
}

/** Most hidden layers a network may have (a guard against typos such as --layers 20,20,…×10⁴). */
export const MAX_DEPTH = 1000;

/**
 * Validates a network description against its activation: positive integer widths, 1 ≤ L ≤ MAX_DEPTH,
 * and no depth > 1 for input-dependent activations (Gauss-net). Throws INVALID_ARGUMENT with one line.
 */
export function validateNetwork(arch: Architecture, net: NetworkSpec): void {
  const L = net.widths.length;
  if (L < 1 || L > MAX_DEPTH) throw new InvalidArgumentError(`a network needs 1 to ${MAX_DEPTH} hidden layers, got ${L}`);
  for (const n of net.widths) {
    if (!(Number.isInteger(n) && n >= 1)) throw new InvalidArgumentError(`hidden widths must be positive integers, got ${n}`);
  }
  if (L > 1 && arch.inputDependent) {
    throw new InvalidArgumentError(
      `${arch.title} has no depth > 1: its normalisation depends on the input x, not only on the pre-activation (CONVENTIONS §8); use one hidden layer`,
    );
  }
}

/** The one-hidden-layer parameters (σ_W, σ_b, d_in) of a network description. */
export function archParams(net: NetworkSpec): ArchParams {
  return { sW: net.sW, sb: net.sb, dIn: net.dIn };
}

/**
 * E[φ(u)φ(v)] for (u, v) ~ N(0, [[kxx, kxy], [kxy, kyy]]): the activation's closed-form dual where it
 * has one, otherwise 2-D Gaussian quadrature of φ (relative tolerance `relTol` against E|φφ'|).
 * Not defined for input-dependent activations (Gauss-net): throws INVALID_ARGUMENT.
 */
export function covarianceExpectation(arch: Architecture, kxx: number, kyy: number, kxy: number, relTol = NUMERIC_KERNEL_REL_TOL): number {
  if (arch.dual) return arch.dual(kxx, kyy, kxy);
  if (arch.inputDependent) throw new InvalidArgumentError(`${arch.title} has no dual map on covariances (its φ depends on x)`);
  const phi = (z: number) => arch.phi(z, [], { sW: 1, sb: 0, dIn: 1 });
  return gaussianExpectationCov(arch, kxx, kyy, kxy, phi, phi, relTol);
}

/** K1 = C_b + C_W (x·y)/d_in on the inputs (the first layer's pre-activation covariance). */
export function firstLayerCovariance(net: NetworkSpec, points: readonly Point[]): number[][] {
  const m = points.length, Cb = net.sb * net.sb, CW = net.sW * net.sW;
  const K: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let dot = 0;
      for (let i = 0; i < net.dIn; i++) dot += points[a]![i]! * points[b]![i]!;
      K[a]![b] = K[b]![a] = Cb + (CW * dot) / net.dIn;
    }
  }
  return K;
}

/** One step of the recursion: K(l+1)_ab = C_b + C_W E[φ(u_a)φ(u_b)] under K = Kl. */
export function nextLayerKernel(arch: Architecture, net: Pick<NetworkSpec, 'sW' | 'sb'>, K: readonly (readonly number[])[]): number[][] {
  const m = K.length, Cb = net.sb * net.sb, CW = net.sW * net.sW;
  const out: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) out[a]![b] = out[b]![a] = Cb + CW * covarianceExpectation(arch, K[a]![a]!, K[b]![b]!, K[a]![b]!);
  }
  return out;
}

/**
 * The kernels of every layer on the inputs: [K1, K2, …, K(L+1)], K1 the first pre-activations'
 * covariance and K(L+1) the output's GP kernel. Input-dependent activations (Gauss-net) at L = 1 use
 * the architecture's one-layer kernel.
 */
export function layerKernels(arch: Architecture, net: NetworkSpec, points: readonly Point[]): number[][][] {
  validateNetwork(arch, net);
  const K1 = firstLayerCovariance(net, points);
  // The first hidden layer through the architecture's own kernel where it has one: it knows x (Gauss-net's
  // normalisation), and it is the one-layer result that the existing oracle tests guard.
  let K2: number[][];
  if (arch.kernel) {
    const p = archParams(net), m = points.length;
    K2 = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) K2[a]![b] = K2[b]![a] = arch.kernel(points[a]!, points[b]!, p);
  } else K2 = nextLayerKernel(arch, net, K1);
  const Ks = [K1, K2];
  for (let l = 1; l < net.widths.length; l++) Ks.push(nextLayerKernel(arch, net, Ks[l]!));
  return Ks;
}

/** The NNGP kernel K(L+1) of the network on the inputs (CONVENTIONS §8). */
export function networkKernel(arch: Architecture, net: NetworkSpec, points: readonly Point[]): number[][] {
  const Ks = layerKernels(arch, net, points);
  return Ks[Ks.length - 1]!;
}
