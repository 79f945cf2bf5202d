/**
 * The fit workflows — fit, validate (G4 test + G6 prediction), RG flow — over
 * injected engines, so the same code runs on exact correlators, sampled ones,
 * a sampler's JSON file, or closed forms in tests (CONVENTIONS §5–7;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §5).
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { sixPointTargetsFromEntries, targetsFromEntries, type CorrelatorEntryLike } from './adapters.js';
import { fitCouplings, fitReplicas, poolReplicas, predictRows, type FeatureTable, type FitResult, type TargetRow } from './fit.js';
import { rgFlow, type RgResult } from './rg.js';
import { lookupBySortedIndex, sixPointComparison, sumOverSpectators, type SixPointResult } from './sixpoint.js';

/** What a fit workflow needs from the rest of nnqft; every method sees one architecture, width and propagator. */
export interface FitEngines {
  /** First-order features (terms at unit coupling) of the action for G(n) on the unique n-tuples of `points`. */
  features(n: number, points: Point[], cutoff: number): Promise<FeatureTable> | FeatureTable;
  /** Measured correlators (exact or sampled) on the unique n-tuples of `points`, for each requested n. */
  correlators(points: Point[], ns: number[]): Promise<Map<number, CorrelatorEntryLike[]>> | Map<number, CorrelatorEntryLike[]>;
  /** The full GP kernel matrix K(x_i, x_j) (the network's exact G2). */
  kernel(points: Point[]): number[][];
  /**
   * Sampled data only: independent replicas of the measurement (separate seeds).
   * When present, fits use the pooled replicas and take coupling errors from the
   * spread of per-replica fits.
   */
  replicas?(points: Point[], ns: number[]): Promise<Map<number, CorrelatorEntryLike[]>[]>;
}

/** Options of {@link fitAction}. */
export interface FitActionOptions {
  train: Point[];
  test?: Point[];
  cutoff: number;
  rtol?: number;
  /** Weight by the measured errors (default: when the data carry errors). */
  weighted?: boolean;
}

/** Targets ΔG(n) of one n from an engine's answer. */
async function targetsFor(engines: FitEngines, points: Point[], n: number): Promise<TargetRow[]> {
  const m = await engines.correlators(points, [n]);
  const e = m.get(n);
  if (!e) throw new InvalidArgumentError(`no ${n}-point data`);
  return targetsFromEntries(e);
}

/** Fits the action's couplings to ΔG4 on the training set; metrics on training and test sets. */
export async function fitAction(engines: FitEngines, o: FitActionOptions): Promise<FitResult> {
  const opts = {
    ...(o.rtol !== undefined ? { rtol: o.rtol } : {}),
    ...(o.weighted !== undefined ? { weighted: o.weighted } : {}),
  };
  const fTrain = await engines.features(4, o.train, o.cutoff);
  const fTest = o.test ? await engines.features(4, o.test, o.cutoff) : undefined;
  if (engines.replicas) {
    const reps = await replicaTargets(engines, o.train, 4);
    const test = o.test && fTest ? { features: fTest, targets: poolReplicas(await replicaTargets(engines, o.test, 4)) } : undefined;
    return fitReplicas(fTrain, reps, { ...opts, ...(test ? { test } : {}) });
  }
  const tTrain = await targetsFor(engines, o.train, 4);
  const test = o.test && fTest ? { features: fTest, targets: await targetsFor(engines, o.test, 4) } : undefined;
  return fitCouplings(fTrain, tTrain, { ...opts, ...(test ? { test } : {}) });
}

async function replicaTargets(engines: FitEngines, points: Point[], n: number): Promise<TargetRow[][]> {
  const reps = await engines.replicas!(points, [n]);
  return reps.map((m) => {
    const e = m.get(n);
    if (!e) throw new InvalidArgumentError(`no ${n}-point data in a replica`);
    return targetsFromEntries(e);
  });
}

/** Result of {@link validateAction}: the G4 fit and the G6 prediction on the test set. */
export interface ValidateResult {
  fit: FitResult;
  g6: SixPointResult;
  /** Whether the six-point prediction is fixed by the data (false for a degenerate fit whose test directions leave the fitted span). */
  g6Determined: boolean;
}

/**
 * Fits on the training set's ΔG4, then on the test set compares ΔG4 and predicts
 * ΔG6 from the same couplings. The predicted G6 is the engines' first-order G6
 * features (n = 6) times the couplings; its O(1/N) part Σ_15 K·ΔG4_pred is
 * computed here with the full kernel, the remainder is the predicted connected part.
 * `o.fit`, when given, must be fitAction(engines, o): it is used instead of fitting again.
 */
export async function validateAction(engines: FitEngines, o: FitActionOptions & { test: Point[]; fit?: FitResult }): Promise<ValidateResult> {
  // A caller that already holds fitAction(engines, o) (same engines and options) passes it to skip the refit.
  const fit = o.fit ?? await fitAction(engines, o);
  const [f4, data, f6] = await Promise.all([
    engines.features(4, o.test, o.cutoff),
    engines.correlators(o.test, [4, 6]),
    engines.features(6, o.test, o.cutoff),
  ]);
  const e4 = data.get(4), e6 = data.get(6);
  if (!e4 || !e6) throw new InvalidArgumentError('validate needs 4- and 6-point data on the test set');
  const x = fit.lsq.coefficients;
  if (f6.couplings.join('\u0000') !== f4.couplings.join('\u0000')) {
    throw new InvalidArgumentError(`G6 features name couplings (${f6.couplings.join(', ')}) other than the G4 fit (${f4.couplings.join(', ')})`);
  }
  const p4 = predictRows(f4, x), p6 = predictRows(f6, x);
  const d4Pred = lookupBySortedIndex(f4.rows.map((r, i) => ({ index: r.index, value: p4[i]! })));
  const d4Data = lookupBySortedIndex(targetsFromEntries(e4));
  const K = engines.kernel(o.test);
  const total6 = new Map(f6.rows.map((r, i) => [r.index.slice().sort((a, b) => a - b).join(','), p6[i]!] as const));
  const connectedPred = (idx6: number[]) => {
    const t = total6.get(idx6.join(','));
    if (t === undefined) throw new InvalidArgumentError(`no six-point features for (${idx6.join(',')})`);
    return t - sumOverSpectators(K, idx6, d4Pred);
  };
  const g6 = sixPointComparison({ K, targets: sixPointTargetsFromEntries(e6), delta4Pred: d4Pred, delta4Data: d4Data, connectedPred });
  return { fit, g6, g6Determined: fit.test?.determined ?? true };
}

/** RG flow of a one-coupling action over a list of cutoffs (CONVENTIONS §7). */
export async function rgAction(engines: FitEngines, o: { points: Point[]; cutoffs: number[] }): Promise<RgResult> {
  const targets = await targetsFor(engines, o.points, 4);
  const perCutoff = [];
  for (const cutoff of o.cutoffs) perCutoff.push({ cutoff, features: await engines.features(4, o.points, cutoff) });
  return rgFlow(targets, perCutoff);
}
