// GPU sampler throughput (issue 13): nets/s of --backend gpu against the workers backend (all
// threads) and against tfjs on the same WebGPU device (@tensorflow/tfjs-backend-webgpu: the tfjs
// sampler of src/nets/tfjs.ts, weights drawn on the CPU and uploaded), in the same run.
// Erf-net, one hidden layer, widths 20 and 1000, the paper's 6 inputs (paper-erf), G4, the
// conditional estimator (the default). Goal on an H100: >= 1e7 nets/s at width 1000.
// On lavapipe (Mesa's Vulkan on the CPU) the "gpu" figures are CPU figures: SIMD float32 on the
// CPU cores, compared with float64 JS workers on the same cores.
// Environment: NNQFT_BENCH_SECONDS (seconds per measurement, default 4), NNQFT_BENCH_WIDTHS
// (default 20,1000), NNQFT_BENCH_SKIP (comma list of workers,tfjs), GPU_PEAK_TFLOPS (the device's
// FP32 peak, for the fraction of it reached; H100 SXM 67, H100 PCIe 51).
import { availableParallelism } from 'node:os';
import { getArchitecture, resolveParams } from '../dist/src/kernels/registry.js';
import { INPUT_PRESETS } from '../dist/src/core/inputs.js';
import { sampleCorrelators, sampleSpec } from '../dist/src/nets/sample.js';
import { chunkLayout } from '../dist/src/nets/engine.js';
import { tfjsRunner } from '../dist/src/nets/tfjs.js';
import { loadTfjsWebgpu } from '../dist/src/nets/backends/tfjs-webgpu.js';

const SECONDS = Number(process.env.NNQFT_BENCH_SECONDS ?? 4);
const WIDTHS = (process.env.NNQFT_BENCH_WIDTHS ?? '20,1000').split(',').map(Number);
const SKIP = new Set((process.env.NNQFT_BENCH_SKIP ?? '').split(',').filter(Boolean));
const PEAK = Number(process.env.GPU_PEAK_TFLOPS ?? 0);
const arch = getArchitecture('erf');
const p = resolveParams(arch, { dIn: 1 });
const pts = INPUT_PRESETS['paper-erf'].points;
const fmt = (x) => (x >= 1e6 ? x.toExponential(3) : Math.round(x).toString());

/**
 * Rough operation count of one network in the fused kernel (m inputs, width N, d_in = 1): per
 * neuron 2 Gaussians (half a Philox block each: 10 rounds × ~30 integer ops for the 16-bit-limb
 * products, / 4 per block × 2 words; Box–Muller ~40 flops per pair), m activations (erf ~15),
 * m FMAs for the pre-activations, m(m+1)/2 FMAs for C. FMA = 2 flops.
 */
function opsPerNet(N, m) {
  const philox = 2 * (10 * 30) / 4 + 2 * 40 / 2;
  return N * (philox + m * (15 + 2) + m * (m + 1));
}

/**
 * Runs `once(nets)` (which returns the seconds of sampling alone, or nothing: then its wall time
 * counts) with growing nets until that takes >= SECONDS/4, then once with ~SECONDS worth; nets/s.
 */
async function measure(once, start) {
  let nets = start;
  const timed = async (n) => {
    const t0 = performance.now();
    const s = await once(n);
    if (process.env.NNQFT_BENCH_DEBUG) console.error(`  ${n} nets: ${s ?? (performance.now() - t0) / 1000} s`);
    return s ?? (performance.now() - t0) / 1000;
  };
  for (;;) {
    const s = await timed(nets);
    if (s >= SECONDS / 4 || nets >= 1e9) {
      const big = Math.max(nets, Math.round((nets * SECONDS) / s));
      return { nets: big, rate: big / (await timed(big)) };
    }
    nets *= 4;
  }
}

export default async function run(log) {
  log(`Erf-net, paper-erf (6 inputs), G4, conditional; ${availableParallelism()} CPU threads for the workers; ~${SECONDS} s per figure`);
  let adapter;
  const rows = [];
  for (const N of WIDTHS) {
    const row = { width: N };
    rows.push(row);
    // gpu: sampling alone (after the device is open and the kernel compiled), and whole runs
    row.gpuSampling = (await measure(async (nets) => {
      const r = await sampleCorrelators(arch, p, pts, { widths: [N], ns: [4], nets, backend: 'gpu', chunkSize: 4096, seed: nets });
      adapter = r.adapter;
      return r.seconds;
    }, 4096)).rate;
    row.gpu = (await measure(async (nets) => { await sampleCorrelators(arch, p, pts, { widths: [N], ns: [4], nets, backend: 'gpu', chunkSize: 4096, seed: nets }); }, 4096)).rate;
    if (!SKIP.has('workers')) {
      row.workers = (await measure(async (nets) => { await sampleCorrelators(arch, p, pts, { widths: [N], ns: [4], nets, backend: 'workers', seed: nets }); }, 1000)).rate;
    }
  }
  // tfjs on WebGPU after the fused kernel's runs (two Dawn instances at once stall), loaded once
  // (its backend registers at import)
  let tfw;
  if (!SKIP.has('tfjs')) tfw = await loadTfjsWebgpu().catch((e) => e);
  for (const row of rows) {
    const N = row.width;
    if (tfw) {
      if (tfw instanceof Error) row.tfjsWebgpu = `unavailable: ${tfw.message}`;
      else {
        row.tfjsWebgpu = (await measure(async (nets) => {
          const spec = sampleSpec(arch, p, pts, { widths: [N], ns: [4], nets, backend: 'tfjs', chunkSize: 1000 });
          const runner = await tfjsRunner(spec, arch, false, async () => tfw);
          const ids = Array.from({ length: chunkLayout(spec).total }, (_, i) => i);
          await runner.run(ids, () => {}, () => false);
        }, 1000)).rate;
      }
    }
  }
  if (tfw && !(tfw instanceof Error)) tfw.close();
  for (const row of rows) {
    const N = row.width;
    log(`width ${N}: gpu ${fmt(row.gpuSampling)} nets/s sampling (${fmt(row.gpu)} for whole runs with device open and kernel compile)`
      + (row.workers ? `, workers ${fmt(row.workers)} nets/s (gpu/workers ${(row.gpuSampling / row.workers).toFixed(2)}×)` : '')
      + (typeof row.tfjsWebgpu === 'number' ? `, tfjs-webgpu ${fmt(row.tfjsWebgpu)} nets/s (gpu/tfjs ${(row.gpuSampling / row.tfjsWebgpu).toFixed(1)}×)` : row.tfjsWebgpu ? `, tfjs-webgpu ${row.tfjsWebgpu}` : ''));
    const ops = opsPerNet(N, pts.length);
    log(`  ~${fmt(ops)} ops per network (estimate): ${(row.gpuSampling * ops / 1e9).toFixed(2)} Gops/s sustained`
      + (PEAK ? `, ${(100 * row.gpuSampling * ops / (PEAK * 1e12)).toFixed(1)}% of the ${PEAK} TFLOPS FP32 peak` : ''));
    if (N === 1000) log(`  goal on an H100: >= 1e7 nets/s at width 1000: ${row.gpuSampling >= 1e7 ? 'met' : 'not met'} on this adapter`);
  }
  if (adapter) {
    log(`adapter: ${adapter.vendor} / ${adapter.architecture} / ${adapter.device} / ${adapter.description}; ${adapter.runtime}`);
    if (adapter.cpuFallback) log('adapter is a CPU implementation (lavapipe): the "gpu" figures above are CPU figures (float32 SIMD on the same cores as the workers)');
  }
}
