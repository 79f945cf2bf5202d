/**
 * Tabulated numeric kernels for predictions (CONVENTIONS §2, §5; Halverson,
 * Maiti, Stoner, arXiv:2008.08601 §4): where K has no closed form (tanh-net,
 * generic activations) each value costs a 2-D Gaussian quadrature (1–10 ms),
 * while a prediction needs K(x_p, y) only along lines y ↦ K(x_p, y) with x_p a
 * fixed input point, and the self-loop D(y) = K(y, y) − σ_b². We tabulate
 * them once per prediction, in the radial variable θ, |y| = y₀ tan θ with
 * y₀ = σ_b/σ_W (the scale where S(y, y) = σ_b² + σ_W² |y|²/d_in turns from
 * constant to quadratic): K approaches its limits as |y| → ∞ with corrections
 * in 1/|y|, smooth in θ, so few pieces cover any range.
 *
 * d_in = 1: one adaptive piecewise Chebyshev interpolant (src/integrate/chebyshev.ts)
 * per line over θ ∈ [−T, T], and one for D.
 *
 * d_in ≥ 2 (φ ignores x, no kinks): K depends on x, y only through S(x,x),
 * S(y,y), S(x,y), i.e. on |x_p|, ρ = |y| and μ = x̂_p·y/ρ (rotation invariance).
 * The line of x_p is the 2-D function (θ, μ) ↦ K(x_p, y) on [0, T] × [−1, 1],
 * analytic in μ (S(x,y) is linear in it), tabulated by the adaptive tensor
 * Chebyshev interpolant (src/integrate/chebyshev2d.ts); points of equal |x_p|
 * share one table (the paper's {−1,1}² and tetrahedron inputs need a single
 * one). D depends on ρ only: a 1-D table in θ.
 *
 * Range: the tables cover |y| ≤ R = min(Λ √d_in, Y_FAR) with Y_FAR =
 * 10⁶ max(y₀, max |x_p|). For Λ = ∞ (or a huge Λ) the integrand beyond R is
 * evaluated directly by the caller ({@link KernelTable.radius}): the adaptive
 * integrators rarely place a node there, and a direct value needs no limit of
 * φ at infinity (where a numeric kernel may not converge).
 *
 * Error bound of a tabulated value: the interpolant's bound (coefficient tails,
 * check points, and the samples' own kernel errors times the Lebesgue constant).
 * The samples are computed at a tighter kernel tolerance than the direct path
 * ({@link TABLE_KERNEL_REL_TOL}) so that the table's bound stays at the direct
 * path's level.
 *
 * Symmetry (any φ that ignores x, i.e. not `inputDependent` in the architecture contract): K
 * depends on x, y only through S(x,x), S(y,y), S(x,y), all unchanged by
 * (x, y) → (−x, −y) in d_in = 1; so D is even (tabulated on [0, R]) and the
 * line of −x_p is the mirror image of the line of x_p (tabulated once).
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { chebyshevInterpolant, type PiecewiseChebyshev } from '../integrate/chebyshev.js';
import { chebyshevInterpolant2D, type PiecewiseChebyshev2D } from '../integrate/chebyshev2d.js';
import { numericKernel } from '../kernels/kernel.js';
import type { ValueWithError } from '../kernels/network.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { phaseReporter, type PhaseReporter, type ProgressCallback } from '../core/progress.js';

/** Relative tolerance of the kernel samples behind a table (the direct path uses 1e-9). */
export const TABLE_KERNEL_REL_TOL = 1e-10;

/** Relative tolerance of the interpolants against the largest |value| on a piece. */
const TABLE_REL_TOL = 1e-11;

/** Most pieces per line: beyond it the table is not worth its samples (the caller falls back to the direct path). */
const TABLE_MAX_PIECES = 32;

/** Most patches per 2-D line table (each up to 65 × 65 samples). */
const TABLE_MAX_PATCHES = 16;

/** Tables reach |y| ≤ Y_FAR_FACTOR · max(y₀, max |x_p|) at most; beyond it the caller evaluates K directly. */
const Y_FAR_FACTOR = 1e6;

