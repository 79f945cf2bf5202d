/**
 * Deep networks in the sampler (CONVENTIONS §8; src/nets/deep.ts) against independent oracles:
 * a plain weight-space sampler written here from the definition, the NNGP kernel where G2 is exact
 * at any width, the closed-form single-input kurtosis, and the documented streams.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import { gaussians } from '../../src/core/rng.js';
import { erf } from '../../src/core/special.js';
import { networkKernel } from '../../src/kernels/network.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import type { ArchParams } from '../../src/kernels/types.js';
import { pivotedCholesky, transitions } from '../../src/nets/deep.js';
import { readNpy } from '../../src/nets/npy.js';
import { buildResult, type SampleResult } from '../../src/nets/result.js';
import { runSampler, sampleCorrelators, type SampleOptions } from '../../src/nets/sample.js';
import { mergeStates, parseState, serializeState, specKey, type SampleState } from '../../src/nets/state.js';
import { normalSampler } from '../helpers/random.js';
import { expectResumeInvariance, expectThreadAndChunkInvariance, noTiming } from '../helpers/sampling.js';
import { runCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'nnqft-deep-'));

/**
 * The definition (CONVENTIONS §8), weight by weight: z1 = b0 + W0 x, z(l+1) = bl + Wl φ(zl), f = z(L+1),
 * W ~ N(0, σ_W²/fan-in), b ~ N(0, σ_b²). Returns per-tuple means and standard errors of the products
 * f(x_i1)…f(x_in) over `nets` networks.
 */
function weightSpace(phi: (z: number) => number, widths: number[], p: ArchParams, pts: number[][], ns: number[], nets: number, seed: number) {
  const g = normalSampler(seed);
  const tuples = ns.flatMap((n) => uniqueTuples(pts.length, n));
  const s1 = new Float64Array(tuples.length), s2 = new Float64Array(tuples.length);
  const sizes = [...widths, 1];
  for (let r = 0; r < nets; r++) {
    let prev = pts.map((x) => x.slice());
    for (let l = 0; l < sizes.length; l++) {
      const k = prev[0]!.length, n = sizes[l]!;
      const W = Array.from({ length: n * k }, () => (p.sW / Math.sqrt(k)) * g());
      const b = Array.from({ length: n }, () => p.sb * g());
      prev = prev.map((v) => Array.from({ length: n }, (_, i) => {
        let z = b[i]!;
        for (let j = 0; j < k; j++) z += W[i * k + j]! * v[j]!;
        return l === sizes.length - 1 ? z : phi(z);
      }));
    }
    const f = prev.map((v) => v[0]!);
    tuples.forEach((t, q) => { const v = t.reduce((acc, a) => acc * f[a]!, 1); s1[q] += v; s2[q] += v * v; });
  }
  return tuples.map((t, q) => {
    const mean = s1[q]! / nets;
    return { index: t, mean, stdError: Math.sqrt(Math.max(0, s2[q]! / nets - mean * mean) / (nets - 1)) };
  });
}

/** All entries of a sampled result, over its n in order (one sweep point). */
const entriesOf = (r: SampleResult, w = 0) => r.results.filter((x) => x.width === r.widths[w] && (!r.layers || x.layers === r.layers[w])).flatMap((x) => x.entries);

