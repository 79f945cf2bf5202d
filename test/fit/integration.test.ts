/**
 * The fit workflows on the real engines: exact finite-width correlators
 * (src/exact) and the Monte-Carlo sampler (src/nets).
 */
import { describe, expect, it } from 'vitest';
import { makeEngines } from '../../src/fit/engines.js';
import { fitAction, validateAction } from '../../src/fit/pipeline.js';
import { sumOverSpectators } from '../../src/fit/sixpoint.js';
import { exactCorrelators } from '../../src/exact/correlators.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { kernelMatrix } from '../../src/kernels/kernel.js';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import { gaussDelta4 } from './closed-forms.js';
import { quarticFeatures } from './oracle-features.js';
import { parseAction } from '../../src/dsl/parse.js';

const preset = (n: string) => INPUT_PRESETS[n]!.points.map((p) => p.slice());

describe('fits on exact correlators', () => {
  it('ReLU (σ_b = 0, positive inputs): M3 is degenerate, the determined combination is 12.5/(N Λ⁵)', async () => {
    const arch = getArchitecture('relu');
    const params = resolveParams(arch, { sW: 1, sb: 0, dIn: 1 });
    const e = makeEngines('(λ0 + λ2 x^2) f^4 + λNL ∫∫ f(x)^2 f(y)^2', { arch, params, width: 20, propagator: 'eft', source: 'exact' });
    const f = await fitAction(e, { train: preset('table5-relu-train'), test: preset('table5-relu-test'), cutoff: 100 });
    expect(f.degenerate).toBe(true);
    expect(f.rank).toBe(1);
    expect(f.combinations[0]!.paperValue / (12.5 / (20 * 1e10))).toBeCloseTo(1, 7);
    expect(f.test!.mape).toBeLessThan(1e-6);
  });
  it('the exact engine\'s Gauss ΔG4 equals the closed form from the moments M_k (oracle for the data the fits use)', () => {
    const arch = getArchitecture('gauss');
    const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
    const pts = preset('table5-gauss-test');
    const r = exactCorrelators(arch, params, pts, { widths: [1000], ns: [4] }).results[0]!;
    for (const en of r.entries) {
      const d = gaussDelta4(en.index.map((i) => pts[i]![0]!), 1, 1, 1000);
      expect(Math.abs(en.delta / d - 1)).toBeLessThan(1e-8);
    }
  });
  it('ΔG6 − Σ_15 K·ΔG4 is the exact engine\'s connected G6c: the spectator line is the full kernel K', () => {
    const arch = getArchitecture('erf');
    const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
    const pts = [[-1], [0.2], [0.6]];
    const rep = exactCorrelators(arch, params, pts, { widths: [5], ns: [4, 6] });
    const d4 = new Map(rep.results.find((r) => r.n === 4)!.entries.map((e) => [e.index.join(','), e.delta] as const));
    const K = kernelMatrix(arch, params, pts);
    for (const e of rep.results.find((r) => r.n === 6)!.entries) {
      const disc = sumOverSpectators(K, e.index, (i4) => d4.get(i4.join(','))!);
      expect(Math.abs(e.delta - disc - e.connected)).toBeLessThan(1e-10 * Math.abs(e.delta));
    }
  });
  it('validate (Erf, N = 5): the G6 prediction misses exactly the connected part', async () => {
    const arch = getArchitecture('erf');
    const params = resolveParams(arch, { dIn: 1 });
    const v = await validateAction(makeEngines('λ0 f^4', { arch, params, width: 5, propagator: 'eft', source: 'exact' }), {
      train: preset('table5-erf-train'), test: preset('table5-erf-test'), cutoff: 100,
    });
    for (const e of v.g6.entries) expect(Math.abs(e.actual - e.actualDisconnected - e.actualConnected)).toBeLessThan(1e-9 * Math.abs(e.actual));
    expect(v.g6.connected.mape).toBeCloseTo(100, 6);
    expect(v.g6.disconnected.mape).toBeLessThan(1);
  });
});

describe('fits on sampled correlators agree with fits on exact ones within their error bars', () => {
  it('Erf-net N = 5, M1: |λ0(sample) − λ0(exact)| < 4σ with σ from 8 independent replicas', async () => {
    const arch = getArchitecture('erf');
    const params = resolveParams(arch, { dIn: 1 });
    const base = { arch, params, width: 5, propagator: 'eft' as const };
    const train = preset('table5-erf-train').slice(0, 4), test = preset('table5-erf-test').slice(0, 4);
    const ex = await fitAction(makeEngines('λ0 f^4', { ...base, source: 'exact' }), { train, test, cutoff: 100 });
    const sa = await fitAction(makeEngines('λ0 f^4', { ...base, source: 'sample', sample: { nets: 20000, experiments: 8, seed: 11, threads: 1 } }), { train, test, cutoff: 100 });
    expect(sa.errors).toBe('replicas');
    const z = (sa.paper['λ0']!.value! - ex.paper['λ0']!.value!) / sa.paper['λ0']!.stdError!;
    expect(Math.abs(z)).toBeLessThan(4);
    // And the error is small enough for the comparison to mean something (≤ 20% of λ0).
    expect(sa.paper['λ0']!.stdError! / ex.paper['λ0']!.value!).toBeLessThan(0.2);
  });
});

describe('the prediction engine and the built-in quadrature give the same features', async () => {
  const { features } = await import('../../src/fit/engines.js');
  const { TABLE5_SETUPS, TABLE5_MODELS } = await import('../../src/fit/table5.js');
  it.each(TABLE5_SETUPS.map((s) => [s.arch, s] as const))('%s: M3 features on the test set, n = 4 and 6, agree to 1e-7', async (_name, s) => {
    const arch = getArchitecture(s.arch);
    const params = resolveParams(arch, { sW: s.sW, sb: s.sb, dIn: 1 });
    const o = { arch, params, width: s.width, propagator: 'eft' as const, source: 'exact' as const };
    for (const n of [4, 6]) {
      const pts = n === 4 ? s.test : s.test.slice(0, 3);
      const a = await features(TABLE5_MODELS.M3!, o, n, pts, s.cutoff);
      const b = quarticFeatures(parseAction(TABLE5_MODELS.M3!), { arch, params, propagator: 'eft', cutoff: s.cutoff, points: pts, n });
      expect(a.couplings).toEqual(b.couplings);
      for (let i = 0; i < a.rows.length; i++) {
        expect(a.rows[i]!.index).toEqual(b.rows[i]!.index);
        for (let j = 0; j < 3; j++) expect(Math.abs(a.rows[i]!.features[j]! / b.rows[i]!.features[j]! - 1)).toBeLessThan(1e-7);
      }
    }
  });
});