/** Kernel lines tabulated for one prediction. */
export interface KernelTable {
  /** The propagator P(x_p, y) (K or K − σ_b²) from input point p (y: a number for d_in = 1, or a point with |y| ≤ radius). */
  value(p: number, y: number | ArrayLike<number>): number;
  /** Bound on |P(x_p, y) − value(p, y)| (interpolation plus the kernel's own error). */
  error(p: number, y: number | ArrayLike<number>): number;
  /** D(y) = K(y, y) − σ_b² (≥ 0). */
  D(y: number | ArrayLike<number>): number;
  /** Bound on |D(y) − D_true(y)|. */
  Derror(y: number | ArrayLike<number>): number;
  /** The self-loop propagator K(y, y) − shift (D(y) + σ_b² − shift); its error is {@link Derror}. */
  selfLoop(y: number | ArrayLike<number>): number;
  /** The tables hold |y| ≤ radius (Euclidean); outside, evaluate K directly. */
  readonly radius: number;
  /** Whether the tables hold y (|y| ≤ radius). */
  covers(y: number | ArrayLike<number>): boolean;
  /** Kernel evaluations spent building the table. */
  readonly evaluations: number;
  /** Whether every interpolant met its tolerance. */
  readonly converged: boolean;
}

/**
 * Whether {@link buildKernelTable} applies: d_in = 1 (any φ), or d_in ≥ 2 with φ
 * ignoring x (not `inputDependent`: rotation invariance) and no kinks
 * (a kink of the kernel would cut the (θ, μ) rectangle along a curve).
 */
export function kernelTableSupported(arch: Architecture, params: ArchParams): boolean {
  if (params.dIn === 1) return true;
  return params.dIn >= 2 && !arch.inputDependent && (arch.kinks === undefined || arch.kinks.length === 0);
}

const norm = (y: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]! * y[i]!;
  return Math.sqrt(s);
};

/**
 * Builds the tables of P(x_p, ·) = K(x_p, ·) − shift for every input point and
 * of D over |y| ≤ R (see the module comment; Λ = ∞ allowed). `eps` is the relative error bound
 * of a sample, against σ_W² E|φφ'| ≤ √(D(x) D(y)) (CONVENTIONS §2). In d_in = 1 pieces end
 * at the kinks of K(x_p, ·) where φ has kinks (y = 0, y = x_p, and where
 * S(x_p, y) = 0). Deterministic. Throws INVALID_ARGUMENT where {@link kernelTableSupported}
 * is false, NOT_CONVERGED when a kernel sample misses its tolerance; `converged` is false when an interpolant does.
 * `onProgress` (phase "kernel table") counts the tabulated functions: D, then each table built.
 * `kernel`: the kernel to tabulate with each value's own error bound (a deep network's NNGP kernel,
 * src/kernels/network.ts, at the table's tolerance); default the architecture's one-layer numeric kernel.
 */
export function buildKernelTable(
  arch: Architecture, params: ArchParams, points: readonly Point[], cutoff: number, shift: number,
  onProgress?: ProgressCallback, kernel?: (x: Point, y: Point) => ValueWithError,
): KernelTable {
  if (!kernelTableSupported(arch, params)) {
    throw new InvalidArgumentError(`no kernel table for ${arch.title} at d_in = ${params.dIn} (φ depends on x or has kinks)`);
  }
  if (!(cutoff > 0)) throw new InvalidArgumentError(`the cutoff must be positive (or Infinity), got ${cutoff}`);
  // The phase ends also when a sample misses its tolerance (NOT_CONVERGED: the caller falls back to the direct path).
  let progress: PhaseReporter | undefined;
  const start = (tables: number) => (progress = phaseReporter(onProgress, 'kernel table', tables));
  try {
    const src = tableKernel(arch, params, kernel);
    return params.dIn === 1 ? build1D(arch, params, points, cutoff, shift, start, src) : buildRadial(arch, params, points, cutoff, shift, start, src);
  } finally {
    progress?.end();
  }
}

/** Common scales: y₀ and the covered radius R. */
function ranges(params: ArchParams, points: readonly Point[], cutoff: number) {
  const y0 = params.sb > 0 && params.sW > 0 ? params.sb / params.sW : 1;
  const far = Y_FAR_FACTOR * Math.max(y0, ...points.map(norm));
  const radius = Math.min(cutoff * Math.sqrt(params.dIn), far);
  return { y0, radius, T: Math.atan(radius / y0) };
}

/**
 * The kernel a table samples: K, and where it brings its own bounds, the bound of the last value K
 * returned (the interpolants ask for a sample's error right after taking it).
 */
interface TableKernel {
  K: (x: Point, y: Point) => number;
  lastError?: () => number;
}