describe('function space = weight space (statistically, |z| < 5)', () => {
  const pts = [[0.5, -1], [1, 0.3], [-0.4, 0.8]];
  const cases: [string, number, number][] = [['relu', 1.4, 0.3], ['erf', 1.2, 0.5], ['tanh', 1.5, 0.4]];
  for (const [name, sW, sb] of cases) {
    it(`${name}, widths (3,4,5), 3 inputs: every G2 and G4 entry, both estimators`, async () => {
      const arch = getArchitecture(name);
      const p = resolveParams(arch, { sW, sb, dIn: 2 });
      const widths = [3, 4, 5];
      // the sampler draws layers 2, 3 and the output in function space here (m = 3 < fan-in + 1)
      expect(transitions(widths, 2, 3).map((t) => t.functionSpace)).toEqual([false, true, true, true]);
      const nets = 60000;
      const ref = weightSpace((z) => arch.phi(z, [], p), widths, p, pts, [2, 4], nets, 11);
      for (const estimator of ['plain', 'conditional'] as const) {
        const r = await sampleCorrelators(arch, p, pts, { widths: [], layers: [widths], ns: [2, 4], nets, experiments: 1, seed: 5, estimator, threads: 1 });
        const got = entriesOf(r);
        expect(got.map((e) => e.index)).toEqual(ref.map((e) => e.index));
        const zs = got.map((e, q) => (e.G.mean - ref[q]!.mean) / Math.hypot(e.G.stdError, ref[q]!.stdError));
        if (process.env.NNQFT_TEST_VERBOSE) console.log(name, estimator, 'max |z|', Math.max(...zs.map(Math.abs)));
        expect(Math.max(...zs.map(Math.abs))).toBeLessThan(5);
      }
    });
  }

  it('d_in + 1 > m: the first layer in function space too (its factor fixed by the inputs), erf (5,2), d_in = 4, 3 inputs (a weight-space output after function-space layers)', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1.6, sb: 0.5, dIn: 4 });
    const x4 = [[0.5, -1, 0.2, 0.9], [1, 0.3, -0.7, 0.1], [-0.4, 0.8, 0.6, -1.2]];
    expect(transitions([5, 2], 4, 3).map((t) => t.functionSpace)).toEqual([true, true, false]);
    const nets = 60000;
    const ref = weightSpace((z) => erf(z), [5, 2], p, x4, [2, 4], nets, 13);
    const r = await sampleCorrelators(arch, p, x4, { widths: [], layers: [[5, 2]], ns: [2, 4], nets, seed: 8, estimator: 'plain', threads: 1 });
    const zs = entriesOf(r).map((e, q) => (e.G.mean - ref[q]!.mean) / Math.hypot(e.G.stdError, ref[q]!.stdError));
    if (process.env.NNQFT_TEST_VERBOSE) console.log('d_in 4 max |z|', Math.max(...zs.map(Math.abs)));
    expect(Math.max(...zs.map(Math.abs))).toBeLessThan(5);
  });

  it('repeated inputs (rank-deficient Σ, pivoted Cholesky): erf (4,4), the repeated point\'s entries coincide', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1.3, sb: 0.6, dIn: 2 });
    const rep = [[0.5, -1], [1, 0.3], [0.5, -1]];
    const nets = 60000;
    const ref = weightSpace((z) => erf(z), [4, 4], p, rep, [2, 4], nets, 12);
    const r = await sampleCorrelators(arch, p, rep, { widths: [], layers: [[4, 4]], ns: [2, 4], nets, seed: 3, estimator: 'plain', threads: 1 });
    const got = entriesOf(r);
    const zs = got.map((e, q) => (e.G.mean - ref[q]!.mean) / Math.hypot(e.G.stdError, ref[q]!.stdError));
    expect(Math.max(...zs.map(Math.abs))).toBeLessThan(5);
    // f(x_0) = f(x_2) in every network: G2(0,0) = G2(0,2) = G2(2,2) to rounding
    const g2 = Object.fromEntries(got.filter((e) => e.index.length === 2).map((e) => [e.index.join(','), e.G.mean]));
    expect(Math.abs(g2['0,2']! - g2['0,0']!)).toBeLessThan(1e-12 * g2['0,0']!);
    expect(Math.abs(g2['2,2']! - g2['0,0']!)).toBeLessThan(1e-12 * g2['0,0']!);
  });
});

describe('pivoted Cholesky', () => {
  it('S = L Lᵀ in pivot order for random positive semi-definite S of every rank (m = 6)', () => {
    const m = 6, rnd = normalSampler(4);
    for (let rank = 0; rank <= m; rank++) {
      const B = Array.from({ length: m * Math.max(rank, 1) }, () => (rank ? rnd() : 0));
      const S = new Float64Array(m * m);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
        let s = 0;
        for (let k = 0; k < rank; k++) s += B[a * rank + k]! * B[b * rank + k]!;
        S[a * m + b] = s;
      }
      const L = new Float64Array(m * m), perm = new Int32Array(m);
      const r = pivotedCholesky(S, m, L, perm);
      expect(r).toBe(rank);
      expect([...perm].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      let scale = 0;
      for (let a = 0; a < m; a++) scale = Math.max(scale, S[a * m + a]!);
      for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
        let s = 0;
        for (let c = 0; c < m; c++) s += L[a * m + c]! * L[b * m + c]!;
        expect(Math.abs(s - S[perm[a]! * m + perm[b]!]!)).toBeLessThanOrEqual(1e-12 * Math.max(scale, 1e-300));
        // lower triangular, and zero beyond the rank
        if (b > a || b >= rank) expect(L[a * m + b]).toBe(0);
      }
    }
  });
});

