/**
 * Fits of the couplings of an action to measured four-point functions
 * (CONVENTIONS §6; Halverson, Maiti, Stoner, arXiv:2008.08601 §5, Table 5).
 *
 * At first order every coupling monomial c enters linearly:
 *   ΔG4(x_i) = G4 − G4_GP ≈ Σ_c c · F_c(x_i),
 * where F_c is the term's value at unit coupling (coefficient × integral, e.g.
 * F = −24 ∫ Π K for λ f⁴ in the action convention §5). So the fit is linear least
 * squares on the unique index tuples of the training set.
 *
 * Sign: couplings come out in the action convention (ΔS = ∫ λ f⁴, ΔG4 ≈ −24 λ T).
 * The seed's Table 5 quotes the opposite sign (ΔG4 ≈ +λ0 T, so λ0 = −λ): both are
 * reported, the latter as `paper`.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { leastSquares, type LeastSquaresResult } from './lsq.js';
import { errorMetrics, type Metrics } from './metrics.js';

/** First-order features of an action on one input set: per unique index tuple, F_c for each coupling monomial c. */
export interface FeatureTable {
  /** Names of the unknowns, one per feature column (coupling monomials, e.g. "λ0", "λ2", "λNL"). */
  couplings: string[];
  rows: FeatureRow[];
}

/** One unique index tuple with its features. */
export interface FeatureRow {
  index: number[];
  /** F_c at unit coupling, in the order of `couplings`. */
  features: number[];
  /** Absolute error bounds of the features (quadrature), same order. */
  featureErrors?: number[];
}

/** Measured ΔG(n) per unique index tuple (exact: no stdError; sampled: with its standard error). */
export interface TargetRow {
  index: number[];
  value: number;
  stdError?: number;
}

/** A coupling as fitted: null where the data do not fix it on its own (degenerate fits). */
export interface FittedCoupling {
  value: number | null;
  stdError: number | null;
  determined: boolean;
  /**
   * With replicas (independent sampling runs): the least-squares formula's error,
   * which treats the tuples as independent although they share networks; `stdError`
   * is then the spread of the replica fits / √R, which is honest about correlations.
   */
  stdErrorFormula?: number | null;
}

/** A combination Σ_c coefficients[c]·c the data fix, with its value (both sign conventions). */
export interface CouplingCombination {
  coefficients: Record<string, number>;
  value: number;
  stdError: number | null;
  /** The same combination in the paper's sign convention (value negated). */
  paperValue: number;
  /** Readable form, e.g. "λ0 + 0.0123·λ2 = -6.2e-11 ± 1e-13" (action convention). */
  text: string;
}

/** Metrics on one input set, and whether its predictions are fixed by the data (always, unless degenerate). */
export interface SetMetrics extends Metrics {
  /** False when the set's feature rows leave the subspace the training data fix (prediction then depends on the arbitrary split). */
  determined: boolean;
}

/** Result of {@link fitCouplings}. */
export interface FitResult {
  /** Couplings in the action convention (CONVENTIONS §5). */
  couplings: Record<string, FittedCoupling>;
  /** Couplings in the seed's Table 5 convention (ΔG4 ≈ +λ0·T; value = −action value). */
  paper: Record<string, FittedCoupling>;
  degenerate: boolean;
  rank: number;
  condition: number;
  singularValues: number[];
  /** The combinations the training data fix (one per non-negligible singular value). */
  combinations: CouplingCombination[];
  train: SetMetrics;
  test?: SetMetrics;
  /** χ² with weights (sampled data) or the residual sum of squares, and m − rank. */
  chi2: number;
  dof: number;
  weighted: boolean;
  /** How `stdError` was obtained: the least-squares covariance, or the spread of fits to independent replicas. */
  errors: 'formula' | 'replicas';
  /** Number of replicas (when errors = 'replicas'). */
  replicas?: number;
  /** Raw least-squares result (minimum-norm coefficient vector etc.). */
  lsq: LeastSquaresResult;
}

/** Options of {@link fitCouplings}. */
export interface FitOptions {
  /** Test set (features and targets on the same unique tuples). */
  test?: { features: FeatureTable; targets: TargetRow[] };
  /**
   * Weight rows by 1/stdError (default: true when every training target has a
   * positive stdError, i.e. sampled data).
   */
  weighted?: boolean;
  /** Relative rank tolerance (see {@link leastSquares}). */
  rtol?: number;
}

