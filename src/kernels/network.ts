/**
 * Networks of any depth (CONVENTIONS §8): the serialisable network description and the
 * infinite-width kernel by the layer recursion K(l+1) = C_b + C_W E[φ(u)φ(v)], (u, v) ~ N(0, Kl),
 * composed as neural-tangents' `stax` composes layers. Roberts, Yaida, Hanin, *The Principles of
 * Deep Learning Theory*, arXiv:2106.10165, ch. 4; one hidden layer: Halverson, Maiti, Stoner,
 * arXiv:2008.08601 §3.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { normalPdf } from '../core/special.js';
import type { Point } from '../core/inputs.js';
import { integrate1D } from '../integrate/adaptive.js';
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
 * {@link covarianceExpectationEstimate} gives the same value with its error bound.
 */
export function covarianceExpectation(arch: Architecture, kxx: number, kyy: number, kxy: number, relTol = NUMERIC_KERNEL_REL_TOL): number {
  if (arch.dual) return arch.dual(kxx, kyy, kxy);
  if (arch.inputDependent) throw new InvalidArgumentError(`${arch.title} has no dual map on covariances (its φ depends on x)`);
  return gaussianExpectationCov(arch, kxx, kyy, kxy, unitPhi(arch), unitPhi(arch), relTol);
}

/** φ(z) of an activation that ignores x (the parameters are irrelevant to it). */
function unitPhi(arch: Architecture): (z: number) => number {
  const p: ArchParams = { sW: 1, sb: 0, dIn: 1 }, none: Point = [];
  return (z) => arch.phi(z, none, p);
}

/** A value with an absolute error bound. */
export interface ValueWithError {
  value: number;
  absError: number;
}

/**
 * Rounding allowance of a closed-form dual, in units of √(E φ(u)² E φ(v)²) (≥ |E φ(u)φ(v)|): a few
 * elementary functions of double-precision arguments.
 */
const CLOSED_FORM_ROUNDING = 16 * Number.EPSILON;

/**
 * Relative error bound of the numeric dual against E|φ(u)φ(v)| ≤ √(E φ(u)² E φ(v)²): the outer and the
 * inner quadrature of {@link gaussianExpectationCov} each contribute up to `relTol`.
 */
const numericDualError = (relTol: number) => 2 * relTol;

/**
 * One-dimensional Gaussian moments of an activation at variance k, u ~ N(0, k): P = E φ(u)²,
 * D = E φ'(u)², U = E (u φ'(u))². They bound the dual's value (Cauchy–Schwarz) and its first
 * derivatives in the covariance (see {@link layerKernelEstimates}); φ' by central differences
 * (across a kink it is a slope between the one-sided ones, which only loosens the bounds).
 * Accurate to ~1e-8 relative, far beyond what a bound needs; inflated by 1e-6 to stay above.
 */
interface ActivationMoments { P: number; D: number; U: number }

function activationMoments(phi: (z: number) => number, k: number, kinks: readonly number[]): ActivationMoments {
  const dphi = (z: number) => { const h = 1e-6 * Math.max(1, Math.abs(z)); return (phi(z + h) - phi(z - h)) / (2 * h); };
  if (k === 0) { const d = dphi(0); return { P: phi(0) ** 2, D: d * d, U: 0 }; }
  const s = Math.sqrt(k);
  const opts = { relTol: 1e-8, absTol: 1e-300, probeDivergence: false, breakpoints: [0, ...kinks.map((z) => z / s)] };
  const mean = (g: (t: number) => number) => {
    const r = integrate1D((t) => { const wt = normalPdf(t); return wt === 0 ? 0 : wt * g(t); }, -Infinity, Infinity, opts);
    return Math.abs(r.value) + r.absError;
  };
  const up = 1 + 1e-6;
  return {
    P: up * mean((t) => phi(s * t) ** 2),
    D: up * mean((t) => dphi(s * t) ** 2),
    U: up * mean((t) => (s * t * dphi(s * t)) ** 2),
  };
}

/**
 * {@link covarianceExpectation} with an absolute error bound: for a closed-form dual its rounding, for the
 * 2-D quadrature 2·relTol·√(E φ(u)² E φ(v)²) (the quadrature's tolerance is relative to E|φφ'|, which
 * Cauchy–Schwarz bounds by the 1-D second moments). Not defined for input-dependent activations.
 */
