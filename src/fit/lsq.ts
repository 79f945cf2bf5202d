/**
 * Weighted linear least squares with a rank-revealing decomposition, for
 * fitting couplings that enter the first-order EFT prediction linearly
 * (CONVENTIONS §6; Halverson, Maiti, Stoner, arXiv:2008.08601 §5, Table 5).
 *
 * The paper fitted by gradient descent; the models are linear in the couplings,
 * so least squares is exact. Where features are collinear (ReLU-net, σ_b = 0,
 * positive inputs: every feature ∝ x1x2x3x4) only some combinations of the
 * couplings are fixed by the data: this module detects that from the singular
 * values and reports the combinations that ARE determined, never an arbitrary
 * split.
 *
 * The SVD is a hand-written one-sided Jacobi (Hestenes) SVD: there is no small,
 * maintained, accurate JS library for it, and one-sided Jacobi computes small
 * singular values to high relative accuracy, which is what rank detection needs.
 */
import { InvalidArgumentError, NotConvergedError } from '../core/errors.js';

/** Thin SVD A = U diag(s) Vᵀ of an m×p matrix: U m×p (columns orthonormal where s > 0), s descending, V p×p orthogonal. */
export interface Svd {
  U: number[][];
  s: number[];
  V: number[][];
}

/**
 * One-sided Jacobi SVD of an m×p matrix (any shape; columns of U belonging to
 * zero singular values are zero vectors). Rotations are applied until every
 * pair of columns is orthogonal to machine precision.
 */
export function jacobiSvd(A: readonly (readonly number[])[], maxSweeps = 60): Svd {
  const m = A.length;
  if (m === 0) throw new InvalidArgumentError('SVD of an empty matrix');
  const p = A[0]!.length;
  for (const row of A) {
    if (row.length !== p) throw new InvalidArgumentError('SVD: rows of different lengths');
    if (!row.every(Number.isFinite)) throw new InvalidArgumentError('SVD: matrix has non-finite entries');
  }
  // Work on columns: W[j] is column j of A (then of U·diag(s)).
  const W: number[][] = Array.from({ length: p }, (_, j) => A.map((r) => r[j]!));
  const V: number[][] = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, i) => (i === j ? 1 : 0)));
  const eps = 2.220446049250313e-16;
  // Columns below ε·‖A‖_F are round-off (rank deficiency, wide matrices): rotating them against
  // the others only stirs noise and would never satisfy the orthogonality test.
  let frob2 = 0;
  for (const row of A) for (const v of row) frob2 += v * v;
  const negligible = (eps * eps * frob2) * 100;
  let converged = p < 2;
  for (let sweep = 0; sweep < maxSweeps && !converged; sweep++) {
    converged = true;
    for (let j = 0; j < p - 1; j++) {
      for (let k = j + 1; k < p; k++) {
        const a = W[j]!, b = W[k]!;
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += a[i]! * a[i]!;
          beta += b[i]! * b[i]!;
          gamma += a[i]! * b[i]!;
        }
        if (gamma === 0 || alpha <= negligible || beta <= negligible || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
        converged = false;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < m; i++) {
          const x = a[i]!, y = b[i]!;
          a[i] = c * x - s * y;
          b[i] = s * x + c * y;
        }
        const vj = V[j]!, vk = V[k]!;
        for (let i = 0; i < p; i++) {
          const x = vj[i]!, y = vk[i]!;
          vj[i] = c * x - s * y;
          vk[i] = s * x + c * y;
        }
      }
    }
  }
  if (!converged) throw new NotConvergedError(`Jacobi SVD did not converge in ${maxSweeps} sweeps`);
  const norms = W.map(norm2);
  const order = norms.map((_, j) => j).sort((x, y) => norms[y]! - norms[x]!);
  const s = order.map((j) => norms[j]!);
  // V is stored by columns (V[j] = j-th right singular vector); transpose into rows for the caller.
  const Vcols = order.map((j) => V[j]!);
  const Vrows = Array.from({ length: p }, (_, i) => Vcols.map((v) => v[i]!));
  const Ucols = order.map((j) => W[j]!.map((x) => (norms[j]! > 0 ? x / norms[j]! : 0)));
  const U = Array.from({ length: m }, (_, i) => Ucols.map((u) => u[i]!));
  return { U, s, V: Vrows };
}