/** Pairs features and targets by index tuple; throws when a tuple is missing. */
export function alignRows(features: FeatureTable, targets: readonly TargetRow[]): { A: number[][]; E?: number[][]; b: number[]; sigma: (number | undefined)[] } {
  const byKey = new Map(targets.map((t) => [t.index.join(','), t] as const));
  if (features.rows.length === 0) throw new InvalidArgumentError('fit: no feature rows');
  const A: number[][] = [], b: number[] = [], sigma: (number | undefined)[] = [];
  const E: number[][] = [];
  let haveErrors = true;
  for (const r of features.rows) {
    if (r.features.length !== features.couplings.length) throw new InvalidArgumentError(`fit: row ${r.index} has ${r.features.length} features for ${features.couplings.length} couplings`);
    const t = byKey.get(r.index.join(','));
    if (!t) throw new InvalidArgumentError(`fit: no measured value for index tuple (${r.index.join(',')})`);
    A.push(r.features.slice());
    b.push(t.value);
    sigma.push(t.stdError);
    if (r.featureErrors) E.push(r.featureErrors.slice());
    else haveErrors = false;
  }
  return { A, b, sigma, ...(haveErrors ? { E } : {}) };
}

/** Minimum-norm predictions Σ_c x_c F_c for the rows of a feature table. */
export function predictRows(features: FeatureTable, coefficients: readonly number[]): number[] {
  return features.rows.map((r) => r.features.reduce((acc, f, j) => acc + f * coefficients[j]!, 0));
}

/**
 * Fits the couplings to ΔG on the training tuples by least squares; reports
 * both sign conventions, rank, condition number, the determined combinations
 * and MAPE/MSE on the training (and test) sets.
 */
export function fitCouplings(features: FeatureTable, targets: readonly TargetRow[], opts: FitOptions = {}): FitResult {
  const names = features.couplings;
  if (names.length === 0) throw new InvalidArgumentError('fit: the action has no couplings to fit (use the M0 baseline instead)');
  const { A, b, sigma, E } = alignRows(features, targets);
  const allSigma = sigma.every((s) => s !== undefined && s > 0);
  const weighted = opts.weighted ?? allSigma;
  if (weighted && !allSigma) throw new InvalidArgumentError('fit: weighting needs a positive standard error on every training value');
  const lsq = leastSquares(A, b, {
    ...(weighted ? { sigma: sigma as number[] } : {}),
    ...(opts.rtol !== undefined ? { rtol: opts.rtol } : {}),
    ...(E ? { designErrors: E } : {}),
  });
  const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);
  const couplings: Record<string, FittedCoupling> = {};
  const paper: Record<string, FittedCoupling> = {};
  names.forEach((n, j) => {
    const det = lsq.determined[j]!;
    couplings[n] = { value: det ? lsq.coefficients[j]! : null, stdError: det ? finiteOrNull(lsq.stdErrors[j]!) : null, determined: det };
    paper[n] = { value: det ? -lsq.coefficients[j]! : null, stdError: couplings[n]!.stdError, determined: det };
  });
  const combinations = lsq.combinations.map((c) => {
    const coefficients = Object.fromEntries(names.map((n, j) => [n, c.coefficients[j]!]));
    const se = finiteOrNull(c.stdError);
    return { coefficients, value: c.value, stdError: se, paperValue: -c.value, text: combinationText(names, c.coefficients, c.value, se) };
  });
  const inSpan = spanTest(lsq);
  const trainPred = A.map((row) => row.reduce((acc, a, j) => acc + a * lsq.coefficients[j]!, 0));
  const train: SetMetrics = { ...errorMetrics(trainPred, b), determined: true };
  let test: SetMetrics | undefined;
  if (opts.test) {
    if (opts.test.features.couplings.join('\u0000') !== names.join('\u0000')) throw new InvalidArgumentError('fit: training and test features name different couplings');
    const t = alignRows(opts.test.features, opts.test.targets);
    test = { ...errorMetrics(predictRows(opts.test.features, lsq.coefficients), t.b), determined: t.A.every(inSpan) };
  }
  return {
    couplings, paper, degenerate: lsq.degenerate, rank: lsq.rank, condition: lsq.condition, singularValues: lsq.singularValues,
    combinations, train, ...(test ? { test } : {}), chi2: lsq.chi2, dof: lsq.dof, weighted, errors: 'formula', lsq,
  };
}

/**
 * Pools R independent replicas of the measured targets (same tuples): the mean per
 * tuple, with the standard error of that mean from the spread across replicas.
 */
