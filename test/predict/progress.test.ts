/**
 * Progress callbacks of predictions (src/core/progress.ts contract): phases
 * "factors", "integrals", "correlators" (and "kernel table" first for a numeric
 * kernel), tuple totals C(m + n − 1, n) counted here, monotone, ending at the
 * total; results identical with and without a callback.
 */
import { describe, expect, it } from 'vitest';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';
import { checkProgress, recorder } from '../helpers/progress.js';

const multisets = (m: number, k: number) => { let c = 1; for (let i = 1; i <= k; i++) c = (c * (m + i - 1)) / i; return Math.round(c); };

describe('predictCorrelators: onProgress', () => {
  it('erf, λ0 + λNL (1-D and 2-D integral families): the three phases, same report as without', () => {
    const arch = getArchitecture('erf'), p = resolveParams(arch, {});
    const pts = [[-0.6], [0.2], [1]];
    const opts = { arch, params: p, propagator: 'eft' as const, cutoff: 3, points: pts, n: 4, relTol: 1e-6 };
    const diags = firstOrderDiagrams(4, [0, 2]);
    const { cb, calls } = recorder();
    const withCb = predictCorrelators(ACTION, diags, { ...opts, onProgress: cb });
    expect(withCb).toEqual(predictCorrelators(ACTION, diags, opts));
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    expect(phases.map((x) => x.phase)).toEqual(['factors', 'integrals', 'correlators']);
    expect(phases[0]!.total).toBe(multisets(3, 4));
    expect(phases[2]!.total).toBe(multisets(3, 4));
    // Every distinct factor integral is counted once: at least one per tuple's λ0 term (a 1-D integral per multiset of attached points).
    expect(phases[1]!.total).toBeGreaterThanOrEqual(multisets(3, 4));
  });

  it('tanh (numeric kernel, tabulated): "kernel table" before the integrals, counting D and one line per point up to the mirror symmetry', () => {
    const arch = getArchitecture('tanh'), p = resolveParams(arch, {});
    const pts = [[-0.5], [0.5], [0.9]]; // -0.5 is the mirror image of 0.5: lines for 0.5 and 0.9 only (tanh is odd in z alone)
    const opts = { arch, params: p, propagator: 'eft' as const, cutoff: 2, points: pts, n: 4, relTol: 1e-6 };
    const diags = firstOrderDiagrams(4, [0]);
    const { cb, calls } = recorder();
    const withCb = predictCorrelators(ACTION, diags, { ...opts, onProgress: cb });
    expect(withCb).toEqual(predictCorrelators(ACTION, diags, opts));
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    expect(phases.map((x) => [x.phase, x.phase === 'kernel table' ? x.total : 0])).toEqual([
      ['factors', 0], ['kernel table', 3], ['integrals', 0], ['correlators', 0],
    ]);
  });
});