function tableKernel(arch: Architecture, params: ArchParams, kernel?: (x: Point, y: Point) => ValueWithError): TableKernel {
  if (!kernel) return { K: numericKernel(arch, params, TABLE_KERNEL_REL_TOL) };
  let last = 0;
  return { K: (x, y) => { const r = kernel(x, y); last = r.absError; return r.value; }, lastError: () => last };
}

/** Starts the progress phase of a builder, given how many functions it tabulates. */
type StartProgress = (tables: number) => PhaseReporter;

function build1D(
  arch: Architecture, params: ArchParams, points: readonly Point[], cutoff: number, shift: number, start: StartProgress, src: TableKernel,
): KernelTable {
  const K = src.K, own = src.lastError;
  const eps = 2 * TABLE_KERNEL_REL_TOL; // outer and inner integrals each contribute up to the tolerance
  const b2 = params.sb * params.sb;
  const { y0, radius, T } = ranges(params, points, cutoff);
  const yOf = (t: number) => y0 * Math.tan(t);
  const tOf = (y: number) => Math.atan(y / y0);
  const kinky = arch.kinks !== undefined;
  const bpsFor = (xs: number[]) => (kinky ? xs.filter((y) => Number.isFinite(y) && Math.abs(y) < radius).map(tOf) : []);
  // φ(z; x) that ignores x (the contract's inputDependent unset): the (x, y) → (−x, −y) symmetry holds.
  const mirror = !arch.inputDependent;
  // Line p is built, or read from an earlier point at x_p (a repeated input), or mirrored from one at −x_p.
  const source: { q: number; sign: number }[] = [];
  points.forEach((x, p) => {
    const same = points.findIndex((z, i) => i < p && z[0] === x[0]);
    const opp = mirror && x[0] !== 0 ? points.findIndex((z, i) => i < p && z[0] === -x[0]!) : -1;
    // An earlier point's own source is final already: compose with it (it is a built line).
    if (same >= 0) source.push(source[same]!);
    else if (opp >= 0) source.push({ q: source[opp]!.q, sign: -source[opp]!.sign });
    else source.push({ q: p, sign: 1 });
  });
  const progress = start(1 + source.filter((src, p) => src.q === p).length);
  // The self-loop first: its values bound the samples' errors of the lines.
  const Dt = chebyshevInterpolant((t) => { const y = yOf(t); return K([y], [y]) - b2; }, mirror ? 0 : -T, T, {
    relTol: TABLE_REL_TOL, breakpoints: bpsFor([0]), maxPieces: TABLE_MAX_PIECES, sampleError: own ?? ((_t, v) => eps * Math.abs(v)),
  });
  const Dat = (t: number) => (mirror ? Math.abs(t) : t);
  const Dup = (t: number) => Math.max(0, Dt.value(Dat(t)) + Dt.errorBound(Dat(t)));
  progress.advance();
  const lines: (PiecewiseChebyshev | undefined)[] = points.map((x, p) => {
    if (source[p]!.q !== p) return undefined;
    const xp = x[0]!;
    const Dx = K(x, x) - b2;
    const crossing = xp !== 0 ? -b2 / ((params.sW * params.sW) * xp) : NaN; // S(x_p, y) = 0
    const line = chebyshevInterpolant((t) => K(x, [yOf(t)]) - shift, -T, T, {
      relTol: TABLE_REL_TOL, breakpoints: bpsFor([0, xp, -xp, crossing]), maxPieces: TABLE_MAX_PIECES,
      sampleError: own ?? ((t) => eps * Math.sqrt(Math.max(0, Dx) * Dup(t))),
    });
    progress.advance();
    return line;
  });
  const evaluations = Dt.evaluations + lines.reduce((s, l) => s + (l ? l.evaluations + 1 : 0), 0);
  const lineOf = source.map(({ q }) => lines[q]!), signOf = source.map(({ sign }) => sign);
  const y1 = (y: number | ArrayLike<number>) => (typeof y === 'number' ? y : y[0]!);
  const D = (y: number | ArrayLike<number>) => Math.max(0, Dt.value(Dat(tOf(y1(y)))));
  return {
    value: (p, y) => lineOf[p]!.value(signOf[p]! * tOf(y1(y))),
    error: (p, y) => lineOf[p]!.errorBound(signOf[p]! * tOf(y1(y))),
    D,
    Derror: (y) => Dt.errorBound(Dat(tOf(y1(y)))),
    selfLoop: (y) => D(y) + b2 - shift,
    radius,
    covers: (y) => Math.abs(y1(y)) <= radius,
    evaluations,
    converged: Dt.converged && lines.every((l) => !l || l.converged),
  };
}

