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
export * from './core/rng.js';
export * from './nets/engine.js';
export * from './nets/exact-sum.js';
export * from './nets/state.js';
export * from './nets/result.js';
export * from './nets/npy.js';
export { sampleCorrelators, runSampler, sampleSpec, withTiming, DEFAULT_ESTIMATOR, DEFAULT_CHUNK_SIZE } from './nets/sample.js';
export type { SampleOptions, SampleRun } from './nets/sample.js';
export { loadTfjs } from './nets/tfjs.js';
