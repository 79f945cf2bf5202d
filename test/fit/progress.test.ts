/**
 * Progress of the fit workflows (EngineOptions.onPhaseProgress): the prediction's
 * and exact engine's phases, prefixed with the step, and the sampler's chunks per
 * replica; each phase monotone and ending at its total; fits identical with and
 * without the callback (sampling is seeded, so identical too).
 */
import { describe, expect, it } from 'vitest';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { makeEngines } from '../../src/fit/engines.js';
import { fitAction } from '../../src/fit/pipeline.js';
import { checkProgress, recorder } from '../helpers/progress.js';

const arch = getArchitecture('erf');
const params = resolveParams(arch, { dIn: 1 });
const base = { arch, params, width: 5, propagator: 'eft' as const };
const train = INPUT_PRESETS['table5-erf-train']!.points.slice(0, 4);
const test = INPUT_PRESETS['table5-erf-test']!.points.slice(0, 3);

describe('fit engines: onPhaseProgress', () => {
  it('exact source: feature and exact-engine phases for the training and test sets; same fit as without', async () => {
    const { cb, calls } = recorder();
    const f = await fitAction(makeEngines('λ0 f^4', { ...base, source: 'exact', onPhaseProgress: cb }), { train, test, cutoff: 10 });
    const g = await fitAction(makeEngines('λ0 f^4', { ...base, source: 'exact' }), { train, test, cutoff: 10 });
    expect(JSON.stringify(f)).toBe(JSON.stringify(g));
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    const names = phases.map((x) => x.phase);
    for (const s of ['G4 features, 4 inputs, Λ = 10', 'G4 features, 3 inputs, Λ = 10']) {
      expect(names).toContain(`${s}: factors`);
      expect(names).toContain(`${s}: integrals`);
      expect(names).toContain(`${s}: correlators`);
    }
    for (const s of ['exact G4, 4 inputs', 'exact G4, 3 inputs']) {
      expect(names).toContain(`${s}: moments`);
      expect(names).toContain(`${s}: correlators`);
    }
  });

  it('sample source: one phase per replica (sampler chunks); same fit as without', async () => {
    const sample = { nets: 2000, experiments: 2, seed: 3, threads: 1 };
    const { cb, calls } = recorder();
    const f = await fitAction(makeEngines('λ0 f^4', { ...base, source: 'sample', sample, onPhaseProgress: cb }), { train, cutoff: 10 });
    const g = await fitAction(makeEngines('λ0 f^4', { ...base, source: 'sample', sample }), { train, cutoff: 10 });
    expect(JSON.stringify(f)).toBe(JSON.stringify(g));
    const { problems, phases } = checkProgress(calls);
    expect(problems).toEqual([]);
    const sampling = phases.filter((x) => x.phase.startsWith('sampling'));
    expect(sampling.map((x) => x.phase)).toEqual(['sampling replica 1/2, 4 inputs (chunks)', 'sampling replica 2/2, 4 inputs (chunks)']);
  });
});