describe('against closed forms (|z| < 5)', () => {
  it('G2 = the NNGP kernel where it is exact at any width: linear (any σ_b, every entry), bias-free ReLU (diagonal)', async () => {
    const pts = [[0.7, -0.2], [0.3, 1.1], [-0.9, 0.4]];
    for (const [name, sb] of [['linear', 0.7], ['relu', 0]] as const) {
      const arch = getArchitecture(name);
      const p = resolveParams(arch, { sW: 1.3, sb, dIn: 2 });
      const widths = [3, 4, 2];
      const K = networkKernel(arch, { activation: name, widths, ...p }, pts);
      const r = await sampleCorrelators(arch, p, pts, { widths: [], layers: [widths], ns: [2], nets: 80000, experiments: 20, seed: 9, threads: 1 });
      for (const e of r.entries!) {
        const [a, b] = e.index as [number, number];
        expect(e.GP).toBeCloseTo(K[a]![b]!, 12);
        if (name === 'relu' && a !== b) continue; // off the diagonal E[relu(u) relu(v)] depends on more than the covariance
        expect(Math.abs((e.G.mean - K[a]![b]!) / e.G.stdError)).toBeLessThan(5);
      }
    }
  });

  it('single-input kurtosis: E f⁴ = 3 Π (1 + c/n_l) (E f²)², c = 5 (ReLU), 2 (linear), σ_b = 0, both estimators', async () => {
    for (const [name, c] of [['relu', 5], ['linear', 2]] as const) {
      const arch = getArchitecture(name);
      const p = resolveParams(arch, { sW: 1.2, sb: 0, dIn: 1 });
      const x = 0.8;
      for (const widths of [[3, 5], [4, 4, 4]]) {
        // E f² = C_W x² Π (C_W/2 or C_W): the kernel, exact at any width here
        const g2 = p.sW ** 2 * x * x * (name === 'relu' ? (p.sW ** 2 / 2) ** widths.length : p.sW ** (2 * widths.length));
        const g4 = 3 * widths.reduce((acc, n) => acc * (1 + c / n), 1) * g2 * g2;
        for (const estimator of ['plain', 'conditional'] as const) {
          const r = await sampleCorrelators(arch, p, [[x]], { widths: [], layers: [widths], ns: [2, 4], nets: 500000, experiments: 20, seed: 21, estimator, threads: 2 });
          const [e2, e4] = [r.results[0]!.entries[0]!, r.results[1]!.entries[0]!];
          expect(Math.abs((e2.G.mean - g2) / e2.G.stdError)).toBeLessThan(5);
          expect(Math.abs((e4.G.mean - g4) / e4.G.stdError)).toBeLessThan(5);
          // resolution: the 1/n effect is many error bars away from the Gaussian 3 (E f²)²
          expect(Math.abs((g4 - 3 * g2 * g2) / e4.G.stdError)).toBeGreaterThan(5);
        }
      }
    }
  }, 60_000);

  it('plain and conditional agree (erf (6,6), 4 inputs, G4)', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1.5, sb: 0.4, dIn: 1 });
    const pts = [[-1], [-0.3], [0.4], [1]];
    const o: SampleOptions = { widths: [], layers: [[6, 6]], ns: [4], nets: 100000, experiments: 10, seed: 2, threads: 2 };
    const a = await sampleCorrelators(arch, p, pts, { ...o, estimator: 'plain' });
    const b = await sampleCorrelators(arch, p, pts, { ...o, estimator: 'conditional' });
    a.entries!.forEach((e, q) => {
      const f = b.entries![q]!;
      expect(Math.abs(e.G.mean - f.G.mean) / Math.hypot(e.G.stdError, f.G.stdError)).toBeLessThan(5);
    });
  });
});