/** A linear combination of the unknowns that the data determine: Σ_j coefficients[j]·x_j = value ± stdError. */
export interface DeterminedCombination {
  /** Coefficients over the unknowns, scaled so the first non-negligible one (|c| > 1e-8·max) is +1. */
  coefficients: number[];
  value: number;
  /** Standard error of `value` (NaN when it cannot be estimated: no degrees of freedom and no weights). */
  stdError: number;
  /** The singular value of the column-normalised (weighted) design matrix along this direction. */
  singularValue: number;
}

/** Options of {@link leastSquares}. */
export interface LeastSquaresOptions {
  /**
   * Standard errors σ_i of the targets (sampled data): rows are weighted by
   * 1/σ_i and the coefficient covariance is (AᵀΣ⁻¹A)⁻¹. Without them rows are
   * unweighted and the covariance is scaled by the residual variance RSS/(m − rank).
   */
  sigma?: readonly number[];
  /** Relative rank tolerance on the singular values of the column-normalised design matrix (default 1e-7). */
  rtol?: number;
  /**
   * Absolute error bounds of the design matrix entries (e.g. quadrature errors
   * of the features). Singular values below 3·‖E‖_F (weighted, column-normalised;
   * Weyl: an error E moves singular values by at most ‖E‖₂ ≤ ‖E‖_F) count as zero.
   */
  designErrors?: readonly (readonly number[])[];
}

/** Result of {@link leastSquares}. */
export interface LeastSquaresResult {
  /**
   * Minimum-norm solution (in column-normalised units). Where `degenerate`, only
   * the entries flagged in `determined` and the `combinations` are fixed by the data.
   */
  coefficients: number[];
  /** Standard errors of the coefficients (NaN where undetermined or not estimable). */
  stdErrors: number[];
  /** Covariance of the coefficients restricted to the determined subspace. */
  covariance: number[][];
  /** Per unknown: whether the data fix it on its own. */
  determined: boolean[];
  rank: number;
  /** True when rank < number of unknowns. */
  degenerate: boolean;
  /** s_max / s_min of the column-normalised weighted design matrix (Infinity when degenerate). */
  condition: number;
  /** All singular values of the column-normalised weighted design matrix, descending. */
  singularValues: number[];
  /** Rank cut: singular values at or below it count as zero. */
  tolerance: number;
  /** The determined directions (one per non-negligible singular value). */
  combinations: DeterminedCombination[];
  /** Residuals b − A x (unweighted). */
  residuals: number[];
  /** Σ (residual_i / σ_i)² with weights, or the residual sum of squares without. */
  chi2: number;
  /** m − rank. */
  dof: number;
}

/**
 * Solves min_x Σ_i ((A x − b)_i / σ_i)² by SVD of the weighted, column-normalised
 * design matrix. Column normalisation makes the rank test and condition number
 * independent of the units of each coupling.
 */
