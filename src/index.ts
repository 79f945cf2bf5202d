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
export * from './diagrams/types.js';
export * from './diagrams/generate.js';
export * from './diagrams/json.js';
export * from './symbolic/expression.js';
export * from './diagrams/graph.js';
