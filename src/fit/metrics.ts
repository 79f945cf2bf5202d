/**
 * Goodness-of-fit metrics of the seed's Table 5 (CONVENTIONS §6; Halverson,
 * Maiti, Stoner, arXiv:2008.08601 Table 5): MAPE in percent and MSE of ΔG4.
 */
import { InvalidArgumentError } from '../core/errors.js';

/** MAPE (%) and MSE of predictions against actual values. */
export interface Metrics {
  /**
   * 100 · mean |pred − actual| / |actual| over entries whose actual value is not
   * zero up to round-off (|actual| > 1e-12 · max |actual|; NaN if there are none).
   */
  mape: number;
  /** mean (pred − actual)² over all entries. */
  mse: number;
  /** Number of entries. */
  n: number;
  /** Entries left out of the MAPE because their actual value is zero up to round-off (e.g. by a symmetry of the inputs). */
  excluded: number;
}

function check(pred: readonly number[], actual: readonly number[]): void {
  if (pred.length !== actual.length) throw new InvalidArgumentError(`metrics: ${pred.length} predictions but ${actual.length} actual values`);
  if (pred.length === 0) throw new InvalidArgumentError('metrics: no entries');
  if (!pred.every(Number.isFinite) || !actual.every(Number.isFinite)) throw new InvalidArgumentError('metrics: non-finite value');
}

/** Mean absolute percentage error, in percent. A model predicting 0 everywhere scores exactly 100. */
export function mape(pred: readonly number[], actual: readonly number[]): number {
  return errorMetrics(pred, actual).mape;
}

/** Mean squared error. */
export function mse(pred: readonly number[], actual: readonly number[]): number {
  return errorMetrics(pred, actual).mse;
}

/**
 * Both metrics at once. Entries whose actual value vanishes up to round-off
 * (|actual| ≤ 1e-12 · max |actual|, e.g. ΔG4 = 0 by a symmetry of the inputs)
 * count in the MSE only: their percentage error is round-off divided by round-off.
 */
export function errorMetrics(pred: readonly number[], actual: readonly number[]): Metrics {
  check(pred, actual);
  const floor = 1e-12 * actual.reduce((m, a) => Math.max(m, Math.abs(a)), 0);
  let ape = 0, nApe = 0, se = 0;
  for (let i = 0; i < pred.length; i++) {
    const d = pred[i]! - actual[i]!;
    se += d * d;
    if (Math.abs(actual[i]!) > floor) { ape += Math.abs(d / actual[i]!); nApe++; }
  }
  return { mape: nApe > 0 ? (100 * ape) / nApe : NaN, mse: se / pred.length, n: pred.length, excluded: pred.length - nApe };
}
