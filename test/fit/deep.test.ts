/**
 * Fits of deep networks (CONVENTIONS §8) on the leading-1/n data of src/width: the target is the
 * connected G4c, the features use the deep NNGP kernel. Oracles computed here: the arcsine recursion
 * for the erf kernel, Simpson's rule for the feature integral, and the one-coupling least squares
 * λ = Σ F·T / Σ F² from the recursion's own connected entries.
 */
import { describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/kernels/registry.js';
import { makeEngines, fitTarget } from '../../src/fit/engines.js';
import { fitAction, validateAction } from '../../src/fit/pipeline.js';
import { finiteWidthCorrelators } from '../../src/width/vertex.js';
import type { NetworkSpec } from '../../src/kernels/network.js';

const arch = getArchitecture('erf');
const params = { sW: 1.3, sb: 0.4, dIn: 1 };
const net: NetworkSpec = { activation: 'erf', widths: [20, 30], ...params };
const train = [[-0.6], [0.2], [0.9]];
const cutoff = 3;

/** K(L+1)(x, y) by the arcsine recursion, written out here. */
function erfKernel(x: number, y: number, depth: number): number {
  const CW = params.sW ** 2, Cb = params.sb ** 2;
  let kxx = Cb + CW * x * x, kyy = Cb + CW * y * y, kxy = Cb + CW * x * y;
  for (let l = 0; l < depth; l++) {
    const f = (a: number, b: number, c: number) => Cb + CW * (2 / Math.PI) * Math.asin((2 * c) / Math.sqrt((1 + 2 * a) * (1 + 2 * b)));
    [kxx, kyy, kxy] = [f(kxx, kxx, kxx), f(kyy, kyy, kyy), f(kxx, kyy, kxy)];
  }
  return kxy;
}

/** Composite Simpson on [a, b] with 2k panels. */
function simpson(f: (y: number) => number, a: number, b: number, k = 2000): number {
  const h = (b - a) / (2 * k);
  let s = f(a) + f(b);
  for (let i = 1; i < 2 * k; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('deep fits on finite-width data', () => {
  const o = { arch, params, width: 30, network: net, propagator: 'kernel' as const, source: 'finite-width' as const };

  it('the target is connected at depth 2 and ΔG4 at depth 1', () => {
    expect(fitTarget(o)).toBe('connected');
    expect(fitTarget({ network: { ...net, widths: [20] } })).toBe('delta');
    expect(fitTarget({})).toBe('delta');
  });

  it('features are −24 ∫ Π K(3) with the depth-2 NNGP kernel (Simpson, arcsine recursion)', async () => {
    const engines = makeEngines('λ f^4', o);
    const F = await engines.features(4, train, cutoff);
    for (const row of F.rows) {
      const xs = row.index.map((i) => train[i]![0]!);
      const want = -24 * simpson((y) => xs.reduce((p, x) => p * erfKernel(x, y, 2), 1), -cutoff, cutoff);
      expect(Math.abs(row.features[0]! - want)).toBeLessThan(1e-8 * Math.abs(want));
    }
    // the kernel the engines hand to validate is K(3), not the one-layer K(2)
    const K = engines.kernel(train);
    expect(Math.abs(K[0]![2]! - erfKernel(-0.6, 0.9, 2))).toBeLessThan(1e-12);
    expect(Math.abs(K[0]![2]! - erfKernel(-0.6, 0.9, 1))).toBeGreaterThan(1e-3);
  });

  it('fits λ to G4c: the least squares Σ F·T / Σ F² computed here, not to ΔG4', async () => {
    const engines = makeEngines('λ f^4', o);
    const fit = await fitAction(engines, { train, cutoff });
    const F = await engines.features(4, train, cutoff);
    const rep = finiteWidthCorrelators(arch, net, train);
    const T = new Map(rep.entries.map((e) => [e.index.join(','), e] as const));
    let ft = 0, ff = 0, fd = 0;
    for (const r of F.rows) {
      const e = T.get(r.index.join(','))!;
      ft += r.features[0]! * e.connected; ff += r.features[0]! ** 2; fd += r.features[0]! * e.delta;
    }
    const lamConnected = ft / ff, lamDelta = fd / ff;
    expect(fit.weighted).toBe(false);
    expect(Math.abs(fit.couplings['λ']!.value! - lamConnected)).toBeLessThan(1e-10 * Math.abs(lamConnected));
    // the choice matters at depth 2: ΔG4 holds the O(1/n) shift of G2 (CONVENTIONS §8)
    expect(Math.abs(lamDelta - lamConnected)).toBeGreaterThan(1e-3 * Math.abs(lamConnected));
    // and the fitted λ scales like 1/n: doubling every width halves it up to the recursion's exactness in 1/n
    const fit2 = await fitAction(makeEngines('λ f^4', { ...o, network: { ...net, widths: [40, 60] } }), { train, cutoff });
    expect(Math.abs(fit2.couplings['λ']!.value! * 2 - lamConnected)).toBeLessThan(1e-8 * Math.abs(lamConnected));
  });

  it('validate: G6 at O(1/n) is Σ15 K·G4c, so the transferred part reproduces the G4 fit', async () => {
    const engines = makeEngines('λ f^4', o);
    const v = await validateAction(engines, { train, test: [[-0.3], [0.5]], cutoff });
    for (const e of v.g6.entries) expect(e.actualConnected).toBe(0);
    expect(Number.isFinite(v.g6.disconnected.mape)).toBe(true);
  });

  it('source exact with depth 2 is refused, naming finite-width and sample', () => {
    expect(() => makeEngines('λ f^4', { ...o, source: 'exact' })).toThrow(/finite-width.*sample/);
  });
});

describe('deep fits on sampled data', () => {
  it('--source sample at depth 2: λ agrees with the finite-width λ within 4σ + |λ|/n (the O(1/n²) term)', async () => {
    const n = 30;
    const network: NetworkSpec = { ...net, widths: [n, n] };
    const common = { arch, params, width: n, network, propagator: 'kernel' as const };
    const fw = await fitAction(makeEngines('λ f^4', { ...common, source: 'finite-width' }), { train, cutoff });
    // Unweighted: with a few replicas the per-tuple errors are too noisy to weight by (a weighted fit
    // follows whichever tuple's error came out smallest, and its λ moves by far more than its σ between seeds).
    const mc = await fitAction(makeEngines('λ f^4', { ...common, source: 'sample', sample: { nets: 20_000, experiments: 6, seed: 3, threads: 1 } }), { train, cutoff, weighted: false });
    const a = fw.couplings['λ']!.value!, b = mc.couplings['λ']!;
    expect(mc.errors).toBe('replicas');
    expect(b.stdError!).toBeLessThan(0.02 * Math.abs(a));
    expect(Math.abs(b.value! - a)).toBeLessThan(4 * b.stdError! + Math.abs(a) / n);
  }, 60_000);
});
