/**
 * Renormalisation-group flow of a quartic coupling with the cutoff Λ
 * (CONVENTIONS §7; Halverson, Maiti, Stoner, arXiv:2008.08601 §5).
 *
 * Per element, λ(Λ) = ΔG4 / (24 ∫_{−Λ}^{Λ} Π K_EFT(x_i, y) dy) (paper sign; the
 * action's coupling is its negative); the fitted λ(Λ) is the least-squares value
 * over all elements at that cutoff. β(λ) = dλ/d log Λ is read from the slope of
 * log|λ| against log Λ. The physical statement is dG/d log Λ = 0: with λ(Λ)
 * running, the predicted correlators must not move with Λ.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { fitCouplings, type FeatureTable, type TargetRow } from './fit.js';
import { logLogSlope, type Regression } from '../core/regression.js';

/** Features of the single-coupling action (e.g. λ f⁴, F = −24 ∫ Π K_EFT) at one cutoff. */
export interface CutoffFeatures {
  cutoff: number;
  features: FeatureTable;
}

/** λ at one cutoff. */
export interface RgPoint {
  cutoff: number;
  /** Fitted λ, paper sign (ΔG4 ≈ +λ·24∫ΠK). */
  lambda: number;
  stdError: number | null;
  /** Fitted λ in the action convention (= −lambda). */
  lambdaAction: number;
  /** Per-element λ(Λ) = −ΔG4 / F (paper sign), in the order of the feature rows. */
  perElement: number[];
  /** MAPE (%) of the fitted λ·F against ΔG4 at this cutoff. */
  mape: number;
}

/** Result of {@link rgFlow}. */
export interface RgResult {
  /** Slope of log|λ_fit| against log Λ: the exponent of λ ∝ Λ^slope; β(λ) = slope·λ. */
  slope: number;
  r2: number;
  slopeStdError: number;
  /** Slopes of the per-element λ(Λ): their range over the elements. */
  elementSlopes: { min: number; max: number; mean: number };
  points: RgPoint[];
  /**
   * max over elements of (max_Λ − min_Λ of the predicted ΔG4 = λ_fit(Λ)·F(Λ)) / |ΔG4 measured|,
   * over elements whose ΔG4 is not zero up to round-off: ~0 when the running of λ keeps the
   * prediction fixed (dG/d log Λ = 0); large when one coupling cannot follow the change of shape.
   */
  predictedSpread: number;
  /** The median over elements of the same ratio. */
  predictedSpreadMedian: number;
  /** The same spread with λ frozen at its value at the first cutoff: how much G would run without the flow. */
  frozenSpread: number;
  regression: Regression;
}

/**
 * The RG flow from ΔG4 measurements and the features of a one-coupling action
 * at each cutoff (all tables on the same index tuples).
 */
export function rgFlow(targets: readonly TargetRow[], perCutoff: readonly CutoffFeatures[]): RgResult {
  if (perCutoff.length < 2) throw new InvalidArgumentError('RG flow needs at least two cutoffs');
  for (const c of perCutoff) {
    if (!(Number.isFinite(c.cutoff) && c.cutoff > 0)) throw new InvalidArgumentError(`RG flow needs finite positive cutoffs, got ${c.cutoff}`);
    if (c.features.couplings.length !== 1) {
      throw new InvalidArgumentError(`RG flow follows one coupling; the action has ${c.features.couplings.length} (${c.features.couplings.join(', ')})`);
    }
  }
  const byKey = new Map(targets.map((t) => [t.index.join(','), t] as const));
  const keys = perCutoff[0]!.features.rows.map((r) => r.index.join(','));
  for (const c of perCutoff) {
    if (c.features.rows.length !== keys.length || c.features.rows.some((r, i) => r.index.join(',') !== keys[i])) {
      throw new InvalidArgumentError('RG flow: feature tables of different cutoffs list different index tuples');
    }
  }
  const points: RgPoint[] = perCutoff.map(({ cutoff, features }) => {
    const fit = fitCouplings(features, targets);
    const c = fit.couplings[features.couplings[0]!]!;
    if (c.value === null) throw new InvalidArgumentError(`RG flow: the coupling is not determined at cutoff ${cutoff} (all features vanish)`);
    const perElement = features.rows.map((r) => {
      const t = byKey.get(r.index.join(','))!;
      return r.features[0] === 0 ? NaN : -t.value / r.features[0]!;
    });
    return { cutoff, lambda: -c.value, stdError: c.stdError, lambdaAction: c.value, perElement, mape: fit.train.mape };
  });
  const L = points.map((p) => p.cutoff);
  const regression = logLogSlope(L, points.map((p) => p.lambda));
  const nEl = points[0]!.perElement.length;
  const slopes: number[] = [];
  for (let e = 0; e < nEl; e++) {
    const ys = points.map((p) => p.perElement[e]!);
    if (ys.every((y) => Number.isFinite(y) && y !== 0)) slopes.push(logLogSlope(L, ys).slope);
  }
  const measured = points[0]!.perElement.map((_, e) => byKey.get(keys[e]!)!.value);
  const floor = 1e-12 * measured.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const ratios = (lam: (i: number) => number) => {
    const out: number[] = [];
    for (let e = 0; e < nEl; e++) {
      if (!(Math.abs(measured[e]!) > floor)) continue;
      const g = perCutoff.map((c, i) => lam(i) * c.features.rows[e]!.features[0]!);
      out.push((Math.max(...g) - Math.min(...g)) / Math.abs(measured[e]!));
    }
    return out.sort((a, b) => a - b);
  };
  const running = ratios((i) => points[i]!.lambdaAction), frozen = ratios(() => points[0]!.lambdaAction);
  const max = (xs: number[]) => (xs.length ? xs[xs.length - 1]! : NaN);
  const median = (xs: number[]) => (xs.length ? xs[Math.floor((xs.length - 1) / 2)]! : NaN);
  return {
    slope: regression.slope,
    r2: regression.r2,
    slopeStdError: regression.slopeStdError,
    elementSlopes: slopes.length
      ? { min: Math.min(...slopes), max: Math.max(...slopes), mean: slopes.reduce((a, b) => a + b, 0) / slopes.length }
      : { min: NaN, max: NaN, mean: NaN },
    points,
    predictedSpread: max(running),
    predictedSpreadMedian: median(running),
    frozenSpread: max(frozen),
    regression,
  };
}
