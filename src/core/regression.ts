/**
 * Ordinary linear regression y = a + b·x with R²: the one place for the
 * power-law slopes nnqft reports — m_n against width (CONVENTIONS §3), the
 * β function as the slope of log|λ| against log Λ (CONVENTIONS §7), and the
 * fitted lines of the plots.
 */
import { InvalidArgumentError } from './errors.js';

/** Result of {@link linearRegression}. */
export interface Regression {
  slope: number;
  intercept: number;
  /** Coefficient of determination 1 − SS_res/SS_tot (1 when SS_tot = 0 and the fit is exact). */
  r2: number;
  /** Standard error of the slope from the residual variance (NaN with fewer than 3 points). */
  slopeStdError: number;
  n: number;
}

/** Least-squares line through (x_i, y_i); needs at least two distinct x. */
export function linearRegression(x: readonly number[], y: readonly number[]): Regression {
  const n = x.length;
  if (n !== y.length) throw new InvalidArgumentError(`regression: ${n} x values but ${y.length} y values`);
  if (n < 2) throw new InvalidArgumentError('regression needs at least two points');
  if (!x.every(Number.isFinite) || !y.every(Number.isFinite)) throw new InvalidArgumentError('regression: non-finite value');
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
    syy += (y[i]! - my) ** 2;
  }
  if (sxx === 0) throw new InvalidArgumentError('regression: all x values are equal');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let ssRes = 0;
  for (let i = 0; i < n; i++) ssRes += (y[i]! - intercept - slope * x[i]!) ** 2;
  const r2 = syy === 0 ? 1 : 1 - ssRes / syy;
  const slopeStdError = n > 2 ? Math.sqrt(ssRes / (n - 2) / sxx) : NaN;
  return { slope, intercept, r2, slopeStdError, n };
}

/** Slope of log|y| against log x (x > 0, y ≠ 0): the exponent of a power law y ∝ x^slope. */
export function logLogSlope(x: readonly number[], y: readonly number[]): Regression {
  if (x.some((v) => !(v > 0 && Number.isFinite(v)))) throw new InvalidArgumentError('log-log slope: x values must be positive and finite');
  if (y.some((v) => v === 0 || !Number.isFinite(v))) throw new InvalidArgumentError('log-log slope: y values must be finite and non-zero');
  return linearRegression(x.map(Math.log), y.map((v) => Math.log(Math.abs(v))));
}