/** 32-bit FNV-1a over little-endian uint32 words (the documented widths hash). */
function fnv1a(words: number[]): number {
  let h = 0x811c9dc5;
  for (const v of words) for (let k = 0; k < 4; k++) { h ^= (v >>> (8 * k)) & 0xff; h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}

describe('the documented stream layout (raw outputs)', () => {
  it('weight space everywhere (m ≥ fan-in + 1): f from the streams [block, i, H, t + 1], W neuron-major then b', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1.4, sb: 0.5, dIn: 1 });
    const pts = [[-1], [-0.2], [0.5], [1]];
    const widths = [2, 3], seed = 17, nets = 9, E = 2;
    expect(transitions(widths, 1, 4).every((t) => !t.functionSpace)).toBe(true);
    const file = join(tmp(), 'raw.npy');
    await runSampler(arch, p, pts, { widths: [], layers: [widths], ns: [2], nets, experiments: E, seed, threads: 1, npy: file, chunkSize: 2 });
    const { shape, data } = readNpy(readFileSync(file));
    expect(shape).toEqual([1, nets, 4]);
    const H = fnv1a([2, ...widths]);
    for (const [e, i, row] of [[0, 0, 0], [0, 4, 4], [1, 3, 8]] as const) {
      pts.forEach((x, a) => {
        let v = x.slice();
        [...widths, 1].forEach((n, t) => {
          const k = v.length, g = gaussians(seed, e, i, H, t + 1, n * (k + 1));
          v = Array.from({ length: n }, (_, j) => {
            let z = p.sb * g[n * k + j]!;
            for (let d = 0; d < k; d++) z += (p.sW / Math.sqrt(k)) * g[j * k + d]! * v[d]!;
            return t === widths.length ? z : erf(z);
          });
        });
        expect(data[row * 4 + a]).toBeCloseTo(v[0]!, 12);
      });
    }
  });

  it('function space (m = 2 < fan-in + 1): z = A g, A the pivoted Cholesky factor, g component-major', async () => {
    const arch = getArchitecture('relu');
    const p = resolveParams(arch, { sW: 1.2, sb: 0.3, dIn: 1 });
    const pts = [[0.4], [-1.1]];
    const widths = [3, 3], seed = 4;
    expect(transitions(widths, 1, 2).map((t) => t.functionSpace)).toEqual([false, true, true]);
    const file = join(tmp(), 'raw.npy');
    await runSampler(arch, p, pts, { widths: [], layers: [widths], ns: [2], nets: 5, seed, threads: 1, npy: file });
    const { data } = readNpy(readFileSync(file));
    const H = fnv1a([2, ...widths]);
    const relu = (z: number) => Math.max(0, z);
    /** 2×2 factor of [[s00, s01], [s01, s11]], pivot first on the larger diagonal: rows of A per input. */
    const factor = (s00: number, s01: number, s11: number): [number[], number[]] => {
      if (s11 > s00) { const [r1, r0] = factor(s11, s01, s00); return [r0, r1]; }
      const a = Math.sqrt(s00), b = s01 / a;
      return [[a, 0], [b, Math.sqrt(Math.max(0, s11 - b * b))]];
    };
    for (let i = 0; i < 5; i++) {
      // layer 1, weight space
      const g0 = gaussians(seed, 0, i, H, 1, 3 * 2);
      let phi = pts.map((x) => Array.from({ length: 3 }, (_, j) => relu(p.sb * g0[3 + j]! + p.sW * g0[j]! * x[0]!)));
      const sigma = (ph: number[][]) => {
        const s = (a: number, b: number) => p.sb ** 2 + (p.sW ** 2 / 3) * ph[a]!.reduce((acc, v, j) => acc + v * ph[b]![j]!, 0);
        return factor(s(0, 0), s(0, 1), s(1, 1));
      };
      // layer 2 and the output, function space: g[c·n + j]
      for (const [t, n] of [[2, 3], [3, 1]] as const) {
        const A = sigma(phi), g = gaussians(seed, 0, i, H, t, n * 2);
        phi = A.map((row) => Array.from({ length: n }, (_, j) => {
          const z = row[0]! * g[j]! + row[1]! * g[n + j]!;
          return t === 3 ? z : relu(z);
        }));
      }
      expect(data[i * 2]).toBeCloseTo(phi[0]![0]!, 12);
      expect(data[i * 2 + 1]).toBeCloseTo(phi[1]![0]!, 12);
    }
  });
});

