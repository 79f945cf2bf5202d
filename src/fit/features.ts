/**
 * First-order features of an action for the fits (CONVENTIONS §6; Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §5): the prediction engine's terms at unit couplings. Apart
 * from src/fit/engines.ts (which also wires the sampler and data files) so that it
 * imports no Node module and runs in a browser (the explorer, web/).
 */
import type { Point } from '../core/inputs.js';
import type { ProgressCallback } from '../core/progress.js';
import { generateDiagrams } from '../diagrams/generate.js';
import { parseAction } from '../dsl/parse.js';
import type { Action } from '../dsl/types.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import type { NetworkSpec } from '../kernels/network.js';
import { predictCorrelators } from '../predict/predict.js';
import { actionCouplings, featuresFromPrediction } from './adapters.js';
import type { FeatureTable } from './fit.js';

/** What {@link features} needs of an engine's options. */
export interface FeatureOptions {
  arch: Architecture;
  params: ArchParams;
  /** Propagator inside the integrals: K − σ_b² (`eft`, the paper's fits) or K. */
  propagator: 'eft' | 'kernel';
  /** Progress of the prediction's phases, prefixed with the step. */
  onPhaseProgress?: ProgressCallback;
  /** A network of any depth (CONVENTIONS §8): at depth ≥ 2 the features use its NNGP kernel K(L+1). */
  network?: NetworkSpec;
}

/**
 * First-order features of an action: the prediction engine's terms at unit
 * couplings (skeleton diagrams of order 1).
 */
export async function features(action: string | Action, o: FeatureOptions, n: number, points: Point[], cutoff: number): Promise<FeatureTable> {
  const a = typeof action === 'string' ? parseAction(action) : action;
  const diagrams = generateDiagrams(a, { n, order: 1, mode: 'skeleton' }).filter((d) => d.order === 1);
  const onProgress = prefixed(o.onPhaseProgress, `G${n} features, ${points.length} inputs, Λ = ${cutoff}`);
  const rep = predictCorrelators(a, diagrams, {
    arch: o.arch, params: o.params, propagator: o.propagator, cutoff, points: points.map((p) => p.slice()), n, ...(onProgress ? { onProgress } : {}),
    ...(o.network && o.network.widths.length >= 2 ? { network: o.network } : {}),
  });
  return featuresFromPrediction(rep.entries, actionCouplings(a));
}

/** The callback with every phase name prefixed by `step` (undefined without a callback). */
export function prefixed(cb: ProgressCallback | undefined, step: string): ProgressCallback | undefined {
  return cb ? (done, total, phase) => cb(done, total, `${step}: ${phase}`) : undefined;
}
