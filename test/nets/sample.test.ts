import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectResumeInvariance, expectThreadAndChunkInvariance, noTiming } from '../helpers/sampling.js';
import { describe, expect, it } from 'vitest';
import { gaussians } from '../../src/core/rng.js';
import { wickSum, perfectMatchings } from '../../src/core/combinatorics.js';
import { erf } from '../../src/core/special.js';
import { kernelMatrix } from '../../src/kernels/kernel.js';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { preactivationCovariance, type Architecture } from '../../src/kernels/types.js';
import { readNpy } from '../../src/nets/npy.js';
import { buildResult, type SampleResult } from '../../src/nets/result.js';
import { loadTfjs } from '../../src/nets/tfjs.js';
import { runSampler, sampleCorrelators, type SampleOptions } from '../../src/nets/sample.js';
import { mergeStates, parseState, serializeState, type SampleState } from '../../src/nets/state.js';

/** Why tfjs cannot run here ('' when it loads): the tfjs comparison is skipped with this reason. */
const TFJS_MISSING = await loadTfjs().then(() => '', (e: unknown) => (e instanceof Error ? e.message : String(e)));
const tmp = () => mkdtempSync(join(tmpdir(), 'nnqft-sample-'));
const zOf = (got: { mean: number; stdError: number }, want: number) => (got.mean - want) / got.stdError;

describe('sampler vs independent oracles (|z| < 5)', () => {
  it('G2 = K at every width, both estimators, d_in = 2 (Erf-net)', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1.2, sb: 0.8, dIn: 2 });
    const pts = [[-1, 0.5], [0.3, 1], [1, -1]];
    const K = kernelMatrix(arch, p, pts);
    for (const estimator of ['plain', 'conditional'] as const) {
      const r = await sampleCorrelators(arch, p, pts, { widths: [3], ns: [2], nets: 20000, experiments: 10, seed: 11, estimator, threads: 1 });
      for (const e of r.entries!) {
        expect(e.GP).toBeCloseTo(K[e.index[0]!]![e.index[1]!]!, 14);
        expect(Math.abs(zOf(e.G, e.GP!))).toBeLessThan(5);
      }
    }
  });

  it('ReLU hand check: ΔG4 = 3.75 x1x2x3x4 / N (σ_b = 0, d_in = 1, positive inputs)', async () => {
    const arch = getArchitecture('relu');
    const p = resolveParams(arch, { sW: 1, sb: 0, dIn: 1 });
    const pts = [[0.4], [1.1]];
    for (const estimator of ['plain', 'conditional'] as const) {
      const r = await sampleCorrelators(arch, p, pts, { widths: [2, 5], ns: [4], nets: 30000, experiments: 10, seed: 5, estimator, threads: 1 });
      for (const res of r.results) {
        for (const e of res.entries) {
          const want = (3.75 * e.index.reduce((a, i) => a * pts[i]![0]!, 1)) / res.width;
          expect(Math.abs(zOf(e.delta!, want))).toBeLessThan(5);
        }
      }
    }
  });

  it('Gauss-net ΔG4 against the closed-form single-neuron moments (d_in = 2)', async () => {
    // φ = exp(z − c(x)): M_k = exp(½ Σ_ab S(x_a, x_b) − Σ_a c(x_a)); cumulants of f = N κ(u) (CONVENTIONS §4)
    const arch = getArchitecture('gauss');
    const p = resolveParams(arch, { sW: 1, sb: 0.5, dIn: 2 });
    const pts = [[0.1, -0.2], [0.3, 0.2]];
    const c = (x: number[]) => p.sb ** 2 + (p.sW ** 2 * (x[0]! ** 2 + x[1]! ** 2)) / 2;
    const M = (xs: number[][]) => {
      let s = 0;
      for (const a of xs) for (const b of xs) s += preactivationCovariance(a, b, p);
      return Math.exp(s / 2 - xs.reduce((t, x) => t + c(x), 0));
    };
    const N = 2;
    // ΔG4 = κ4(f) = (σ_W⁴/N)[3 M4 − (M2 M2 + M2 M2 + M2 M2)]  (CONVENTIONS §4)
    const r = await sampleCorrelators(arch, p, pts, { widths: [N], ns: [4], nets: 20000, experiments: 10, seed: 9, estimator: 'conditional', threads: 1 });
    for (const e of r.entries!) {
      const xs = e.index.map((i) => pts[i]!);
      const M2 = (a: number, b: number) => M([xs[a]!, xs[b]!]);
      const k4 = ((p.sW ** 4) / N) * (3 * M(xs) - (M2(0, 1) * M2(2, 3) + M2(0, 2) * M2(1, 3) + M2(0, 3) * M2(1, 2)));
      expect(Math.abs(zOf(e.delta!, k4))).toBeLessThan(5);
    }
  });

  it('a network is f(x) = b1 + Σ W1_j φ(W0_j·x + b0_j) from its documented stream (raw .npy outputs)', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1.5, sb: 0.5, dIn: 2 });
    const pts = [[0.2, -1], [1, 0.5], [-0.3, 0.3]];
    const dir = tmp();
    const file = join(dir, 'raw.npy');
    const nets = 25, E = 2, seed = 99, widths = [3, 4];
    await runSampler(arch, p, pts, { widths, ns: [2], nets, experiments: E, seed, threads: 1, npy: file, chunkSize: 4 });
    const buf = readFileSync(file);
    // format v1.0: magic, version 1.0, header length, data aligned to 64 bytes
    expect(buf.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect([buf[6], buf[7]]).toEqual([1, 0]);
    expect((10 + buf.readUInt16LE(8)) % 64).toBe(0);
    const { shape, fortranOrder, data } = readNpy(buf);
    expect(shape).toEqual([2, nets, 3]);
    expect(fortranOrder).toBe(false);
    const sidecar = JSON.parse(readFileSync(join(dir, 'raw.json'), 'utf8'));
    expect(sidecar.shape).toEqual(shape);
    expect(sidecar.experimentSizes).toEqual([13, 12]);
    for (const [w, e, i] of [[0, 0, 0], [0, 1, 11], [1, 0, 12], [1, 1, 3]] as const) {
      const N = widths[w]!;
      const g = gaussians(seed, e, i, N, 0, N * 4 + 1);
      const row = w * nets + (e === 0 ? 0 : 13) + i;
      pts.forEach((x, a) => {
        let f = p.sb * g[N * 4]!;
        for (let j = 0; j < N; j++) {
          const z = (p.sW / Math.SQRT2) * (g[2 * j]! * x[0]! + g[2 * j + 1]! * x[1]!) + p.sb * g[2 * N + j]!;
          f += (p.sW / Math.sqrt(N)) * g[3 * N + j]! * erf(z);
        }
        expect(data[row * 3 + a]).toBeCloseTo(f, 12);
      });
    }
  });
});