describe('reproducibility of deep specs', () => {
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, { dIn: 1 });
  const pts = [[-1], [0.2], [1]];
  const base: SampleOptions = { widths: [], layers: [[4, 5], [8, 10]], ns: [2, 4], nets: 3000, experiments: 3, seed: 7, chunkSize: 250, threads: 1 };

  it('1 thread, 2 worker threads and the chunk size leave every network unchanged', async () => {
    const one = await expectThreadAndChunkInvariance(arch, p, pts, base);
    expect(one.layers).toEqual([[4, 5], [8, 10]]);
    expect(one.results.map((r) => [r.width, r.layers])).toEqual([[5, [4, 5]], [5, [4, 5]], [10, [8, 10]], [10, [8, 10]]]);
  });

  it('resume and shards + merge are bit-identical to one run; the widths are part of the identity', async () => {
    const { full, ck } = await expectResumeInvariance(arch, p, pts, base);
    // a checkpoint of other hidden widths (same last width) is another job
    await expect(runSampler(arch, p, pts, { ...base, layers: [[3, 5], [8, 10]], checkpoint: ck, resume: true }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const parts: SampleState[] = [];
    for (let i = 1; i <= 3; i++) {
      const run = await runSampler(arch, p, pts, { ...base, shard: { index: i, count: 3 } });
      parts.push(parseState(JSON.parse(JSON.stringify(serializeState(run.state)))));
    }
    expect(JSON.stringify(buildResult(mergeStates([parts[1]!, parts[2]!, parts[0]!])))).toBe(noTiming(full));
  });

  it('a sweep of depth-1 networks is the one-layer spec (same key, same numbers); other widths draw other streams', async () => {
    const one = await runSampler(arch, p, pts, { ...base, layers: undefined, widths: [4, 7] });
    const viaLayers = await runSampler(arch, p, pts, { ...base, layers: [[4], [7]] });
    expect(specKey(viaLayers.state.spec)).toBe(specKey(one.state.spec));
    expect(JSON.stringify(buildResult(viaLayers.state))).toBe(JSON.stringify(buildResult(one.state)));
    // (4,5) and (5,5) share n_L = 5 but not their streams: different first-layer numbers
    const a = await sampleCorrelators(arch, p, pts, { ...base, layers: [[4, 5]] });
    const b = await sampleCorrelators(arch, p, pts, { ...base, layers: [[5, 5]] });
    expect(a.results[0]!.entries[0]!.G.mean).not.toBe(b.results[0]!.entries[0]!.G.mean);
  });

  it('rejects bad deep requests with INVALID_ARGUMENT', async () => {
    const gauss = getArchitecture('gauss');
    await expect(runSampler(gauss, resolveParams(gauss, { dIn: 1 }), pts, { ...base, layers: [[3, 3]] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    for (const layers of [[[3, 0]], [[2.5, 3]], [], [[3], [3, 3]]]) {
      await expect(runSampler(arch, p, pts, { ...base, layers })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
    await expect(runSampler(arch, p, pts, { ...base, backend: 'tfjs' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('nnqft sample --layers', () => {
  const JOB = ['sample', '--arch', 'erf', '--layers', '4,5', '--nets', '3000', '--experiments', '3', '--seed', '7',
    '--inputs', '-1,0.2,1', '--n', '4', '--threads', '1', '--chunk-size', '250', '--json'];
  const strip = (text: string) => { const d = JSON.parse(text); delete d.netsPerSecond; delete d.seconds; return JSON.stringify(d); };

  it('prints the sample document with layers; --scale sweeps every width; shards merge bit for bit', () => {
    const a = runCli(JOB);
    expect(a.status).toBe(0);
    const d = JSON.parse(a.stdout);
    expect(d.layers).toEqual([[4, 5]]);
    expect(d.widths).toEqual([5]);
    expect(d.entries).toHaveLength(15);
    expect(d.results[0]).toMatchObject({ width: 5, layers: [4, 5], n: 4 });
    const s = JSON.parse(runCli([...JOB, '--scale', '1,2', '--n', '2']).stdout);
    expect(s.results.map((x: { layers: number[] }) => x.layers)).toEqual([[4, 5], [8, 10]]);
    const dir = tmp();
    for (const i of [1, 2]) expect(runCli([...JOB, '--shard', `${i}/2`, '--out', join(dir, `s${i}.json`)]).status).toBe(0);
    const m = runCli(['merge', join(dir, 's2.json'), join(dir, 's1.json'), '--json']);
    expect(m.status).toBe(0);
    expect(strip(m.stdout)).toBe(strip(a.stdout));
  });

  it('refuses in one line: Gauss-net deep, --scale without --layers, a non-integer scaled width', () => {
    for (const args of [['--arch', 'gauss', '--layers', '3,3'], ['--scale', '2'], ['--layers', '3,3', '--scale', '0.5']]) {
      const r = runCli(['sample', '--nets', '100', ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('the one-layer backends (tfjs, gpu) refuse deep networks instead of sampling them on the CPU under their name', async () => {
    const erfArch = getArchitecture('erf');
    for (const backend of ['tfjs', 'gpu'] as const) {
      await expect(runSampler(erfArch, resolveParams(erfArch, { dIn: 1 }), [[0.5], [1]], {
        widths: [], layers: [[3, 3]], ns: [4], nets: 100, backend,
      })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});