export function poolReplicas(replicas: readonly (readonly TargetRow[])[]): TargetRow[] {
  const R = replicas.length;
  if (R < 2) throw new InvalidArgumentError(`pooling needs at least two replicas, got ${R}`);
  const first = replicas[0]!;
  return first.map((t, i) => {
    const vals = replicas.map((rep) => {
      const u = rep[i];
      if (!u || u.index.join(',') !== t.index.join(',')) throw new InvalidArgumentError('replicas list different index tuples');
      return u.value;
    });
    const mean = vals.reduce((a, b) => a + b, 0) / R;
    const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / (R - 1));
    return { index: t.index, value: mean, stdError: sd / Math.sqrt(R) };
  });
}

/**
 * Fit to the pooled replicas, with coupling errors from the spread of the fits
 * to each replica (std/√R). The replicas share nothing, so this error is honest
 * even though, within one replica, all tuples share the same networks and their
 * errors are strongly correlated (which the least-squares formula ignores).
 */
export function fitReplicas(features: FeatureTable, replicas: readonly (readonly TargetRow[])[], opts: FitOptions = {}): FitResult {
  const pooled = poolReplicas(replicas);
  const R = replicas.length;
  const base = fitCouplings(features, pooled, opts);
  const sigma = pooled.map((t) => t.stdError! * Math.sqrt(R));
  const xs = replicas.map((rep) => {
    const rows = rep.map((t, i) => ({ index: t.index, value: t.value, ...(base.weighted ? { stdError: sigma[i]! } : {}) }));
    return fitCouplings(features, rows, { ...(opts.rtol !== undefined ? { rtol: opts.rtol } : {}), weighted: base.weighted }).lsq.coefficients;
  });
  const spread = (f: (x: number[]) => number) => {
    const v = xs.map(f);
    const m = v.reduce((a, b) => a + b, 0) / R;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (R - 1) / R);
  };
  const names = features.couplings;
  const couplings: Record<string, FittedCoupling> = {}, paper: Record<string, FittedCoupling> = {};
  names.forEach((n, j) => {
    const c = base.couplings[n]!;
    const se = c.determined ? spread((x) => x[j]!) : null;
    couplings[n] = { ...c, stdError: se, stdErrorFormula: c.stdError };
    paper[n] = { ...base.paper[n]!, stdError: se, stdErrorFormula: c.stdError };
  });
  const combinations = base.combinations.map((c) => {
    const coef = names.map((n) => c.coefficients[n]!);
    const se = spread((x) => x.reduce((a, v, j) => a + v * coef[j]!, 0));
    return { ...c, stdError: se, text: combinationText(names, coef, c.value, se) };
  });
  return { ...base, couplings, paper, combinations, errors: 'replicas', replicas: R };
}

/**
 * Whether a feature row's prediction is fixed by the fitted data: the row, as a
 * linear functional on the couplings, must lie in the span of the determined
 * combinations (relative out-of-span part below 1e-6).
 */
function spanTest(lsq: LeastSquaresResult): (row: readonly number[]) => boolean {
  const basis = orthonormalise(lsq.combinations.map((c) => c.coefficients));
  return (row) => {
    const norm = Math.hypot(...row);
    if (norm === 0) return true;
    const r = row.slice();
    for (const q of basis) {
      const d = q.reduce((acc, v, j) => acc + v * r[j]!, 0);
      for (let j = 0; j < r.length; j++) r[j]! -= d * q[j]!;
    }
    return Math.hypot(...r) <= 1e-6 * norm;
  };
}

function orthonormalise(vs: number[][]): number[][] {
  const out: number[][] = [];
  for (const v of vs) {
    const r = v.slice();
    for (const q of out) {
      const d = q.reduce((acc, x, j) => acc + x * r[j]!, 0);
      for (let j = 0; j < r.length; j++) r[j]! -= d * q[j]!;
    }
    const n = Math.hypot(...r);
    if (n > 0) out.push(r.map((x) => x / n));
  }
  return out;
}

/** "λ0 + 0.0123·λ2 − 4.5·λNL = v ± e", coefficients below 1e-12 dropped. */
export function combinationText(names: readonly string[], coefficients: readonly number[], value: number, stdError: number | null): string {
  const parts: string[] = [];
  names.forEach((n, j) => {
    const c = coefficients[j]!;
    if (Math.abs(c) < 1e-12) return;
    const mag = Math.abs(c);
    const term = Math.abs(mag - 1) < 1e-12 ? n : `${fmt(mag)}·${n}`;
    parts.push(parts.length === 0 ? (c < 0 ? `−${term}` : term) : `${c < 0 ? '−' : '+'} ${term}`);
  });
  return `${parts.join(' ')} = ${fmt(value)}${stdError !== null ? ` ± ${fmt(stdError)}` : ''}`;
}

/** Compact number formatting for tables (`digits` significant digits, default 4). */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1);
}
