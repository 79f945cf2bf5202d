/**
 * The WebGPU device of the GPU sampler (src/nets/backends/gpu.ts): the optional npm package
 * `webgpu` (Dawn, prebuilt for linux-x64), loaded lazily, on whatever Vulkan driver the machine
 * has (a GPU's, or Mesa's lavapipe on the CPU). Nothing here is loaded unless `--backend gpu`
 * or `nnqft gpu` asks for it; a missing package, driver or adapter is one typed error naming
 * the fix (UNAVAILABLE).
 */
import { UnavailableError } from '../../core/errors.js';

/** What `nnqft gpu` prints and the sampler's JSON records about the adapter. */
export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  /** The driver's own description (e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)"). */
  description: string;
  /** True for a CPU implementation (lavapipe): its figures are CPU figures. */
  cpuFallback: boolean;
  /** The npm package and version that drives it. */
  runtime: string;
}

/** The fix for a missing driver or adapter, named in the error (Debian; the GPU vendor's Vulkan driver otherwise). */
export const VULKAN_FIX = 'install a Vulkan driver: on Debian bookworm `apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1`'
  + ' (CPU lavapipe; enable the bookworm-backports suite first), or the GPU vendor\'s Vulkan driver';

/* Minimal structural types of the WebGPU API used (the package is optional: no compile-time import). */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type GPUDeviceLike = any;

/** An open device and its adapter's description; `close()` releases it. */
export interface GpuHandle {
  device: GPUDeviceLike;
  info: GpuAdapterInfo;
  /** GPUBufferUsage / GPUMapMode flags of the loaded package. */
  usage: Record<string, number>;
  mapMode: Record<string, number>;
  /** The Dawn instance (`create()`'s GPU object): referenced while the device is in use. */
  instance: any;
  close(): void;
}

/** Loads the `webgpu` package (UNAVAILABLE naming `npm install webgpu` when it is absent). */
async function loadWebgpu(): Promise<{ create: (flags: string[]) => any; globals: Record<string, any>; version: string }> {
  let mod: Record<string, any>;
  try {
    mod = (await import('webgpu' as string)) as Record<string, any>;
  } catch (e) {
    throw new UnavailableError(`the GPU backend needs the optional npm package "webgpu" (npm install webgpu@0.6): ${(e as Error).message.split('\n')[0]}`);
  }
  let version = 'webgpu';
  try {
    const { createRequire } = await import('node:module');
    const req = createRequire(import.meta.url);
    version = `webgpu ${(req('webgpu/package.json') as { version: string }).version}`;
  } catch { /* the version is informational */ }
  return { create: mod.create, globals: mod.globals, version };
}

/**
 * Opens the default adapter and a device on it. Throws UNAVAILABLE (one line, naming the fix)
 * when the package, the Vulkan driver or an adapter is missing.
 */
export async function openGpu(): Promise<GpuHandle> {
  const { create, globals, version } = await loadWebgpu();
  let adapter: any;
  // Dawn lives as long as this object is referenced (the handle keeps it; dropping it lets node exit)
  let instance: any;
  try {
    instance = create([]);
    adapter = await instance.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    throw new UnavailableError(`no WebGPU adapter (${(e as Error).message.split('\n')[0]}): ${VULKAN_FIX}`);
  }
  if (!adapter) throw new UnavailableError(`no WebGPU adapter (no Vulkan driver found): ${VULKAN_FIX}`);
  const a = adapter.info ?? {};
  const info: GpuAdapterInfo = {
    vendor: String(a.vendor ?? ''), architecture: String(a.architecture ?? ''), device: String(a.device ?? ''),
    description: String(a.description ?? ''), cpuFallback: a.isFallbackAdapter === true || a.architecture === 'software',
    runtime: `${version} (Dawn)`,
  };
  const lim = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
      maxComputeWorkgroupsPerDimension: lim.maxComputeWorkgroupsPerDimension,
    },
  });
  let lost = '';
  void device.lost?.then((l: { message?: string }) => { lost = l?.message ?? 'lost'; });
  const handle: GpuHandle = {
    device, info, instance,
    usage: globals.GPUBufferUsage, mapMode: globals.GPUMapMode,
    close() { if (!lost) device.destroy(); handle.instance = undefined; },
  };
  return handle;
}

/** One storage binding of {@link runCompute}: input data (copied to the device) or an output of `bytes` bytes. */
export type Binding = { data: ArrayBufferView } | { bytes: number };

/**
 * Compiles `code` (WGSL, entry point `main`), binds the buffers in order (group 0, bindings 0..),
 * dispatches `workgroups` (x) and returns the bytes of each output binding. Shader compile errors
 * are thrown as Errors with the compiler's messages (a bug, not user input).
 */
export async function runCompute(gpu: GpuHandle, code: string, bindings: Binding[], workgroups: number): Promise<ArrayBuffer[]> {
  const pipeline = await computePipeline(gpu, code);
  const k = await dispatch(gpu, pipeline, bindings, workgroups);
  return k;
}

/** A compiled compute pipeline (entry `main`, layout auto); throws with the compiler messages on error. */
export async function computePipeline(gpu: GpuHandle, code: string): Promise<any> {
  const { device } = gpu;
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code });
  const ci = await module.getCompilationInfo();
  const errors = ci.messages.filter((m: { type: string }) => m.type === 'error');
  if (errors.length) {
    await device.popErrorScope();
    throw new Error(`WGSL: ${errors.map((m: { lineNum: number; message: string }) => `line ${m.lineNum}: ${m.message}`).join('; ')}`);
  }
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const err = await device.popErrorScope();
  if (err) throw new Error(`WebGPU pipeline: ${err.message}`);
  return pipeline;
}

/** Runs a compiled pipeline once over the bindings and reads the outputs back. */
export async function dispatch(gpu: GpuHandle, pipeline: any, bindings: Binding[], workgroups: number): Promise<ArrayBuffer[]> {
  const { device, usage, mapMode } = gpu;
  const buffers: any[] = [];
  const reads: { src: any; dst: any; bytes: number }[] = [];
  for (const b of bindings) {
    if ('data' in b) {
      const bytes = Math.max(16, Math.ceil(b.data.byteLength / 16) * 16);
      const buf = device.createBuffer({ size: bytes, usage: usage.STORAGE | usage.COPY_DST });
      device.queue.writeBuffer(buf, 0, b.data.buffer, b.data.byteOffset, b.data.byteLength);
      buffers.push(buf);
    } else {
      const bytes = Math.max(16, Math.ceil(b.bytes / 16) * 16);
      const buf = device.createBuffer({ size: bytes, usage: usage.STORAGE | usage.COPY_SRC });
      const dst = device.createBuffer({ size: bytes, usage: usage.MAP_READ | usage.COPY_DST });
      buffers.push(buf);
      reads.push({ src: buf, dst, bytes: b.bytes });
    }
  }
  const group = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, group);
  pass.dispatchWorkgroups(workgroups);
  pass.end();
  for (const r of reads) enc.copyBufferToBuffer(r.src, 0, r.dst, 0, r.dst.size);
  device.queue.submit([enc.finish()]);
  const out: ArrayBuffer[] = [];
  for (const r of reads) {
    await r.dst.mapAsync(mapMode.READ);
    out.push(r.dst.getMappedRange().slice(0, r.bytes));
    r.dst.unmap();
    r.dst.destroy();
  }
  for (const b of buffers) b.destroy();
  return out;
}