/**
 * d_in ≥ 2: the line of x_p as a function of (θ, μ), |y| = y₀ tan θ, μ = x̂_p·y/|y|, evaluated at the
 * canonical pair x' = (|x_p|, 0, …), y' = |y| (μ, √(1 − μ²), 0, …) (same S values, hence same K).
 */
function buildRadial(
  arch: Architecture, params: ArchParams, points: readonly Point[], cutoff: number, shift: number, start: StartProgress, src: TableKernel,
): KernelTable {
  const d = params.dIn;
  const K = src.K, own = src.lastError;
  const eps = 2 * TABLE_KERNEL_REL_TOL;
  const b2 = params.sb * params.sb;
  const { y0, radius, T } = ranges(params, points, cutoff);
  const yOf = (t: number) => y0 * Math.tan(t);
  const tOf = (r: number) => Math.atan(r / y0);
  const at = (r: number, mu: number): number[] => {
    const y = new Array<number>(d).fill(0);
    y[0] = r * mu; y[1] = r * Math.sqrt(Math.max(0, 1 - mu * mu));
    return y;
  };
  const norms = points.map(norm);
  const progress = start(1 + new Set(norms).size);
  const Dt = chebyshevInterpolant((t) => { const y = at(yOf(t), 1); return K(y, y) - b2; }, 0, T, {
    relTol: TABLE_REL_TOL, maxPieces: TABLE_MAX_PIECES, sampleError: own ?? ((_t, v) => eps * Math.abs(v)),
  });
  const Dup = (t: number) => Math.max(0, Dt.value(t) + Dt.errorBound(t));
  progress.advance();
  // One table per distinct |x_p|.
  const tables = new Map<number, PiecewiseChebyshev2D>();
  let evaluations = Dt.evaluations;
  for (const a of norms) {
    if (tables.has(a)) continue;
    const x = at(a, 1);
    const Dx = K(x, x) - b2;
    const tab = chebyshevInterpolant2D((t, mu) => K(x, at(yOf(t), mu)) - shift, 0, T, -1, 1, {
      relTol: TABLE_REL_TOL, maxPatches: TABLE_MAX_PATCHES,
      sampleError: own ?? ((t) => eps * Math.sqrt(Math.max(0, Dx) * Dup(t))),
    });
    evaluations += tab.evaluations + 1;
    tables.set(a, tab);
    progress.advance();
  }
  const tabOf = norms.map((a) => tables.get(a)!);
  const units = points.map((x, p) => x.map((c) => (norms[p]! > 0 ? c / norms[p]! : 0)));
  // (θ, μ) of y seen from x_p (μ = 0 where y = 0 or x_p = 0: the line does not depend on μ there).
  // (θ, μ) of y seen from x_p, into cT, cMu (no allocation on the integrators' hot path);
  // μ = 0 where y = 0 or x_p = 0: the line does not depend on μ there.
  let cT = 0, cMu = 0;
  const coords = (p: number, y: ArrayLike<number>): void => {
    const r = norm(y);
    if (r === 0) { cT = 0; cMu = 0; return; }
    const u = units[p]!;
    let dot = 0;
    for (let i = 0; i < d; i++) dot += u[i]! * y[i]!;
    cT = tOf(r); cMu = Math.max(-1, Math.min(1, dot / r));
  };
  const vec = (y: number | ArrayLike<number>): ArrayLike<number> => {
    if (typeof y === 'number' || y.length !== d) throw new InvalidArgumentError(`kernel table points must have dimension d_in = ${d}`);
    return y;
  };
  const D = (y: number | ArrayLike<number>) => Math.max(0, Dt.value(tOf(norm(vec(y)))));
  return {
    value: (p, y) => { coords(p, vec(y)); return tabOf[p]!.value(cT, cMu); },
    error: (p, y) => { coords(p, vec(y)); return tabOf[p]!.errorBound(cT, cMu); },
    D,
    Derror: (y) => Dt.errorBound(tOf(norm(vec(y)))),
    selfLoop: (y) => D(y) + b2 - shift,
    radius,
    covers: (y) => norm(vec(y)) <= radius * (1 + 1e-12),
    evaluations,
    converged: Dt.converged && [...tables.values()].every((t) => t.converged),
  };
}
