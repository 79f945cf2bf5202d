/**
 * `--backend gpu`: the sampler's chunks on a WebGPU device (src/nets/gpu/device.ts), one fused
 * kernel per batch of chunks (src/nets/gpu/kernel.ts). CONVENTIONS §1, §3; Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §3. Same chunks, same Philox streams, same state, checkpoints, shards
 * and merges as the workers; the Gaussians come from Box–Muller on the stream's words
 * (src/nets/gpu/philox.ts), so GPU and workers agree statistically, and a job's numbers are
 * deterministic on a given device whatever the batching (each chunk's sum depends only on its
 * own networks, reduced in a fixed order).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { Architecture } from '../../kernels/types.js';
import { chunkLayout, chunkRef, type SampleSpec } from '../engine.js';
import { computePipeline, dispatch, openGpu, type GpuAdapterInfo, type GpuHandle } from '../gpu/device.js';
import { GPU_WORKGROUP, gpuKernelSource, JOB_WORDS, outWordsPerGroup } from '../gpu/kernel.js';
import type { ChunkRunner } from '../pool.js';
import { tuplePlan } from '../tuples.js';

/** Neuron evaluations (networks × width) per dispatch: large enough to fill a GPU, small enough for progress and checkpoints. */
export const GPU_BATCH_NEURONS = 1 << 27;
/** Most workgroups in one dispatch (WebGPU's default per-dimension limit). */
const MAX_GROUPS = 65535;
/** Most bytes of per-workgroup sums read back per dispatch. */
const MAX_OUT_BYTES = 32 << 20;

/** A GPU chunk runner and the adapter it runs on. */
export interface GpuRunner extends ChunkRunner {
  adapter: GpuAdapterInfo;
}

/**
 * Opens the device and compiles the job's kernel. Throws UNAVAILABLE (no package, driver or
 * adapter; an activation without WGSL), INVALID_ARGUMENT (raw outputs: not on this backend).
 */
export async function gpuRunner(spec: SampleSpec, arch: Architecture, raw: boolean): Promise<GpuRunner> {
  if (raw) throw new InvalidArgumentError('--npy (raw outputs) is not available with --backend gpu: use --backend workers');
  const plan = tuplePlan(spec.points.length, spec.ns, spec.estimator, false);
  const code = gpuKernelSource(spec, arch, plan); // refuses before opening a device
  const gpu = await openGpu();
  let pipeline: unknown;
  try {
    pipeline = await computePipeline(gpu, code);
  } catch (e) {
    gpu.close();
    throw e;
  }
  const layout = chunkLayout(spec);
  const T = plan.tuples.length;
  const squares = spec.experiments === 1;
  return {
    adapter: gpu.info,
    async run(ids, sink, stop) {
      try {
        let k = 0;
        while (k < ids.length && !stop()) {
          // a batch: consecutive chunks up to the neuron and workgroup budgets
          const batch: number[] = [];
          let neurons = 0, groups = 0;
          while (k < ids.length) {
            const ref = chunkRef(spec, layout, ids[k]!);
            const g = Math.ceil(ref.count / GPU_WORKGROUP);
            const nn = ref.count * spec.widths[ref.w]!;
            if (batch.length && (neurons + nn > GPU_BATCH_NEURONS || groups + g > MAX_GROUPS
              || (groups + g) * outWordsPerGroup(T) * 4 > MAX_OUT_BYTES)) break;
            batch.push(ids[k++]!); neurons += nn; groups += g;
          }
          const outs = await runBatch(gpu, pipeline, spec, layout, batch, T, squares);
          for (let b = 0; b < batch.length; b++) {
            if (stop()) return;
            sink(batch[b]!, outs[b]!);
          }
        }
      } finally {
        gpu.close();
      }
    },
  };
}

/** Runs one batch of chunks and returns each chunk's [sums (T), sums of squares (T)] in float64. */
async function runBatch(
  gpu: GpuHandle, pipeline: unknown, spec: SampleSpec, layout: ReturnType<typeof chunkLayout>,
  batch: readonly number[], T: number, squares: boolean,
): Promise<Float64Array[]> {
  const refs = batch.map((id) => chunkRef(spec, layout, id));
  const groups = refs.reduce((s, r) => s + Math.ceil(r.count / GPU_WORKGROUP), 0);
  const jobs = new Uint32Array(groups * JOB_WORDS);
  const f32 = new Float32Array(1), f32bits = new Uint32Array(f32.buffer);
  const bits = (x: number) => { f32[0] = x; return f32bits[0]!; };
  let g = 0;
  for (const r of refs) {
    const N = spec.widths[r.w]!;
    for (let s = 0; s < r.count; s += GPU_WORKGROUP, g++) {
      const o = g * JOB_WORDS;
      jobs[o] = r.e; jobs[o + 1] = r.start + s; jobs[o + 2] = Math.min(GPU_WORKGROUP, r.count - s); jobs[o + 3] = N;
      jobs[o + 4] = bits(spec.params.sW / Math.sqrt(N)); jobs[o + 5] = bits((spec.params.sW * spec.params.sW) / N);
    }
  }
  const [bytes] = await dispatch(gpu, pipeline, [{ data: jobs }, { bytes: groups * outWordsPerGroup(T) * 4 }], groups);
  const out = new Float32Array(bytes!);
  const W = outWordsPerGroup(T);
  const result: Float64Array[] = [];
  g = 0;
  for (const r of refs) {
    const acc = new Float64Array(2 * T);
    for (let s = 0; s < r.count; s += GPU_WORKGROUP, g++) {
      const o = g * W;
      for (let t = 0; t < T; t++) {
        acc[t] += out[o + t]!; acc[t] += out[o + T + t]!; // hi, then lo: the compensated workgroup sum, in float64
        if (squares) { acc[T + t] += out[o + 2 * T + t]!; acc[T + t] += out[o + 3 * T + t]!; }
      }
    }
    result.push(acc);
  }
  return result;
}
