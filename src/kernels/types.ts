/**
 * The architecture contract: everything nnqft knows about one network
 * architecture lives in one object of this type, in one file of src/kernels/.
 * Definitions: CONVENTIONS §1–2, §8; Halverson, Maiti, Stoner, arXiv:2008.08601 §3.
 *
 * The contract on covariances (CONVENTIONS §8; neural-tangents' `stax`): an activation maps a
 * layer's pre-activation covariance over the inputs to the next layer's kernel,
 * K(l+1)_ab = C_b + C_W F(Kl_aa, Kl_bb, Kl_ab), F = E[φ(u)φ(v)] (the dual). Every value of F carries
 * an error bound (src/kernels/network.ts: `covarianceExpectationEstimate`, `layerKernelEstimates`),
 * so a kernel of any depth does.
 *
 *   architecture | key        | dual F                        | kernel (1 layer)        | depth > 1 | tfjs
 *   erf          | erf        | arcsine (closed form)         | closed form             | yes       | tf.erf
 *   relu         | relu       | arc-cosine (closed form)      | closed form             | yes       | tf.relu
 *   linear       | linear     | kxy (identity)                | closed form             | yes       | identity
 *   tanh         | tanh       | 2-D Gaussian quadrature       | quadrature (± bound)    | yes       | —
 *   Gauss-net    | gauss      | none: φ depends on x          | closed form             | refused   | exp(z − c(x))
 *   user φ(z)    | expr:<φ>   | 2-D Gaussian quadrature       | quadrature (± bound)    | yes       | —
 *
 * The key (`name`) is the one serialisable name of an activation: checkpoints, shards, merges and
 * network descriptions store it, and src/kernels/resolve.ts rebuilds the architecture from it.
 */
import type { Point } from '../core/inputs.js';

/** Hyper-parameters of a one-hidden-layer network: W0 ~ N(0, sW²/d_in), b ~ N(0, sb²), W1 ~ N(0, sW²/N). */
export interface ArchParams {
  sW: number;
  sb: number;
  dIn: number;
}

/**
 * One architecture. Optional members are refinements: where absent, generic
 * numerical code (Gaussian quadrature over `phi`) takes over.
 */
export interface Architecture {
  /**
   * The architecture's key: its registry name (e.g. "erf"), or "expr:<expression>" for a user activation
   * (src/kernels/generic.ts). Unique per activation; `architectureFromKey` (src/kernels/resolve.ts) inverts it.
   */
  readonly name: string;
  /** Display name, e.g. "Erf-net". */
  readonly title: string;
  /** Other accepted spellings on the command line. */
  readonly aliases?: readonly string[];
  /** Default σ_W, σ_b (CONVENTIONS §1). */
  readonly defaults: { readonly sW: number; readonly sb: number };
  /**
   * The activation φ(z; x) at pre-activation z for input x. Most activations
   * ignore x; Gauss-net divides by an x-dependent normalisation.
   */
  phi(z: number, x: Point, p: ArchParams): number;
  /** Points in z where φ is not smooth (ReLU: [0]); quadrature splits there. */
  readonly kinks?: readonly number[];
  /** Closed-form GP kernel K(x, y) (CONVENTIONS §2), where one exists. */
  kernel?(x: Point, y: Point, p: ArchParams): number;
  /**
   * Closed-form single-neuron moment M_k(x_1..x_k) = E[φ(z_1;x_1)…φ(z_k;x_k)]
   * (CONVENTIONS §4), or undefined where no closed form applies to these
   * parameters (the caller then integrates numerically).
   */
  moment?(points: readonly Point[], p: ArchParams): number | undefined;
  /**
   * Sampler fast path (optional): out[i] = φ(z[i]; x) for every i < z.length, all
   * at one input x. Must agree with `phi` to ~1e-15 relative; the Monte-Carlo
   * sampler (src/nets) falls back to `phi` where absent.
   */
  phiBatch?(z: Float64Array, out: Float64Array, x: Point, p: ArchParams): void;
  /**
   * Set where `kernel` is itself numerical (Gaussian quadrature, e.g. tanh-net):
   * its relative error bound against σ_W² E|φφ'|, which predictions propagate
   * into their error bars. Absent for closed forms.
   */
  readonly numericKernelError?: number;
  /**
   * Set where φ is analytic with features no narrower than the unit scale in z (e.g. tanh: poles at
   * ±iπ/2, saturating): the numeric kernel may then use an exponentially convergent fixed-step rule
   * (src/kernels/kernel.ts) instead of adaptive quadrature. Never set it for user expressions.
   */
  readonly analyticUnitScale?: boolean;
  /**
   * The dual map on covariances (CONVENTIONS §8; neural-tangents' `stax`): E[φ(u)φ(v)] for
   * (u, v) ~ N(0, [[kxx, kxy], [kxy, kyy]]), in closed form where one exists (erf: arcsine, relu:
   * arc-cosine, linear: kxy). Absent: 2-D Gaussian quadrature of `phi` ({@link covarianceExpectation}).
   */
  dual?(kxx: number, kyy: number, kxy: number): number;
  /**
   * Set where φ depends on the input x as well as on z (Gauss-net's normalisation): such an
   * activation has no dual on covariances alone, so networks of depth > 1 are refused (CONVENTIONS §8).
   * Where unset, φ(z; x) must ignore x (its kernel is then a function of S(x,x), S(y,y), S(x,y) only:
   * the symmetries the kernel tables of src/predict use).
   */
  readonly inputDependent?: boolean;
  /**
   * The activation as a tensor op for the tfjs sampler backend (src/nets/tfjs.ts), where tfjs has one:
   * `z` holds pre-activations with one column per input point (shape [rows, points.length]). Absent:
   * `--backend tfjs` refuses the architecture.
   */
  tfActivation?<T>(tf: TensorOps<T>, z: T, points: readonly Point[], p: ArchParams): T;
  /**
   * The activation in WGSL for the GPU sampler (src/nets/gpu): absent, `--backend gpu` refuses
   * this architecture with one line.
   */
  readonly wgsl?: WgslActivation;
}

/**
 * An activation in WGSL (float32). `source` defines `fn act(z: f32, c: f32) -> f32` and any
 * helpers it needs, named with the prefix `act_`; `c` is {@link WgslActivation.inputConstant} at
 * the network input (0 where absent): the x-dependence of an input-dependent φ(z; x).
 */
export interface WgslActivation {
  readonly source: string;
  /** Per-input constant (computed on the host in float64), e.g. Gauss-net's log-normalisation. */
  inputConstant?(x: Point, p: ArchParams): number;
  /** Largest |φ_f32 − φ| expected, relative to max(1, |φ|): what the GPU tests allow per activation value. */
  readonly tolerance: number;
}

/** The tfjs operations an architecture's {@link Architecture.tfActivation} may use (tfjs is optional: structural). */
export interface TensorOps<T> {
  tensor(values: Float32Array, shape: number[]): T;
  sub(a: T, b: T | number): T;
  erf(a: T): T;
  relu(a: T): T;
  exp(a: T): T;
}

/** Pre-activation covariance S(x, y) = σ_b² + σ_W² (x·y)/d_in (CONVENTIONS §2). */
export function preactivationCovariance(x: Point, y: Point, p: ArchParams): number {
  let dot = 0;
  for (let i = 0; i < x.length; i++) dot += x[i]! * y[i]!;
  return p.sb * p.sb + (p.sW * p.sW * dot) / p.dIn;
}
