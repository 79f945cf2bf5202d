/**
 * Numbers with their uncertainty. Integrals return {@link Estimate}; sampled
 * quantities return {@link Measurement}. Nothing drops an error bar on its way.
 */

/** Result of a numerical integral: value, an honest absolute error bound, cost, and whether the tolerance was met. */
export interface Estimate {
  value: number;
  absError: number;
  evaluations: number;
  converged: boolean;
}

/** A sampled mean with its standard error, sample count and the seed that reproduces it. */
export interface Measurement {
  mean: number;
  stdError: number;
  n: number;
  seed: number | string;
}

/** An exact number as an estimate (no error, no evaluations). */
export function exactEstimate(value: number): Estimate {
  return { value, absError: 0, evaluations: 0, converged: true };
}

/** Sum of estimates: errors add (a bound, not a quadrature sum). */
export function addEstimates(...xs: Estimate[]): Estimate {
  let value = 0, absError = 0, evaluations = 0, converged = true;
  for (const x of xs) {
    value += x.value;
    absError += x.absError;
    evaluations += x.evaluations;
    converged &&= x.converged;
  }
  return { value, absError, evaluations, converged };
}

/** c · x for an exact scalar c. */
export function scaleEstimate(x: Estimate, c: number): Estimate {
  return { ...x, value: c * x.value, absError: Math.abs(c) * x.absError };
}

/** Product of estimates with first-order error propagation (|a|δb + |b|δa + δaδb). */
export function mulEstimates(...xs: Estimate[]): Estimate {
  let value = 1, absError = 0, evaluations = 0, converged = true;
  for (const x of xs) {
    absError = Math.abs(value) * x.absError + Math.abs(x.value) * absError + absError * x.absError;
    value *= x.value;
    evaluations += x.evaluations;
    converged &&= x.converged;
  }
  return { value, absError, evaluations, converged };
}
