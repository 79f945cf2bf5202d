/**
 * Tabulated numeric kernels for predictions (CONVENTIONS §2, §5; Halverson,
 * Maiti, Stoner, arXiv:2008.08601 §4): where K has no closed form (tanh-net,
 * generic activations) each value costs a 2-D Gaussian quadrature (1–10 ms),
 * while a prediction needs K(x_p, y) only along lines y ↦ K(x_p, y) with x_p a
 * fixed input point, and the self-loop D(y) = K(y, y) − σ_b². For d_in = 1 we
 * build, once per input point, an adaptive piecewise Chebyshev interpolant
 * (src/integrate/chebyshev.ts) of each in the variable θ, y = y₀ tan θ with
 * y₀ = σ_b/σ_W (the scale where S(y, y) = σ_b² + σ_W² y² turns from constant to
 * quadratic): K(x, ·) approaches its limits as y → ±∞ with corrections in 1/y,
 * smooth in θ, so one degree-64 piece typically covers all of [−Λ, Λ].
 *
 * Error bound of a tabulated value: the interpolant's bound (coefficient tail,
 * check points, and the samples' own kernel errors times the Lebesgue constant).
 * The samples are computed at a tighter kernel tolerance than the direct path
 * ({@link TABLE_KERNEL_REL_TOL}) so that the table's bound stays at the direct
 * path's level.
 *
 * Symmetry (any φ that ignores x, i.e. `phi` declared with exactly one parameter): K
 * depends on x, y only through S(x,x), S(y,y), S(x,y), all unchanged by
 * (x, y) → (−x, −y) in d_in = 1; so D is even (tabulated on [0, Λ]) and the
 * line of −x_p is the mirror image of the line of x_p (tabulated once).
 * d_in > 1 (K depends on |y|² and x·y: a 2-D table) and Λ = ∞
 * (the ends of the θ range) keep the direct path.
 */
import type { Point } from '../core/inputs.js';
import { chebyshevInterpolant, type PiecewiseChebyshev } from '../integrate/chebyshev.js';
import { numericKernel } from '../kernels/kernel.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { phaseReporter, type ProgressCallback } from '../core/progress.js';

/** Relative tolerance of the kernel samples behind a table (the direct path uses 1e-9). */
export const TABLE_KERNEL_REL_TOL = 1e-10;

/** Relative tolerance of the interpolants against the largest |value| on a piece. */
const TABLE_REL_TOL = 1e-11;

/** Most pieces per line: beyond it the table is not worth its samples (the caller falls back to the direct path). */
const TABLE_MAX_PIECES = 32;

/** Kernel lines tabulated for one prediction (d_in = 1, finite cutoff). */
export interface KernelTable {
  /** The propagator P(x_p, y) (K or K − σ_b²) from input point p. */
  value(p: number, y: number): number;
  /** Bound on |P(x_p, y) − value(p, y)| (interpolation plus the kernel's own error). */
  error(p: number, y: number): number;
  /** D(y) = K(y, y) − σ_b² (≥ 0). */
  D(y: number): number;
  /** Bound on |D(y) − D_true(y)|. */
  Derror(y: number): number;
  /** Kernel evaluations spent building the table. */
  readonly evaluations: number;
  /** Whether every interpolant met its tolerance. */
  readonly converged: boolean;
}

/**
 * Builds the tables of P(x_p, ·) = K(x_p, ·) − shift for every input point and
 * of D over [−Λ, Λ] (d_in = 1, Λ finite). `eps` is the relative error bound
 * of a sample, against σ_W² E|φφ'| ≤ √(D(x) D(y)) (CONVENTIONS §2). Pieces end
 * at the kinks of K(x_p, ·) where φ has kinks (y = 0, y = x_p, and where
 * S(x_p, y) = 0). Deterministic. Throws NOT_CONVERGED when a kernel sample
 * misses its tolerance; `converged` is false when an interpolant does.
 * `onProgress` (phase "kernel table") counts the tabulated functions: D, then each line built.
 */
export function buildKernelTable(
  arch: Architecture, params: ArchParams, points: readonly Point[], cutoff: number, shift: number,
  onProgress?: ProgressCallback,
): KernelTable {
  const K = numericKernel(arch, params, TABLE_KERNEL_REL_TOL);
  const eps = 2 * TABLE_KERNEL_REL_TOL; // outer and inner integrals each contribute up to the tolerance
  const b2 = params.sb * params.sb;
  const y0 = params.sb > 0 && params.sW > 0 ? params.sb / params.sW : 1;
  const T = Math.atan(cutoff / y0);
  const yOf = (t: number) => y0 * Math.tan(t);
  const tOf = (y: number) => Math.atan(y / y0);
  const kinky = arch.kinks !== undefined;
  const bpsFor = (xs: number[]) => (kinky ? xs.filter((y) => Number.isFinite(y) && Math.abs(y) < cutoff).map(tOf) : []);
  // φ(z; x) that cannot see x (one declared parameter): the (x, y) → (−x, −y) symmetry holds.
  const mirror = arch.phi.length === 1;
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
  const progress = phaseReporter(onProgress, 'kernel table', 1 + source.filter((s, p) => s.q === p).length);
  function tabulate() {
    // The self-loop first: its values bound the samples' errors of the lines.
    const Dt = chebyshevInterpolant((t) => { const y = yOf(t); return K([y], [y]) - b2; }, mirror ? 0 : -T, T, {
      relTol: TABLE_REL_TOL, breakpoints: bpsFor([0]), maxPieces: TABLE_MAX_PIECES, sampleError: (_t, v) => eps * Math.abs(v),
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
        sampleError: (t) => eps * Math.sqrt(Math.max(0, Dx) * Dup(t)),
      });
      progress.advance();
      return line;
    });
    return { Dt, Dat, lines };
  }
  // The phase ends also when a sample misses its tolerance (NOT_CONVERGED: the caller falls back to the direct path).
  let built: { Dt: PiecewiseChebyshev; Dat: (t: number) => number; lines: (PiecewiseChebyshev | undefined)[] };
  try {
    built = tabulate();
  } finally {
    progress.end();
  }
  const { Dt, Dat, lines } = built;
  const evaluations = Dt.evaluations + lines.reduce((s, l) => s + (l ? l.evaluations + 1 : 0), 0);
  const lineOf = source.map(({ q }) => lines[q]!), signOf = source.map(({ sign }) => sign);
  return {
    value: (p, y) => lineOf[p]!.value(signOf[p]! * tOf(y)),
    error: (p, y) => lineOf[p]!.errorBound(signOf[p]! * tOf(y)),
    D: (y) => Math.max(0, Dt.value(Dat(tOf(y)))),
    Derror: (y) => Dt.errorBound(Dat(tOf(y))),
    evaluations,
    converged: Dt.converged && lines.every((l) => !l || l.converged),
  };
}
