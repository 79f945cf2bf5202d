/**
 * Consistent answers to odd requests (issue 15, item 5): odd n of an even theory, control
 * characters in an action, shards counted from 0, runs too long to start, absurd widths and
 * cutoffs, and predictions outside perturbation theory. (Merging an incomplete shard set is
 * in test/nets/cli.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { DslSyntaxError, isNnqftError } from '../../src/core/errors.js';
import { generateDiagrams } from '../../src/diagrams/generate.js';
import { parseAction } from '../../src/dsl/parse.js';
import { exactCorrelators, MAX_EXACT_WIDTH } from '../../src/exact/correlators.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { estimateSampleSeconds } from '../../src/nets/cost.js';
import { chunkInShard } from '../../src/nets/engine.js';
import { runSampler, sampleSpec } from '../../src/nets/sample.js';
import { emptyState } from '../../src/nets/state.js';
import { MAX_FINITE_CUTOFF, predictCorrelators } from '../../src/predict/predict.js';
import { runCli } from '../helpers/cli.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return isNnqftError(e) ? e.code : 'other'; } return 'none'; };
/** One line on stderr, nothing on stdout, exit 2. */
const refused = (r: { status: number | null; stdout: string; stderr: string }) => {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
};

describe('odd n: one behaviour everywhere (refused where it vanishes by symmetry)', () => {
  const erf = getArchitecture('erf');
  const p = resolveParams(erf, { dIn: 1 });
  it('diagrams, predict, exact and sample refuse n = 3 of an even theory, naming the symmetry', () => {
    for (const args of [
      ['diagrams', 'λ f^4', '--n', '3', '--order', '1'],
      ['predict', 'λ f^4 + κ f^6', '--arch', 'erf', '--cutoff', '10', '--inputs', '0.2,0.5', '--n', '3'],
      ['exact', '--arch', 'erf', '--width', '5', '--inputs', '0.2,0.5', '--n', '3'],
      ['sample', '--arch', 'erf', '--width', '5', '--nets', '100', '--inputs', '0.2,0.5', '--n', '3'],
    ]) {
      const r = runCli(args);
      refused(r);
      expect(r.stderr, args[0]).toMatch(/f → −f/);
    }
  });
  it('an odd term makes odd n a real question: diagrams and predict answer it', () => {
    const d = runCli(['diagrams', 'g f^3', '--n', '3', '--order', '1', '--mode', 'full', '--json']);
    expect(d.status).toBe(0);
    expect(JSON.parse(d.stdout).diagrams.length).toBeGreaterThan(0);
    const act = parseAction('g f^3');
    const ds = generateDiagrams(act, { n: 3, order: 1, mode: 'full' });
    const r = predictCorrelators(act, ds, { arch: erf, params: p, propagator: 'eft', cutoff: 5, points: [[0.3]], n: 3 });
    expect(r.entries[0]!.terms.some((t) => t.value !== 0)).toBe(true);
  });
  it('the library agrees: predictCorrelators and exactCorrelators refuse; generateDiagrams lists no diagram (a combinatorial fact)', () => {
    const act = parseAction('λ f^4');
    expect(generateDiagrams(act, { n: 3, order: 2, mode: 'full' })).toEqual([]);
    expect(code(() => predictCorrelators(act, [], { arch: erf, params: p, propagator: 'eft', cutoff: 5, points: [[0.3]], n: 3 }))).toBe('INVALID_ARGUMENT');
    expect(code(() => exactCorrelators(erf, p, [[0.3]], { widths: [5], ns: [3] }))).toBe('INVALID_ARGUMENT');
  });
});

describe('control characters in an action', () => {
  it('are a DslSyntaxError at their line and column (they were skipped as white space)', () => {
    for (const [text, line, column] of [
      ['λ f^4\u0007 + κ f^6', 1, 6], ['\u0000λ f^4', 1, 1], ['λ f^4\n + κ\u001b f^6', 2, 5],
      ['λ f^4 # note\u007f', 1, 13], ['λ\u0085 f^4', 1, 2], ['λ f^4\u000b', 1, 6],
    ] as const) {
      let err: unknown;
      try { parseAction(text); } catch (e) { err = e; }
      expect(err, JSON.stringify(text)).toBeInstanceOf(DslSyntaxError);
      expect([(err as DslSyntaxError).line, (err as DslSyntaxError).column], JSON.stringify(text)).toEqual([line, column]);
    }
  });
  it('tab, newline and carriage return stay white space', () => {
    expect(parseAction('λ f^4\t+\r\n κ f^6').terms).toHaveLength(2);
  });
  it('the CLI prints one line with the column and exits 2', () => {
    const r = runCli(['action', 'λ f^4\u0001 + κ f^6']);
    refused(r);
    expect(r.stderr).toMatch(/line 1, column 6: control character U\+0001/);
  });
});

describe('shards count from 1', () => {
  it('--shard 0/2 is refused with the suggestion 1/2', () => {
    const r = runCli(['sample', '--arch', 'erf', '--width', '5', '--nets', '100', '--shard', '0/2']);
    refused(r);
    expect(r.stderr).toMatch(/count from 1.*1\/2/);
  });
  it('shards i/n, i = 1..n, partition the chunks', () => {
    for (const n of [1, 2, 3, 7]) {
      for (let id = 0; id < 50; id++) {
        expect(Array.from({ length: n }, (_, i) => chunkInShard(id, { index: i + 1, count: n })).filter(Boolean)).toHaveLength(1);
      }
    }
  });
});

