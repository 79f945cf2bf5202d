/**
 * Progress callbacks of the exact engine (src/core/progress.ts contract): phases
 * "moments" then "correlators", with totals counted here from the definitions
 * (unique tuples: C(m + k − 1, k)), monotone, ending at the total; results
 * identical with and without a callback.
 */
import { describe, expect, it } from 'vitest';
import { orthonormalCoordinates } from '../../src/core/gaussRules.js';
import { phaseReporter } from '../../src/core/progress.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import { correlatorPolynomials, exactCorrelators } from '../../src/exact/correlators.js';
import { momentTable, preactivationVectors } from '../../src/exact/moments.js';
import { integrateTuples, planTuples } from '../../src/exact/quadrature.js';
import { checkProgress, recorder } from '../helpers/progress.js';

/** Number of multisets of size k from m: C(m + k − 1, k), by the product formula. */
function multisets(m: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (m + i - 1)) / i;
  return Math.round(c);
}

describe('phaseReporter', () => {
  it('reports 0 first, thins to about `steps` calls, clamps, never decreases, ends once at total', () => {
    const { cb, calls } = recorder();
    const r = phaseReporter(cb, 'p', 10_000, 100);
    for (let i = 0; i < 10_000; i++) r.advance();
    r.set(5); // backwards: ignored
    r.set(1e9); // beyond the total: clamped, and the end is reported by end() only
    r.end();
    r.end();
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    expect(phases).toEqual([{ phase: 'p', total: 10_000, calls: calls.length }]);
    expect(calls[0]!.done).toBe(0);
    expect(calls.length).toBeGreaterThan(50);
    expect(calls.length).toBeLessThanOrEqual(102);
    expect(calls.filter((c) => c.done === 10_000)).toHaveLength(1);
  });

  it('without a callback does nothing; a zero total gives (0, 0) and (0, 0)', () => {
    const r = phaseReporter(undefined, 'p', 10);
    r.advance(); r.set(3); r.end();
    const { cb, calls } = recorder();
    phaseReporter(cb, 'z', 0).end();
    expect(calls).toEqual([{ done: 0, total: 0, phase: 'z' }, { done: 0, total: 0, phase: 'z' }]);
  });
});

describe('exact correlators: onProgress', () => {
  it('erf, d_in = 2 (quadrature): moments then correlators, totals from the tuple counts, same report as without', () => {
    const arch = getArchitecture('erf'), p = resolveParams(arch, { dIn: 2 });
    const points = [[1, 0], [0, 1], [-1, 0.5], [0.3, -0.7]];
    const { cb, calls } = recorder();
    const withCb = exactCorrelators(arch, p, points, { widths: [5, 50], ns: [4], onProgress: cb });
    const without = exactCorrelators(arch, p, points, { widths: [5, 50], ns: [4] });
    expect(JSON.stringify(withCb)).toBe(JSON.stringify(without));
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    expect(phases.map((x) => [x.phase, x.total])).toEqual([['moments', multisets(4, 2) + multisets(4, 4)], ['correlators', multisets(4, 4)]]);
    // Granularity: the moments advance group by group, not in one jump.
    expect(phases[0]!.calls).toBeGreaterThan(5);
  });

  it('closed forms (ReLU, paper inputs, n = 4, 6 repeated): totals count each distinct n once', () => {
    const arch = getArchitecture('relu'), p = resolveParams(arch, { sb: 0, dIn: 1 });
    const points = INPUT_PRESETS['paper-relu']!.points;
    const { cb, calls } = recorder();
    const polys = correlatorPolynomials(arch, p, points, [4, 6, 4], { onProgress: cb });
    const plain = correlatorPolynomials(arch, p, points, [4, 6, 4]);
    expect(JSON.stringify([...polys.polynomials])).toBe(JSON.stringify([...plain.polynomials]));
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    const m = points.length;
    expect(phases.map((x) => [x.phase, x.total])).toEqual([
      ['moments', multisets(m, 2) + multisets(m, 4) + multisets(m, 6)],
      ['correlators', multisets(m, 4) + multisets(m, 6)],
    ]);
  });

  it('momentTable alone reports only "moments"', () => {
    const arch = getArchitecture('erf'), p = resolveParams(arch, { dIn: 1 });
    const { cb, calls } = recorder();
    momentTable(arch, p, INPUT_PRESETS['paper-erf']!.points, [2, 4], { onProgress: cb });
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    expect(phases.map((x) => [x.phase, x.total])).toEqual([['moments', multisets(6, 2) + multisets(6, 4)]]);
  });

  it('planTuples: run() is integrateTuples; a deterministic positive cost that grows with the tuples (separable, trapezoid, kinked rules)', () => {
    const erf = getArchitecture('erf'), relu = getArchitecture('relu');
    const cases = [
      { arch: erf, p: resolveParams(erf, { dIn: 2 }), points: [[1, 0], [0, 1], [-1, 0.5]] }, // rank 3 basis: separable lattice
      { arch: erf, p: resolveParams(erf, { dIn: 2 }), points: [[1, 0], [0, 1], [-1, 0.5], [0.3, -0.7]] }, // cubic trapezoid
      { arch: relu, p: resolveParams(relu, { dIn: 1 }), points: [[0.3], [-0.8]] }, // kinks, r = 2: polar rule
    ];
    for (const { arch, p, points } of cases) {
      const { coords } = orthonormalCoordinates(preactivationVectors(points, p));
      const all = [[0, 0, 1, 1], [0, 1, 1, 1], points.map((_, i) => i)];
      const plan = planTuples(arch, p, points, coords, all);
      expect(plan.run()).toEqual(integrateTuples(arch, p, points, coords, all));
      expect(plan.work).toBeGreaterThan(0);
      expect(planTuples(arch, p, points, coords, all).work).toBe(plan.work);
      expect(planTuples(arch, p, points, coords, all.slice(0, 1)).work).toBeLessThan(plan.work);
    }
  });

  it('integrateTuples: shares of the nodes increase within (0, 1] chunk by chunk; values unchanged', () => {
    const arch = getArchitecture('erf'), p = resolveParams(arch, { dIn: 2 });
    const points = [[1, 0], [0, 1], [-1, 0.5], [0.3, -0.7]];
    const { coords } = orthonormalCoordinates(preactivationVectors(points, p));
    const tuples = [[0, 1, 2, 3], [0, 0, 1, 2], [1, 1, 3, 3]];
    const shares: number[] = [];
    const a = integrateTuples(arch, p, points, coords, tuples, {}, (f) => shares.push(f));
    const b = integrateTuples(arch, p, points, coords, tuples, {});
    expect(a).toEqual(b);
    expect(shares.length).toBeGreaterThan(3); // the trapezoid has many chunks of 2^15 nodes here
    for (let i = 0; i < shares.length; i++) {
      expect(shares[i]!).toBeGreaterThan(i === 0 ? 0 : shares[i - 1]!);
      expect(shares[i]!).toBeLessThanOrEqual(1);
    }
    expect(shares.at(-1)!).toBeGreaterThan(0.9);
  });
});
