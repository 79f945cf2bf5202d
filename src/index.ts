/**
 * nnqft: neural networks and quantum field theory (Halverson, Maiti, Stoner,
 * Mach. Learn.: Sci. Technol. 2 (2021) 035002, arXiv:2008.08601).
 */
export * from './core/errors.js';
export * from './core/estimate.js';
export * from './core/rational.js';
export * from './core/combinatorics.js';
export * from './core/inputs.js';
export * from './core/special.js';
export * from './kernels/types.js';
export * from './kernels/registry.js';
export * from './kernels/kernel.js';
export * from './dsl/types.js';
export * from './dsl/parse.js';
export * from './dsl/print.js';
export * from './fit/lsq.js';
export * from './fit/metrics.js';
export { linearRegression, logLogSlope as logLogRegression, type Regression } from './fit/regression.js';
export * from './fit/fit.js';
export * from './fit/rg.js';
export * from './fit/sixpoint.js';
export * from './fit/adapters.js';
export * from './fit/pipeline.js';
export * from './fit/table5.js';
export * from './fit/engines.js';
// Exact finite-width correlators (explicit names, so that star exports of other areas cannot collide).
export { exactCorrelators, correlatorPolynomials, reportAtWidths } from './exact/correlators.js';
export type { ExactReport, ExactResult, ExactEntry, ExactOptions, CorrelatorPolynomials } from './exact/correlators.js';
export { singleNeuronMoments, momentTable, preactivationVectors } from './exact/moments.js';
export type { MomentTable, MomentEntry, MomentOptions } from './exact/moments.js';
export { cumulantTable, tuplePolynomial, evaluateAtWidth, evenPartitions } from './exact/cumulants.js';
export type { TuplePolynomial } from './exact/cumulants.js';
export type { QuadratureOptions, QuadratureResult } from './exact/quadrature.js';