describe('sampling time: estimated up front, refused beyond a budget', () => {
  const erf = getArchitecture('erf');
  const p = resolveParams(erf, { dIn: 1 });
  const pts = [[-1], [-0.6], [-0.2], [0.2], [0.6], [1]];
  it('sample --width 1000000 is refused at once with its estimate (it ran silently for minutes)', () => {
    const t0 = Date.now();
    const r = runCli(['sample', '--arch', 'erf', '--width', '1000000', '--no-progress']);
    refused(r);
    expect(r.stderr).toMatch(/sampling time.*about .*(min|h).*--max-time/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });
  it('the estimate is called once before any work and a small maxSeconds refuses with BUDGET_EXCEEDED', async () => {
    const seen: [number, number][] = [];
    const run = await runSampler(erf, p, pts, { widths: [3], ns: [4], nets: 2000, threads: 1, onEstimate: (s, n) => seen.push([s, n]) });
    expect(run.complete).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]![1]).toBe(2000);
    expect(seen[0]![0]).toBeGreaterThan(0);
    await expect(runSampler(erf, p, pts, { widths: [1000], ns: [4], nets: 100000, maxSeconds: 0.5 })).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
  });
  it('the model: linear in N at large width, divided by threads, split by shards', () => {
    const spec = (N: number) => sampleSpec(erf, p, pts, { widths: [N], ns: [4], nets: 10000 });
    const all = (N: number, threads = 1) => {
      const s = spec(N), st = emptyState(s);
      return estimateSampleSeconds(s, st.layout, Array.from({ length: st.layout.total }, (_, i) => i), threads);
    };
    expect(all(4e5) / all(2e5)).toBeCloseTo(2, 1);
    expect((all(2e5, 2) - 0.3) / (all(2e5, 1) - 0.3)).toBeCloseTo(0.5, 6);
    const s = spec(1e5), st = emptyState(s);
    const ids = Array.from({ length: st.layout.total }, (_, i) => i);
    const half = estimateSampleSeconds(s, st.layout, ids.filter((id) => chunkInShard(id, { index: 1, count: 2 })), 1);
    expect((half - 0.3) / (estimateSampleSeconds(s, st.layout, ids, 1) - 0.3)).toBeCloseTo(0.5, 6);
  });
});

describe('absurd widths and cutoffs', () => {
  it(`exact refuses widths beyond ${MAX_EXACT_WIDTH} (1e308 ran), keeps non-integer and large ones`, () => {
    refused(runCli(['exact', '--arch', 'erf', '--width', '1e308', '--inputs', '0.5', '--n', '4']));
    const ok = runCli(['exact', '--arch', 'erf', '--width', '2.5,1e12', '--inputs', '0.5', '--n', '4', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).results).toHaveLength(2);
  });
  it('sample refuses non-integer widths', () => {
    refused(runCli(['sample', '--arch', 'erf', '--width', '2.5', '--nets', '100']));
  });
  it(`predict refuses finite cutoffs beyond ${MAX_FINITE_CUTOFF} (1e300 printed 7e153 silently)`, () => {
    const r = runCli(['predict', 'λ f^4', '--arch', 'erf', '--cutoff', '1e300', '--couplings', 'λ=0.01', '--inputs', '0.2,0.5', '--n', '4']);
    refused(r);
    expect(r.stderr).toMatch(/cutoff/);
  });
});

describe('predictions outside perturbation theory warn, with the growth in Λ', () => {
  it('ReLU-net, σ_b = 0: Π K_EFT ∝ y⁴ at large |y|, so the term grows like Λ⁵; stderr and JSON say so', () => {
    // K_EFT(x, y) = σ_W² |x||y| (sin t + (π − t) cos t)/(2π) with t fixed by the signs: a product
    // of four is ∝ y⁴ on each half-line, and its integral over [−Λ, Λ] is exactly ∝ Λ⁵.
    const r = runCli(['predict', 'λ f^4', '--arch', 'relu', '--sb', '0', '--cutoff', '100', '--couplings', 'λ=0.01', '--inputs', '0.2,0.5', '--n', '4', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const w = JSON.parse(r.stdout).warnings as string[];
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/perturbation theory does not hold.*Λ\^5\.00/);
    expect(r.stderr).toContain(w[0]);
  });
  it('Erf-net: K tends to a constant at large |y|, so the term grows like Λ¹', () => {
    const erf = getArchitecture('erf');
    const act = parseAction('λ f^4');
    const rep = predictCorrelators(act, generateDiagrams(act, { n: 4, order: 1 }), {
      arch: erf, params: resolveParams(erf, { dIn: 1 }), propagator: 'eft', cutoff: 1e8, points: [[0.5]], n: 4, couplings: { λ: 0.01 },
    });
    expect(rep.warnings?.[0]).toMatch(/Λ\^1\.00/);
  });
  it('a physical coupling (the fitted width-1000 Gauss-net λ, Λ = ∞) gives no warning', () => {
    const gauss = getArchitecture('gauss');
    const act = parseAction('λ f^4');
    const rep = predictCorrelators(act, generateDiagrams(act, { n: 4, order: 1 }), {
      arch: gauss, params: resolveParams(gauss, { dIn: 1 }), propagator: 'eft', cutoff: Infinity, points: [[0.002], [0.01]], n: 4, couplings: { λ: -0.0053 },
    });
    expect(rep.warnings).toBeUndefined();
  });
});
