// The GPU backend (src/nets/backends/gpu.ts, src/nets/gpu/*) on whatever WebGPU adapter the
// machine has (CI: Mesa's lavapipe). Oracles: the Random123 known-answer vectors and
// src/core/rng.ts (Philox, bit for bit); a float64 reference of the Box–Muller transform and its
// moments; each architecture's own φ; a float64 CPU re-computation of the same networks (the
// float32 error, against the statistical one); the exact finite-width engine (z-scores); and one
// run of the same job (determinism, resume, shards). Skipped, with the reason in the name, only
// where no adapter exists.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gaussians, philox4x32, philoxWordsJs } from '../../src/core/rng.js';
import { computeChunk } from '../../src/nets/engine.js';
import { exactCorrelators } from '../../src/exact/correlators.js';
import { compileExpression, EXPRESSION_FUNCTIONS } from '../../src/kernels/custom.js';
import { genericArchitecture } from '../../src/kernels/generic.js';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import type { Architecture } from '../../src/kernels/types.js';
import { WGSL_EXPRESSION_FUNCTIONS, wgslActivationSource } from '../../src/kernels/wgsl-expression.js';
import { openGpu, runCompute, type GpuHandle } from '../../src/nets/gpu/device.js';
import { gpuGaussiansReference, WGSL_BOX_MULLER, WGSL_PHILOX } from '../../src/nets/gpu/philox.js';
import { buildResult } from '../../src/nets/result.js';
import { runSampler, sampleCorrelators, sampleSpec, type SampleOptions } from '../../src/nets/sample.js';
import { mergeStates, parseState, serializeState } from '../../src/nets/state.js';
import { netStream, streamOffsets } from '../../src/nets/streams.js';
import { tuplePlan, accumulateNet } from '../../src/nets/tuples.js';
import { runCli } from '../helpers/cli.js';

// One probe for the whole file: an adapter, or the reason there is none.
const probe: { gpu?: GpuHandle; why?: string } = await openGpu().then((gpu) => ({ gpu }), (e: Error) => ({ why: e.message }));
const noGpu = !probe.gpu;
probe.gpu?.close();
const SKIP = noGpu ? ` (skipped: ${probe.why})` : '';
const withGpu = async <T>(f: (g: GpuHandle) => Promise<T>): Promise<T> => {
  const g = await openGpu();
  try { return await f(g); } finally { g.close(); }
};
const noTiming = (r: object) => JSON.stringify({ ...r, netsPerSecond: undefined, seconds: undefined });
const tmp = () => mkdtempSync(join(tmpdir(), 'nnqft-gpu-'));