describe('reproducibility', () => {
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, { dIn: 1 });
  const pts = [[-1], [0.2], [1]];
  const base: SampleOptions = { widths: [4, 7], ns: [2, 4], nets: 3000, experiments: 3, seed: 7, chunkSize: 250, threads: 1 };

  it('same seed → identical JSON; another seed → different numbers', async () => {
    const a = await sampleCorrelators(arch, p, pts, base);
    const b = await sampleCorrelators(arch, p, pts, base);
    const c = await sampleCorrelators(arch, p, pts, { ...base, seed: 8 });
    expect(noTiming(a)).toBe(noTiming(b));
    expect(c.results[0]!.entries[0]!.G.mean).not.toBe(a.results[0]!.entries[0]!.G.mean);
  });

  it('1 thread, 2 worker threads and the chunk size leave each network unchanged', async () => {
    await expectThreadAndChunkInvariance(arch, p, pts, base);
  });

  it('an interrupted run resumed from its checkpoint is bit-identical to an uninterrupted one', async () => {
    const { ck } = await expectResumeInvariance(arch, p, pts, base);
    // a checkpoint of another job is refused
    await expect(runSampler(arch, p, pts, { ...base, seed: 1, checkpoint: ck, resume: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('shards merge into exactly the result of one run; overlaps are refused', async () => {
    const full = await sampleCorrelators(arch, p, pts, base);
    const parts: SampleState[] = [];
    for (let i = 1; i <= 3; i++) {
      const run = await runSampler(arch, p, pts, { ...base, shard: { index: i, count: 3 } });
      expect(run.complete).toBe(false);
      parts.push(parseState(JSON.parse(JSON.stringify(serializeState(run.state)))));
    }
    const merged = buildResult(mergeStates([parts[2]!, parts[0]!, parts[1]!]));
    expect(JSON.stringify(merged)).toBe(noTiming(full));
    expect(() => mergeStates([parts[0]!, parts[0]!])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('rejects bad requests with INVALID_ARGUMENT', async () => {
    const bad: Partial<SampleOptions>[] = [
      { ns: [3] }, { widths: [2.5] }, { nets: 0 }, { experiments: 5000 }, { seed: -1 }, { seed: 2 ** 32 },
      { resume: true }, { shard: { index: 3, count: 2 } }, { threads: 0 },
    ];
    for (const b of bad) {
      await expect(sampleCorrelators(arch, p, pts, { ...base, ...b })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(sampleCorrelators(arch, p, [[1, 2]], base)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // C(35, 6) = 1.6e6 unique 6-tuples of 30 points per network: refused up front
    const many = Array.from({ length: 30 }, (_, i) => [i / 30]);
    await expect(sampleCorrelators(arch, p, many, { ...base, ns: [6] })).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED' });
    await expect(sampleCorrelators(arch, p, pts, { ...base, shard: { index: 1, count: 2 } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('estimators and backends agree statistically', () => {
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, { dIn: 1 });
  const pts = [[-1], [0.6]];
  it('plain vs conditional', async () => {
    const o: SampleOptions = { widths: [3], ns: [4], nets: 20000, experiments: 10, seed: 21, threads: 1 };
    const plain = await sampleCorrelators(arch, p, pts, { ...o, estimator: 'plain' });
    const cond = await sampleCorrelators(arch, p, pts, { ...o, estimator: 'conditional', seed: 22 });
    plain.entries!.forEach((e, k) => {
      const c = cond.entries![k]!;
      expect(Math.abs(e.G.mean - c.G.mean) / Math.hypot(e.G.stdError, c.G.stdError)).toBeLessThan(5);
    });
    // conditional integrates W1, b1 out: a smaller error for the same networks
    expect(cond.entries![0]!.G.stdError).toBeLessThan(plain.entries![0]!.G.stdError);
  });
  it.skipIf(TFJS_MISSING !== '')(`workers vs tfjs: same networks, float32 arithmetic${TFJS_MISSING ? ` (skipped: ${TFJS_MISSING})` : ''}`, async () => {
    const o: SampleOptions = { widths: [3], ns: [4], nets: 20000, experiments: 10, seed: 23, threads: 1, estimator: 'conditional' };
    const tf = await sampleCorrelators(arch, p, pts, { ...o, backend: 'tfjs' });
    // same networks (same Philox streams), float32 tensor arithmetic: agreement far below the error bars
    const same = await sampleCorrelators(arch, p, pts, o);
    same.entries!.forEach((e, k) => expect(Math.abs(e.G.mean - tf.entries![k]!.G.mean)).toBeLessThan(1e-3 * e.G.stdError));
  });
  it.runIf(TFJS_MISSING !== '')('without tfjs, --backend tfjs is a clear INVALID_ARGUMENT', async () => {
    await expect(sampleCorrelators(arch, p, pts, { widths: [3], ns: [4], nets: 100, experiments: 2, seed: 1, backend: 'tfjs' }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('every registered architecture', () => {
  for (const arch of ARCHITECTURES) {
    // kernelMatrix falls back to the numeric kernel where an architecture has no closed form
    it(`${arch.name}: sampled G2 = K (both estimators, d_in = 2)`, async () => {
      // σ_b ≤ 0.5 keeps log-normal (Gauss-net) tails tame enough for 2e4 networks
      const p = resolveParams(arch, { dIn: 2, sb: Math.min(arch.defaults.sb, 0.5) });
      const pts = [[0.5, 0.2], [0.3, 0.9]];
      const K = kernelMatrix(arch, p, pts);
      for (const estimator of ['plain', 'conditional'] as const) {
        const r = await sampleCorrelators(arch, p, pts, { widths: [3], ns: [2], nets: 20000, experiments: 10, seed: 31, estimator, threads: 1 });
        for (const e of r.entries!) expect(Math.abs(zOf(e.G, K[e.index[0]!]![e.index[1]!]!))).toBeLessThan(5);
      }
    });
  }
});

describe('architectures outside the registry', () => {
  it('a custom activation (φ only, no fast path) samples in-process; linear φ: G2 = σ_b² + σ_W² S and ΔG4 = 2 (σ_W⁴/N) Wick(S)', async () => {
    // φ(z) = z: M_k = E[z1…zk] = Wick sum of S, so κ4 = (σ_W⁴/N)(3 Wick4 − Wick4) = 2 (σ_W⁴/N) Wick4(S)
    const linear: Architecture = {
      name: 'linear-test', title: 'linear', defaults: { sW: 1, sb: 1 }, phi: (z) => z,
      kernel: (x, y, q) => q.sb ** 2 + q.sW ** 2 * preactivationCovariance(x, y, q),
    };
    const p = { sW: 0.9, sb: 0.4, dIn: 1 };
    const pts = [[-0.5], [1]];
    const S = pts.map((x) => pts.map((y) => preactivationCovariance(x, y, p)));
    const N = 3;
    const r = await sampleCorrelators(linear, p, pts, { widths: [N], ns: [2, 4], nets: 20000, experiments: 10, seed: 3, threads: 2 });
    for (const e of r.results[0]!.entries) expect(Math.abs(zOf(e.delta!, 0))).toBeLessThan(5);
    for (const e of r.results[1]!.entries) {
      expect(Math.abs(zOf(e.delta!, (2 * p.sW ** 4 / N) * wickSum(S, e.index)))).toBeLessThan(5);
    }
  });
});

describe('heavy-tail diagnostic', () => {
  it('flags strongly skewed per-experiment estimates (Gauss-net, σ_b = 1: log-normal outputs) and not Erf-net ones', async () => {
    const pts = [[-0.01], [0.002], [0.01]];
    const o: SampleOptions = { widths: [6], ns: [6], nets: 16000, experiments: 20, seed: 17, threads: 1 };
    const gauss = getArchitecture('gauss');
    const g = await sampleCorrelators(gauss, resolveParams(gauss, { dIn: 1, sb: 1 }), pts, o);
    expect(g.results[0]!.maxSkewness).toBeGreaterThan(2.5);
    expect(g.warnings).toHaveLength(1);
    const erfA = getArchitecture('erf');
    const e = await sampleCorrelators(erfA, resolveParams(erfA, { dIn: 1 }), [[-1], [0.2], [1]], o);
    expect(e.results[0]!.maxSkewness).toBeLessThan(2.5);
    expect(e.warnings).toEqual([]);
  });
  it('flags samples that cannot vary (Gauss-net φ = exp(z − 160001) underflows to 0 for every network)', async () => {
    const gauss = getArchitecture('gauss');
    const r = await sampleCorrelators(gauss, resolveParams(gauss, { dIn: 1, sW: 40 }), [[10], [20]], { widths: [3], ns: [4], nets: 200, threads: 1 });
    expect(r.entries![0]!.G.stdError).toBe(0);
    expect(r.warnings.some((w) => /cannot resolve/.test(w))).toBe(true);
  });
});

describe('one experiment', () => {
  it('takes its error bar from the spread over networks, consistent with the spread over experiments', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { dIn: 1 });
    const pts = [[-1], [0.6]];
    const K = kernelMatrix(arch, p, pts);
    const o: SampleOptions = { widths: [3], ns: [2], nets: 20000, seed: 4, threads: 1, estimator: 'plain' };
    const one = await sampleCorrelators(arch, p, pts, { ...o, experiments: 1 });
    const ten = await sampleCorrelators(arch, p, pts, { ...o, experiments: 10, seed: 5 });
    one.entries!.forEach((e, k) => {
      expect(Math.abs(zOf(e.G, K[e.index[0]!]![e.index[1]!]!))).toBeLessThan(5);
      const ratio = e.G.stdError / ten.entries![k]!.G.stdError;
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
      expect(e.background).toBeCloseTo(e.G.stdError / e.GP!, 14);
    });
  });
});

describe('result shape', () => {
  it('has GP = Wick sum of K, delta = G − GP, m and background per entry and their means', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { dIn: 1 });
    const pts = [[-1], [1]];
    const r = await sampleCorrelators(arch, p, pts, { widths: [5], ns: [4], nets: 2000, experiments: 4, seed: 1, threads: 1 });
    const K = kernelMatrix(arch, p, pts);
    expect(perfectMatchings(4)).toHaveLength(3);
    for (const e of r.entries!) {
      expect(e.GP).toBe(wickSum(K, e.index));
      expect(e.delta!.mean).toBe(e.G.mean - e.GP!);
      expect(e.m).toBeCloseTo(Math.abs(e.delta!.mean) / e.GP!, 15);
      expect(e.background).toBeCloseTo((e.G.stdError * 2) / e.GP!, 12); // std of one experiment = √E · stdError
    }
    expect(r.m).toBeCloseTo(r.entries!.reduce((s, e) => s + e.m!, 0) / r.entries!.length, 15);
    expect(r.results).toHaveLength(1);
    expect(r.netsPerSecond).toBeGreaterThan(0);
  });
});
