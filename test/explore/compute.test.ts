/**
 * The explorer's panel computations (src/explore/compute.ts) in Node, against independent
 * oracles: the first-order class totals of CONVENTIONS §5, the parser's column counted in
 * the text, the Erf-net closed-form kernel (§2), ΔG4 ∝ 1/N (§4), and the M1 coupling of the
 * ReLU hand check (§4), whose feature integral has a closed form.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeDiagrams, computeEft, computeKernel, computeWidth } from '../../src/explore/compute.js';
import { DEFAULT_STATE, stateFromParams, stateToParams, EXPLORE_ARCHITECTURES, type ExploreState } from '../../src/explore/state.js';

const S = (over: Partial<ExploreState>): ExploreState => ({ ...DEFAULT_STATE, ...over });

describe('explore: diagrams panel', () => {
  it('λf⁴+κf⁶, G4 at first order: the −24 λ and −360 κ classes (CONVENTIONS §5), canonical form', () => {
    const r = computeDiagrams(S({ action: 'λf⁴+κf⁶', n: '4', order: '1' }));
    expect(r.parseError).toBeUndefined();
    expect(r.canonical).toBe('λ f^4 + κ f^6');
    const first = r.classes.filter((c) => c.order === 1).map((c) => [c.coefficient, JSON.stringify(c.couplings)]);
    expect(first).toEqual(expect.arrayContaining([['-24', '{"λ":1}'], ['-360', '{"κ":1}']]));
    expect(first).toHaveLength(2);
    for (const c of r.classes) {
      expect(c.svg.startsWith('<svg')).toBe(true);
      expect(c.mathml).toContain('<math');
      expect(c.tikz).toContain('\\begin{feynman}');
    }
  });
  it('a syntax error carries the column of the offending character', () => {
    const text = 'λ f^ +';
    const r = computeDiagrams(S({ action: text }));
    expect(r.parseError?.code).toBe('DSL_SYNTAX');
    expect(r.parseError?.line).toBe(1);
    // The power after ^ is missing: the parser stops at "+", counted in code points.
    expect(r.parseError?.column).toBe(Array.from(text).indexOf('+') + 1);
  });
  it('an exploding request is refused with its estimate (BUDGET_EXCEEDED), the canonical form still shown', () => {
    const r = computeDiagrams(S({ action: 'λ f^4 + κ f^6', n: '10', order: '6', mode: 'full' }));
    expect(r.canonical).toBe('λ f^4 + κ f^6');
    expect(r.error?.code).toBe('BUDGET_EXCEEDED');
    expect(r.error!.estimate!).toBeGreaterThan(r.error!.limit!);
  });
  it('bad n is an INVALID_ARGUMENT, not a crash', () => {
    expect(computeDiagrams(S({ n: 'four' })).error?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('explore: kernel panel', () => {
  it('K(x, x) of Erf-net equals the closed form of CONVENTIONS §2', () => {
    const x = 0.7, sw = 1.3, sb = 0.4;
    const S0 = sb * sb + sw * sw * x * x;
    const want = sb * sb + sw * sw * (2 / Math.PI) * Math.asin((2 * S0) / (1 + 2 * S0));
    const r = computeKernel(S({ arch: 'erf', sw: String(sw), sb: String(sb), x0: String(x), depth: '1' }));
    expect(r.kxx).toBeCloseTo(want, 12);
    expect(r.svg).toContain('<svg');
  });
  it('depth L: K(x, x) of a linear network is the L-fold map K -> C_b + C_W K (CONVENTIONS §8)', () => {
    const x = 0.5, sw = 1.1, sb = 0.3, L = 4;
    let k = sb * sb + sw * sw * x * x;
    for (let l = 0; l < L; l++) k = sb * sb + sw * sw * k;
    const r = computeKernel(S({ arch: 'linear', sw: String(sw), sb: String(sb), x0: String(x), depth: String(L) }));
    expect(r.kxx).toBeCloseTo(k, 12);
    expect(r.depths).toEqual([1, 2, 3, 4]);
  });
  it('refuses a depth beyond the limit and Gauss-net at depth > 1 (INVALID_ARGUMENT)', () => {
    expect(() => computeKernel(S({ depth: '51' }))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => computeKernel(S({ arch: 'gauss', depth: '2' }))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('explore: finite-width panel', () => {
  it('m4 ∝ 1/N exactly (ΔG4 = κ4(f) ∝ 1/N, CONVENTIONS §4)', () => {
    const r = computeWidth(S({ arch: 'erf', inputs: '-1,0.2,0.6', widths: '3,10,100' }));
    expect(r.rows.map((x) => x.width)).toEqual([3, 10, 100]);
    expect(r.rows[0]!.m4 * 3).toBeCloseTo(r.rows[2]!.m4 * 100, 10);
    expect(r.slopes['4']).toBeCloseTo(-1, 10);
    expect(r.svg).toContain('<svg');
  });
  it('depth 1 is the exact one-layer engine, m4 and m6 bit-identical to exactCorrelators', async () => {
    const { exactCorrelators } = await import('../../src/exact/correlators.js');
    const { getArchitecture, resolveParams } = await import('../../src/kernels/registry.js');
    const arch = getArchitecture('erf');
    const rep = exactCorrelators(arch, resolveParams(arch, { sW: 1, sb: 1, dIn: 1 }), [[-1], [0.2], [0.6]], { widths: [3, 10], ns: [4, 6] });
    const r = computeWidth(S({ arch: 'erf', depth: '1', inputs: '-1,0.2,0.6', widths: '3,10' }));
    expect(r.method).toBe('exact');
    expect(r.notes).toEqual([]);
    for (const row of r.rows) {
      for (const n of [4, 6]) expect(n === 4 ? row.m4 : row.m6).toBe(rep.results.find((x) => x.width === row.width && x.n === n)!.m);
    }
  });
  it('depth 2: m4 is finiteWidthPlan\'s leading-1/n m at equal widths; m6 is said to be unavailable', async () => {
    const { finiteWidthPlan } = await import('../../src/width/vertex.js');
    const { getArchitecture } = await import('../../src/kernels/registry.js');
    const arch = getArchitecture('tanh');
    const net = { activation: 'tanh', widths: [7, 7], sW: 1.2, sb: 0.3, dIn: 1 };
    const plan = finiteWidthPlan(arch, net, [[-0.5], [0.4], [0.9]], { n: 4 });
    const r = computeWidth(S({ arch: 'tanh', sw: '1.2', sb: '0.3', depth: '2', inputs: '-0.5,0.4,0.9', widths: '3,10,100' }));
    expect(r.method).toBe('leading-1/n');
    expect(r.rows.map((x) => x.m4)).toEqual([3, 10, 100].map((n) => plan.at([n, n]).m));
    expect(r.rows.every((x) => x.m6 === null && x.m4Exact === undefined)).toBe(true);
    expect(r.notes.join(' ')).toContain('m₆ is not available at depth ≥ 2');
    expect(r.svg).toContain('leading order in 1/n, truncation O(1/n²)');
  });
  it('ReLU, σ_b = 0, one input, depth 2: exact m4 = (1+5/n)² − 1, leading order 10/n (CONVENTIONS §8)', () => {
    // E f⁴/(E f²)² = 3 Π_l (1 + 5/n_l) and G2 = K exactly, so m4 = 3(1+5/n)²/3 − 1 = 10/n + 25/n².
    const ns = [2, 10, 1000];
    const r = computeWidth(S({ arch: 'relu', sw: '1.3', sb: '0', depth: '2', inputs: '0.7', widths: ns.join(',') }));
    r.rows.forEach((row, i) => {
      const n = ns[i]!;
      expect(row.width).toBe(n);
      expect(Math.abs(row.m4 - 10 / n)).toBeLessThan(1e-9 * (10 / n));
      expect(Math.abs(row.m4Exact! - ((1 + 5 / n) ** 2 - 1))).toBeLessThan(1e-12 * row.m4Exact!);
    });
    expect(r.svg).toContain('exact');
  });
  it('Gauss-net at depth 2 is refused with the library\'s one-line INVALID_ARGUMENT', () => {
    expect(() => computeWidth(S({ arch: 'gauss', depth: '2' }))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^Gauss-net has no depth > 1[^\n]*$/) }));
  });
  it('bad widths and inputs are INVALID_ARGUMENT', () => {
    expect(() => computeWidth(S({ widths: '2,,3' }))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => computeWidth(S({ inputs: '1 2; 3' }))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('explore: EFT panel', () => {
  it('ReLU-net, σ_b = 0, positive inputs: λ = −12.5/(N Λ⁵) and MAPE 0 (hand check of CONVENTIONS §4)', async () => {
    // ΔG4 = 3.75 x1x2x3x4/N; with σ_b = 0, K(x,y) = x y/2 for y > 0 and 0 for y < 0 (x > 0), so the
    // M1 feature is 24 ∫_0^Λ Π(x_i y/2) dy = 0.3 Λ⁵ Πx, and G4 ⊃ −λ·feature gives λ = −3.75/(0.3 N Λ⁵).
    const N = 20, L = 10;
    const r = await computeEft(S({ arch: 'relu', sw: '1', sb: '0', width: String(N), cutoff: String(L), train: '0.3,0.7,1.1', test: '0.2,0.5,0.9,1.2' }));
    const want = -3.75 / (0.3 * N * L ** 5);
    expect(Math.abs(r.lambda! / want - 1)).toBeLessThan(1e-8);
    expect(r.lambdaPaper).toBe(-r.lambda!);
    expect(r.mapeTest).toBeLessThan(1e-6);
    // Predicted G4 = G_GP + ΔG4(M1) on each test tuple: C(4+3, 4) = 35 unique tuples.
    expect(r.rows).toHaveLength(35);
    for (const row of r.rows) expect(Math.abs(row.predicted - row.exact)).toBeLessThan(1e-9 * Math.abs(row.exact));
  });
  it('a bad cutoff is INVALID_ARGUMENT', async () => {
    await expect(computeEft(S({ cutoff: '-1' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('explore: the view in the URL', () => {
  it('the default view has an empty hash', () => {
    expect(stateToParams({ ...DEFAULT_STATE })).toBe('');
  });
  it('any state survives the round trip through the URL', () => {
    const text = fc.string({ unit: fc.constantFrom('λ', 'κ', 'f', '^', '4', ' ', '+', '&', '#', '=', '%', '?', '\n', 'x', '²') });
    const state = fc.record({
      action: text, n: text, order: text, mode: fc.constantFrom('skeleton' as const, 'full' as const), arch: fc.constantFrom(...EXPLORE_ARCHITECTURES),
      sw: text, sb: text, din: text, depth: text, x0: text, inputs: text, widths: text, width: text, cutoff: text, train: text, test: text,
    });
    fc.assert(fc.property(state, (s) => {
      expect(stateFromParams('#' + stateToParams(s))).toEqual(s);
    }));
  });
  it('unknown choices fall back to the defaults; unknown parameters are ignored', () => {
    const s = stateFromParams('#arch=sigmoid&mode=weird&zzz=1&n=6');
    expect(s).toEqual({ ...DEFAULT_STATE, n: '6' });
  });
});

describe('explore: EFT panel agrees with nnqft fit', () => {
  it('λ and the MAPEs equal those of the fit pipeline (makeEngines + fitAction) on the Table 5 Erf setup', async () => {
    const { makeEngines } = await import('../../src/fit/engines.js');
    const { fitAction } = await import('../../src/fit/pipeline.js');
    const { getArchitecture, resolveParams } = await import('../../src/kernels/registry.js');
    const { parseInputs } = await import('../../src/core/inputs.js');
    const arch = getArchitecture('erf');
    const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
    const engines = makeEngines('λ0 f^4', { arch, params, width: 5, propagator: 'eft', source: 'exact' });
    const fit = await fitAction(engines, { train: parseInputs('table5-erf-train'), test: parseInputs('table5-erf-test'), cutoff: 100 });
    const r = await computeEft(S({}));
    expect(r.lambda).toBe(fit.couplings['λ0']!.value);
    expect(r.mapeTest).toBe(fit.test!.mape);
    expect(r.mapeTrain).toBe(fit.train.mape);
  });
});

describe('explore: the diagrams worker\'s render cache', () => {
  it('gives the same result as no cache, across a typing session that revisits actions', () => {
    const cache = new Map();
    const session = ['λf⁴+κf⁶', 'λf⁴+κf', 'λf⁴+κf⁶', 'λf⁴+2κf⁶', 'λ/4! f^4 + κ f^6', 'λf⁴+κf⁶', 'g f^3 + λ f^4'];
    for (const action of session) {
      for (const mode of ['skeleton', 'full'] as const) {
        const st = S({ action, n: '4', order: '2', mode });
        expect(computeDiagrams(st, cache)).toEqual(computeDiagrams(st));
      }
    }
    expect(cache.size).toBeGreaterThan(0);
  });
});