describe('stream layout and WGSL, without a device', () => {
  it('streams.ts is the layout the workers draw from (their raw outputs re-computed from it, to rounding)', () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { dIn: 2 });
    const pts = [[0.3, -1], [1, 0.5]];
    const spec = sampleSpec(arch, p, pts, { widths: [7], ns: [2], nets: 5, seed: 31, estimator: 'plain' });
    const raw = new Float64Array(5 * 2);
    computeChunk(spec, arch, tuplePlan(2, [2], 'plain'), { id: 0, w: 0, e: 0, start: 0, count: 5 }, raw);
    const N = 7, o = streamOffsets(N, 2);
    for (let i = 0; i < 5; i++) {
      const s = netStream(31, 0, i, N);
      const g = gaussians(s.k0, s.k1, s.c1, s.c2, s.c3, o.b1 + 1);
      pts.forEach((x, a) => {
        let f = 0;
        for (let j = 0; j < N; j++) {
          let z = p.sb * g[o.b0 + j]!;
          for (let d = 0; d < 2; d++) z += (p.sW / Math.sqrt(2)) * g[o.w0 + 2 * j + d]! * x[d]!;
          f += g[o.w1 + j]! * arch.phi(z, x, p);
        }
        const want = p.sb * g[o.b1]! + (p.sW / Math.sqrt(N)) * f;
        expect(Math.abs(raw[2 * i + a]! - want)).toBeLessThan(1e-13);
      });
    }
  });

  it('every expression function has a WGSL form; unknown ones are refused', () => {
    expect([...WGSL_EXPRESSION_FUNCTIONS].sort()).toEqual([...EXPRESSION_FUNCTIONS].sort());
    expect(() => wgslActivationSource('gamma(z)')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
  it('every registered architecture declares its WGSL activation', () => {
    for (const a of ARCHITECTURES) expect(a.wgsl?.source, a.name).toMatch(/fn act\(z: f32, c: f32\) -> f32/);
  });
  it('an architecture without WGSL is refused before any device is opened (UNAVAILABLE)', async () => {
    const bare: Architecture = { name: 'bare', title: 'bare', defaults: { sW: 1, sb: 1 }, phi: (z) => z };
    await expect(runSampler(bare, { sW: 1, sb: 1, dIn: 1 }, [[0.5]], { widths: [3], ns: [2], nets: 10, backend: 'gpu' }))
      .rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(runSampler(getArchitecture('erf'), { sW: 1, sb: 1, dIn: 1 }, [[0.5]], { widths: [3], ns: [2], nets: 10, backend: 'gpu', npy: join(tmp(), 'x.npy') }))
      .rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
  it('the float64 reference of the Box–Muller transform has the moments of N(0, 1) (z-scores, 2^20 draws)', () => {
    const g = gpuGaussiansReference(11, 3, 5, 1000, 0, 1 << 20);
    const n = g.length;
    // E g = 0, E g² = 1, E g³ = 0, E g⁴ = 3, with Var g^k = E g^{2k} − (E g^k)²: 1, 2, 15, 96
    const moments = [[1, 0, 1], [2, 1, 2], [3, 0, 15], [4, 3, 96]] as const;
    for (const [k, mu, v] of moments) {
      let s = 0;
      for (let i = 0; i < n; i++) s += g[i]! ** k;
      expect(Math.abs((s / n - mu) / Math.sqrt(v / n)), `moment ${k}`).toBeLessThan(4.5);
    }
    // pairs are independent: E[g0 g1] = 0 within a Box–Muller pair
    let c = 0;
    for (let i = 0; i < n; i += 2) c += g[i]! * g[i + 1]!;
    expect(Math.abs(c / (n / 2)) * Math.sqrt(n / 2)).toBeLessThan(4.5);
  });
});

describe(`GPU backend on the WebGPU adapter${SKIP}`, () => {
  it.skipIf(noGpu)('WGSL Philox4x32-10: the Random123 known-answer vectors and rng.ts\'s words for sampler streams, bit for bit', async () => {
    const cases: number[][] = [
      [0, 0, 0, 0, 0, 0],
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
      [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0],
    ];
    const kat = [[0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]];
    for (let i = 0; i < 200; i++) { // sampler streams: seed, experiment, network, width, block
      const s = netStream(12345, i % 7, 1000 + i, [5, 1000, 65536][i % 3]!);
      cases.push([i % 13, s.c1, s.c2, s.c3, s.k0, s.k1]);
    }
    const inp = new Uint32Array(cases.length * 8);
    cases.forEach((c, i) => inp.set([c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, 0, 0], 8 * i));
    const code = `${WGSL_PHILOX}
@group(0) @binding(0) var<storage, read> inp: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> outp: array<vec4<u32>>;
@compute @workgroup_size(1) fn main(@builtin(workgroup_id) w: vec3<u32>) { outp[w.x] = philox(inp[2u * w.x], inp[2u * w.x + 1u].xy); }`;
    const [bytes] = await withGpu((g) => runCompute(g, code, [{ data: inp }, { bytes: cases.length * 16 }], cases.length));
    const got = new Uint32Array(bytes!);
    kat.forEach((k, i) => expect(Array.from(got.subarray(4 * i, 4 * i + 4))).toEqual(k));
    const w = new Uint32Array(4);
    cases.forEach((c, i) => {
      philoxWordsJs(c[4]!, c[5]!, c[1]!, c[2]!, c[3]!, c[0]!, 1, w);
      expect(Array.from(got.subarray(4 * i, 4 * i + 4)), `case ${i}`).toEqual(Array.from(w));
      expect(Array.from(w)).toEqual(Array.from(philox4x32(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!)));
    });
  });

  it.skipIf(noGpu)('WGSL Box–Muller matches its float64 reference to float32 accuracy', async () => {
    const blocks = 4096, s = netStream(7, 2, 99, 1000);
    const code = `${WGSL_PHILOX}${WGSL_BOX_MULLER}
@group(0) @binding(0) var<storage, read> inp: array<u32>;
@group(0) @binding(1) var<storage, read_write> outp: array<vec4<f32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  outp[g.x] = gauss4(philox(vec4<u32>(g.x + inp[0], ${s.c1}u, ${s.c2}u, ${s.c3}u), vec2<u32>(${s.k0}u, ${s.k1}u)));
}`;
    const [bytes] = await withGpu((g) => runCompute(g, code, [{ data: new Uint32Array(4) }, { bytes: blocks * 16 }], blocks / 64));
    const got = new Float32Array(bytes!);
    const ref = gpuGaussiansReference(s.k0, s.k1, s.c1, s.c2, s.c3, 4 * blocks);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i]! - ref[i]!) / Math.max(1, Math.abs(ref[i]!)));
    // float32: u and θ are exact, log/sqrt and the polynomials round (√ doubles log's error where r → 0)
    expect(worst).toBeLessThan(1e-5);
  });

  it.skipIf(noGpu)('each registered activation and compiled user expressions agree with φ on [-6, 6]', async () => {
    const zs = Float32Array.from({ length: 4096 }, (_, i) => -6 + (12 * i) / 4095);
    const check = async (a: Architecture, tol: number, c = 0) => {
      const code = `${a.wgsl!.source}
@group(0) @binding(0) var<storage, read> zin: array<f32>;
@group(0) @binding(1) var<storage, read_write> outp: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) { outp[g.x] = act(zin[g.x], ${c}); }`;
      const [bytes] = await withGpu((g) => runCompute(g, code, [{ data: zs }, { bytes: zs.length * 4 }], zs.length / 64));
      const got = new Float32Array(bytes!);
      const x = [Math.sqrt(c)]; // gauss: c = log-normalisation at x with σ_W = 1, σ_b = 0, d_in = 1 is x²
      const p = { sW: 1, sb: 0, dIn: 1 };
      for (let i = 0; i < zs.length; i++) {
        const want = a.phi(zs[i]!, x, p);
        expect(Math.abs(got[i]! - want) / Math.max(1, Math.abs(want)), `${a.title} at ${zs[i]}`).toBeLessThanOrEqual(tol);
      }
    };
    for (const a of ARCHITECTURES) await check(a, Math.max(a.wgsl!.tolerance, 1.2e-7), a.wgsl!.inputConstant ? 0.25 : 0);
    for (const e of ['z/(1+abs(z))', 'sin(z)*z^2 - 0.5', 'exp(-z^2/2) + log(1 + z^2)', 'erf(z) * tanh(2*z) + abs(z)', 'max(z, 0.1z)^3']) {
      const g = genericArchitecture(e);
      expect(compileExpression(e, ['z']).evaluate([0.3])).toBeCloseTo(g.phi(0.3, [0], { sW: 1, sb: 1, dIn: 1 }), 12);
      await check(g, g.wgsl!.tolerance * 30); // |φ| up to 216 here: float32 rounding of the larger terms
    }
  });

  it.skipIf(noGpu)('a chunk equals its float64 CPU re-computation to ~1e-6, far below the statistical error', async () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { dIn: 1 });
    const pts = [[-1], [-0.6], [-0.2], [0.2], [0.6], [1]];
    for (const estimator of ['conditional', 'plain'] as const) {
      const N = 200, nets = 500, seed = 9;
      const run = await runSampler(arch, p, pts, { widths: [N], ns: [4], nets, seed, estimator, backend: 'gpu', chunkSize: nets });
      // the same networks in float64: stream layout of streams.ts, Gaussians by the Box–Muller reference
      const plan = tuplePlan(pts.length, [4], estimator);
      const T = plan.tuples.length, m = pts.length;
      const out = new Float64Array(2 * T);
      const o = streamOffsets(N, 1);
      for (let i = 0; i < nets; i++) {
        const s = netStream(seed, 0, i, N);
        const g = gpuGaussiansReference(s.k0, s.k1, s.c1, s.c2, s.c3, o.b1 + 1);
        const ph = pts.map((x) => Float64Array.from({ length: N }, (_, j) => arch.phi(p.sb * g[o.b0 + j]! + p.sW * x[0]! * g[o.w0 + j]!, x, p)));
        if (estimator === 'conditional') {
          const C = new Float64Array(m * m);
          for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) {
            let acc = 0;
            for (let j = 0; j < N; j++) acc += ph[a]![j]! * ph[b]![j]!;
            C[a * m + b] = p.sb ** 2 + (p.sW ** 2 / N) * acc;
          }
          accumulateNet(plan, C, out, true);
        } else {
          const f = ph.map((row) => p.sb * g[o.b1]! + (p.sW / Math.sqrt(N)) * row.reduce((acc, v, j) => acc + g[o.w1 + j]! * v, 0));
          accumulateNet(plan, f, out, true);
        }
      }
      const got = run.state.sum.map((q) => q.reduce((a, b) => a + b, 0));
      let worstRel = 0, worstVsStat = 0;
      for (let t = 0; t < T; t++) {
        const mean = out[t]! / nets, sd = Math.sqrt(out[T + t]! / nets - mean * mean), se = sd / Math.sqrt(nets);
        const diff = Math.abs(got[t]! / nets - mean);
        worstRel = Math.max(worstRel, diff / Math.abs(mean));
        worstVsStat = Math.max(worstVsStat, diff / se);
      }
      // float32 per network (~1e-7 per operation, sums over 200 neurons blocked by 32), far below the error bar
      expect(worstRel, estimator).toBeLessThan(1e-5);
      expect(worstVsStat, estimator).toBeLessThan(1e-2);
    }
  });

  it.skipIf(noGpu)('G4 agrees with the exact finite-width engine (z-scores, two widths, three activations)', async () => {
    const cases: [string, number[][], number[], 'conditional' | 'plain'][] = [
      ['erf', [[-1], [0.2], [1]], [2, 6], 'conditional'],
      ['relu', [[0.2], [0.6], [1.2]], [3], 'plain'],
      ['tanh', [[-1], [0.5], [1]], [4], 'conditional'],
    ];
    let checked = 0;
    for (const [name, pts, widths, estimator] of cases) {
      const arch = getArchitecture(name);
      const p = resolveParams(arch, { dIn: 1 });
      const exact = exactCorrelators(arch, p, pts, { widths, ns: [4] });
      const mc = await sampleCorrelators(arch, p, pts, { widths, ns: [4], nets: 20000, experiments: 20, seed: 23, estimator, backend: 'gpu' });
      expect(mc.backend).toBe('gpu');
      expect(mc.adapter?.description).toBeTruthy();
      for (const res of mc.results) {
        const ex = exact.results.find((r) => r.width === res.width && r.n === res.n)!;
        res.entries.forEach((e, k) => {
          const z = (e.delta!.mean - ex.entries[k]!.delta) / e.delta!.stdError;
          expect(Math.abs(z), `${name} ${res.width} ${e.index}`).toBeLessThan(5);
          checked++;
        });
      }
    }
    expect(checked).toBe(15 * 2 + 15 + 15);
  });

  it.skipIf(noGpu)('deterministic from the seed; resume and shards are bit-identical to one run', async () => {
    const arch = getArchitecture('gauss');
    const p = resolveParams(arch, { dIn: 1, sb: 0.3 });
    const pts = [[-0.01], [0.004], [0.01]];
    const base: SampleOptions = { widths: [7, 30], ns: [2, 4], nets: 3000, experiments: 3, seed: 5, chunkSize: 250, backend: 'gpu' };
    const full = await sampleCorrelators(arch, p, pts, base);
    expect(noTiming(await sampleCorrelators(arch, p, pts, base))).toBe(noTiming(full));
    const ck = join(tmp(), 'ck.json');
    const part = await runSampler(arch, p, pts, { ...base, checkpoint: ck, stopAfterChunks: 3 });
    expect(part.complete).toBe(false);
    const resumed = await sampleCorrelators(arch, p, pts, { ...base, checkpoint: ck, resume: true });
    expect(noTiming(resumed)).toBe(noTiming(full));
    const parts = [];
    for (let i = 1; i <= 3; i++) {
      const run = await runSampler(arch, p, pts, { ...base, shard: { index: i, count: 3 } });
      parts.push(parseState(JSON.parse(JSON.stringify(serializeState(run.state)))));
    }
    const merged = buildResult(mergeStates(parts));
    expect(JSON.stringify(merged)).toBe(JSON.stringify({ ...full, adapter: undefined, netsPerSecond: undefined, seconds: undefined }));
    // a gpu checkpoint is another job than a workers one (the backend is part of the identity)
    await expect(runSampler(arch, p, pts, { ...base, backend: 'workers', checkpoint: ck, resume: true })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it.skipIf(noGpu)('CLI: nnqft gpu names the adapter; sample --backend gpu --json names backend and adapter', () => {
    const info = runCli(['gpu', '--json']);
    expect(info.status).toBe(0);
    const doc = JSON.parse(info.stdout) as { description: string; cpuFallback: boolean };
    expect(doc.description).toBeTruthy();
    expect(typeof doc.cpuFallback).toBe('boolean');
    const dir = tmp();
    const r = runCli(['sample', '--arch', 'erf', '--width', '20', '--nets', '2000', '--backend', 'gpu', '--json', '--out', join(dir, 'r.json')], { timeoutMs: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { backend: string; adapter: { description: string } };
    expect(s.backend).toBe('gpu');
    expect(s.adapter.description).toBe(doc.description);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).backend).toBe('gpu');
  });
});

describe('no adapter: one line naming the fix, exit 2', () => {
  it('nnqft gpu without a Vulkan driver (VK_ICD_FILENAMES pointing nowhere)', () => {
    const r = runCli(['gpu'], { env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json', VK_DRIVER_FILES: '/nonexistent/icd.json' } });
    expect(r.status).toBe(2);
    const ours = r.stderr.split('\n').filter((l) => l.startsWith('nnqft:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/mesa-vulkan-drivers|npm install webgpu/);
  });
});