export function leastSquares(A: readonly (readonly number[])[], b: readonly number[], opts: LeastSquaresOptions = {}): LeastSquaresResult {
  const m = A.length;
  if (m === 0) throw new InvalidArgumentError('least squares: no data rows');
  const p = A[0]!.length;
  if (p === 0) throw new InvalidArgumentError('least squares: no unknowns');
  if (b.length !== m) throw new InvalidArgumentError(`least squares: ${m} rows but ${b.length} targets`);
  if (!b.every(Number.isFinite)) throw new InvalidArgumentError('least squares: non-finite target');
  const sigma = opts.sigma;
  if (sigma) {
    if (sigma.length !== m) throw new InvalidArgumentError(`least squares: ${m} rows but ${sigma.length} standard errors`);
    if (!sigma.every((s) => Number.isFinite(s) && s > 0)) {
      throw new InvalidArgumentError('least squares: standard errors must be positive and finite (a zero error cannot weight a fit)');
    }
  }
  const rtol = opts.rtol ?? 1e-7;
  if (!(rtol > 0 && rtol < 1)) throw new InvalidArgumentError(`least squares: rtol must lie in (0, 1), got ${rtol}`);
  const w = Array.from({ length: m }, (_, i) => (sigma ? 1 / sigma[i]! : 1));
  const Aw = A.map((row, i) => {
    if (row.length !== p) throw new InvalidArgumentError('least squares: rows of different lengths');
    return row.map((a) => a * w[i]!);
  });
  const bw = b.map((x, i) => x * w[i]!);
  // Column scales D_j = ‖column j‖; an all-zero column keeps scale 1 (its unknown is undetermined).
  const D = Array.from({ length: p }, (_, j) => {
    const n = norm2(Aw.map((r) => r[j]!));
    return n > 0 ? n : 1;
  });
  const As = Aw.map((r) => r.map((a, j) => a / D[j]!));
  const { U, s, V } = jacobiSvd(As);
  let noise = 0;
  if (opts.designErrors) {
    const E = opts.designErrors;
    if (E.length !== m || E.some((r) => r.length !== p)) throw new InvalidArgumentError('least squares: designErrors must have the shape of A');
    for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) noise += (Math.abs(E[i]![j]!) * w[i]! / D[j]!) ** 2;
    noise = 3 * Math.sqrt(noise);
  }
  const tolerance = Math.max(rtol * (s[0] ?? 0), noise, Number.MIN_VALUE);
  const rank = s.filter((x) => x > tolerance).length;
  // Projections of the weighted target on the left singular vectors.
  const ub = s.map((_, k) => U.reduce((acc, row, i) => acc + row[k]! * bw[i]!, 0));
  const y = new Array<number>(p).fill(0);
  for (let k = 0; k < rank; k++) for (let j = 0; j < p; j++) y[j]! += (V[j]![k]! * ub[k]!) / s[k]!;
  const x = y.map((v, j) => v / D[j]!);
  const residuals = b.map((bi, i) => bi - A[i]!.reduce((acc, a, j) => acc + a * x[j]!, 0));
  const chi2 = residuals.reduce((acc, r, i) => acc + (r * w[i]!) ** 2, 0);
  const dof = m - rank;
  // Scale: 1 with true weights; the residual variance without (NaN with no degrees of freedom).
  const scale = sigma ? 1 : dof > 0 ? chi2 / dof : NaN;
  const covariance = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, c) => {
      let acc = 0;
      for (let k = 0; k < rank; k++) acc += (V[a]![k]! * V[c]![k]!) / (s[k]! * s[k]!);
      return (scale * acc) / (D[a]! * D[c]!);
    }),
  );
  // Unknown j is fixed on its own iff e_j lies in the span of the determined right singular vectors.
  const determined = Array.from({ length: p }, (_, j) => {
    let outside = 0;
    for (let k = rank; k < p; k++) outside += V[j]![k]! ** 2;
    return outside < 1e-10;
  });
  const stdErrors = covariance.map((row, j) => (determined[j] ? Math.sqrt(Math.max(row[j]!, 0)) : NaN));
  const combinations: DeterminedCombination[] = [];
  for (let k = 0; k < rank; k++) {
    // y = D x, so v_kᵀ y = Σ_j (D_j V_jk) x_j, fixed by the data at ub_k / s_k with variance scale / s_k².
    const c = Array.from({ length: p }, (_, j) => D[j]! * V[j]![k]!);
    // Normalise to the first unknown that takes part (so the Table 5 models read "λ0 + a·λ2 + b·λNL = v").
    const cmax = Math.max(...c.map(Math.abs));
    const big = c.find((v) => Math.abs(v) > 1e-8 * cmax)!;
    combinations.push({
      coefficients: c.map((v) => v / big),
      value: ub[k]! / s[k]! / big,
      stdError: Math.sqrt(scale) / s[k]! / Math.abs(big),
      singularValue: s[k]!,
    });
  }
  return {
    coefficients: x,
    stdErrors,
    covariance,
    determined,
    rank,
    degenerate: rank < p,
    condition: rank < p ? Infinity : s[0]! / s[p - 1]!,
    singularValues: s,
    tolerance,
    combinations,
    residuals,
    chi2,
    dof,
  };
}

/** Euclidean norm, scaled against overflow and underflow (a loop: no argument-count limit). */
function norm2(v: readonly number[]): number {
  let big = 0;
  for (const x of v) big = Math.max(big, Math.abs(x));
  if (big === 0 || !Number.isFinite(big)) return big;
  let s = 0;
  for (const x of v) s += (x / big) ** 2;
  return big * Math.sqrt(s);
}