export function covarianceExpectationEstimate(
  arch: Architecture, kxx: number, kyy: number, kxy: number, relTol = NUMERIC_KERNEL_REL_TOL,
): ValueWithError {
  const value = covarianceExpectation(arch, kxx, kyy, kxy, relTol);
  const phi = unitPhi(arch), kinks = arch.kinks ?? [];
  const Px = activationMoments(phi, kxx, kinks).P, Py = kyy === kxx ? Px : activationMoments(phi, kyy, kinks).P;
  const rel = arch.dual ? CLOSED_FORM_ROUNDING : numericDualError(relTol);
  return { value, absError: rel * Math.sqrt(Px * Py) };
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

/** The kernels of every layer with their error bounds ({@link layerKernelEstimates}). */
export interface LayerKernelEstimates {
  /** [K1, K2, …, K(L+1)] on the inputs; K(L+1) is the NNGP kernel. */
  kernels: number[][][];
  /** Absolute error bounds of the entries of each kernel (same shape). */
  absErrors: number[][][];
}

/**
 * The kernels of every layer on the inputs: [K1, K2, …, K(L+1)], K1 the first pre-activations'
 * covariance and K(L+1) the output's GP kernel. Input-dependent activations (Gauss-net) at L = 1 use
 * the architecture's one-layer kernel.
 */
export function layerKernels(arch: Architecture, net: NetworkSpec, points: readonly Point[]): number[][][] {
  return layerRecursion(arch, net, points, NUMERIC_KERNEL_REL_TOL, false).kernels;
}

/**
 * {@link layerKernels} with an absolute error bound on every entry. Each step K(l+1) = C_b + C_W F(Kl)
 * adds the dual's own error (rounding of a closed form; 2·relTol·√(E φ_a² E φ_b²) for the quadrature)
 * and carries the error of Kl to first order through the derivatives of the dual F(kaa, kbb, kab) =
 * E[φ(u)φ(v)], bounded by Price's theorem and Cauchy–Schwarz with the 1-D moments P = E φ², D = E φ'²,
 * U = E (u φ')² at each input:
 *
 *     |∂F/∂kab| = |E φ'(u)φ'(v)| ≤ √(D_a D_b),
 *     |∂F/∂kaa| = |E[u φ'(u) φ(v)] − kab E[φ'(u)φ'(v)]| / (2 kaa) ≤ (√(U_a P_b) + |kab| √(D_a D_b)) / (2 kaa).
 *
 * So the bound holds for any depth, widths irrelevant (the NNGP kernel does not depend on them), as
 * long as the errors stay small against the kernels (first order). `relTol` is the quadrature's.
 */
export function layerKernelEstimates(arch: Architecture, net: NetworkSpec, points: readonly Point[], relTol = NUMERIC_KERNEL_REL_TOL): LayerKernelEstimates {
  return layerRecursion(arch, net, points, relTol, true);
}

/** The recursion of {@link layerKernelEstimates}; without `withErrors` the bounds are zeros and cost nothing. */
function layerRecursion(arch: Architecture, net: NetworkSpec, points: readonly Point[], relTol: number, withErrors: boolean): LayerKernelEstimates {
  validateNetwork(arch, net);
  const m = points.length, Cb = net.sb * net.sb, CW = net.sW * net.sW, p = archParams(net);
  const zeros = () => Array.from({ length: m }, () => new Array<number>(m).fill(0));
  const K1 = firstLayerCovariance(net, points);
  const E1 = K1.map((row) => row.map((v) => 4 * Number.EPSILON * Math.abs(v)));
  const kernels = [K1], absErrors = [E1];
  const kinks = arch.kinks ?? [];
  for (let l = 0; l < net.widths.length; l++) {
    const K = kernels[l]!, E = absErrors[l]!;
    const first = l === 0;
    // The first hidden layer through the architecture's own kernel where it has one: it knows x (Gauss-net's
    // normalisation), and it is the one-layer result that the existing oracle tests guard.
    const own = first && arch.kernel ? arch.kernel.bind(arch) : undefined;
    const quadRel = own ? (arch.numericKernelError ?? CLOSED_FORM_ROUNDING) : arch.dual ? CLOSED_FORM_ROUNDING : numericDualError(relTol);
    const mom = withErrors ? points.map((x, a) => activationMoments(first ? (z) => arch.phi(z, x, p) : unitPhi(arch), K[a]![a]!, kinks)) : [];
    const Kn = zeros(), En = zeros();
    for (let a = 0; a < m; a++) {
      for (let b = a; b < m; b++) {
        const v = own ? own(points[a]!, points[b]!, p) : Cb + CW * covarianceExpectation(arch, K[a]![a]!, K[b]![b]!, K[a]![b]!, relTol);
        Kn[a]![b] = Kn[b]![a] = v;
        if (!withErrors) continue;
        const ma = mom[a]!, mb = mom[b]!, kab = Math.abs(K[a]![b]!);
        const dAB = Math.sqrt(ma.D * mb.D);
        // 0 · ∞ = 0: an exact input variance (e.g. x = 0 at σ_b = 0) carries no error however steep F is there.
        const along = (err: number, kaa: number, U: number, Pother: number) =>
          err === 0 ? 0 : kaa > 0 ? (err * (Math.sqrt(U * Pother) + kab * dAB)) / (2 * kaa) : Infinity;
        const carried = along(E[a]![a]!, K[a]![a]!, ma.U, mb.P) + along(E[b]![b]!, K[b]![b]!, mb.U, ma.P) + E[a]![b]! * dAB;
        const err = CW * (carried + quadRel * Math.sqrt(ma.P * mb.P)) + 4 * Number.EPSILON * Math.abs(v);
        En[a]![b] = En[b]![a] = err;
      }
    }
    kernels.push(Kn);
    absErrors.push(En);
  }
  return { kernels, absErrors };
}

/** The NNGP kernel K(L+1) of the network on the inputs (CONVENTIONS §8). */
export function networkKernel(arch: Architecture, net: NetworkSpec, points: readonly Point[]): number[][] {
  const Ks = layerKernels(arch, net, points);
  return Ks[Ks.length - 1]!;
}

/** The NNGP kernel K(L+1) on the inputs with its entries' absolute error bounds ({@link layerKernelEstimates}). */
export function networkKernelEstimate(
  arch: Architecture, net: NetworkSpec, points: readonly Point[], relTol = NUMERIC_KERNEL_REL_TOL,
): { kernel: number[][]; absError: number[][] } {
  const r = layerKernelEstimates(arch, net, points, relTol);
  return { kernel: r.kernels[r.kernels.length - 1]!, absError: r.absErrors[r.absErrors.length - 1]! };
}

/**
 * The NNGP kernel of the network as a function of two input points, values only (no bounds: the cheap
 * path for closed-form duals, whose errors are rounding). `relTol` is the quadrature's (numeric duals).
 */
export function networkKernelValueFunction(arch: Architecture, net: NetworkSpec, relTol = NUMERIC_KERNEL_REL_TOL): (x: Point, y: Point) => number {
  validateNetwork(arch, net);
  return (x, y) => {
    if (x.length !== net.dIn || y.length !== net.dIn) throw new InvalidArgumentError(`kernel points must have dimension d_in = ${net.dIn}`);
    const Ks = layerRecursion(arch, net, [x, y], relTol, false).kernels;
    return Ks[Ks.length - 1]![0]![1]!;
  };
}

/**
 * The NNGP kernel of the network as a function of two input points, with its error bound: what a
 * prediction uses as its propagator (src/predict). `relTol` is the quadrature's (numeric duals).
 */
export function networkKernelFunction(arch: Architecture, net: NetworkSpec, relTol = NUMERIC_KERNEL_REL_TOL): (x: Point, y: Point) => ValueWithError {
  validateNetwork(arch, net);
  return (x, y) => {
    if (x.length !== net.dIn || y.length !== net.dIn) throw new InvalidArgumentError(`kernel points must have dimension d_in = ${net.dIn}`);
    const r = networkKernelEstimate(arch, net, [x, y], relTol);
    return { value: r.kernel[0]![1]!, absError: r.absError[0]![1]! };
  };
}

/** What `nnqft kernel` prints (JSON): the NNGP kernel of a network on its inputs, with error bounds. */
export interface NetworkKernelReport {
  /** The activation's key (src/kernels/resolve.ts) and display name. */
  arch: string;
  title: string;
  params: ArchParams;
  /** Hidden widths n_1..n_L as given (the kernel does not depend on them). */
  layers: number[];
  depth: number;
  inputs: number[][];
  /** K(L+1)[a][b], the output's GP kernel. */
  kernel: number[][];
  /** Absolute error bound of each entry. */
  absError: number[][];
  maxAbsError: number;
  /** How the dual was evaluated at the layers beyond the first. */
  method: 'closed-form dual' | '2-D Gaussian quadrature';
  /** [K1, …, K(L+1)] with their bounds, where asked for. */
  layerKernels?: number[][][];
  layerAbsErrors?: number[][][];
  note: string;
}

/** The {@link NetworkKernelReport} of a network on its inputs (`perLayer`: include every layer's kernel). */
export function networkKernelReport(
  arch: Architecture, net: NetworkSpec, points: readonly Point[], opts: { perLayer?: boolean; relTol?: number } = {},
): NetworkKernelReport {
  const r = layerKernelEstimates(arch, net, points, opts.relTol ?? NUMERIC_KERNEL_REL_TOL);
  const L = net.widths.length, kernel = r.kernels[L]!, absError = r.absErrors[L]!;
  const numeric = !arch.dual && (L > 1 || !arch.kernel || arch.numericKernelError !== undefined);
  return {
    arch: arch.name, title: arch.title, params: archParams(net), layers: net.widths.slice(), depth: L,
    inputs: points.map((x) => Array.from(x)), kernel, absError,
    maxAbsError: absError.reduce((s, row) => row.reduce((t, v) => Math.max(t, v), s), 0),
    method: numeric ? '2-D Gaussian quadrature' : 'closed-form dual',
    ...(opts.perLayer ? { layerKernels: r.kernels, layerAbsErrors: r.absErrors } : {}),
    note: 'infinite-width (NNGP) kernel by the layer recursion K(l+1) = C_b + C_W E[φ(u)φ(v)], (u, v) ~ N(0, Kl) (CONVENTIONS §8): independent of the hidden widths n_1..n_L',
  };
}
