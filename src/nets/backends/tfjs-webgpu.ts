/**
 * tfjs on the WebGPU device (@tensorflow/tfjs-backend-webgpu on the `webgpu` package's Dawn):
 * the tfjs sampler of src/nets/tfjs.ts (Gaussians drawn on the CPU by the ziggurat, weights
 * uploaded as tensors, batched matMul / erf / matMul on the device) run on the GPU. It is the
 * baseline of bench/gpu.bench.mjs for the fused kernel of `--backend gpu`; it is not a CLI backend
 * (it stores every weight in GPU memory and moves them over the bus, which the fused kernel avoids).
 */
import { UnavailableError } from '../../core/errors.js';
import { VULKAN_FIX } from '../gpu/device.js';

/** Loads tfjs-core with its WebGPU backend on a Dawn adapter; UNAVAILABLE naming the fix otherwise. */
export async function loadTfjsWebgpu(): Promise<{ tf: unknown; backend: string; close: () => void }> {
  /* eslint-disable @typescript-eslint/no-explicit-any */
  let webgpu: any, tf: any;
  const g = globalThis as { navigator?: unknown };
  const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  try {
    webgpu = await import('webgpu' as string);
    Object.assign(globalThis, webgpu.globals);
    // tfjs-backend-webgpu registers itself at import only where navigator.gpu exists: set it first
    Object.defineProperty(globalThis, 'navigator', { value: { ...(g.navigator as object ?? {}), gpu: webgpu.create([]) }, configurable: true, writable: true });
    tf = await import('@tensorflow/tfjs-core' as string);
    await import('@tensorflow/tfjs-backend-webgpu' as string);
  } catch (e) {
    throw new UnavailableError(`tfjs on WebGPU needs the optional packages webgpu, @tensorflow/tfjs-core and @tensorflow/tfjs-backend-webgpu: ${(e as Error).message.split('\n')[0]}`);
  }
  const t = tf.setBackend ? tf : tf.default;
  if (!(await t.setBackend('webgpu'))) throw new UnavailableError(`tfjs: the webgpu backend found no adapter: ${VULKAN_FIX}`);
  await t.ready();
  return {
    tf: t, backend: '@tensorflow/tfjs-backend-webgpu',
    close() {
      // the backend stays registered (it registers at import only); navigator is restored
      if (before) Object.defineProperty(globalThis, 'navigator', before); else delete g.navigator;
    },
  };
}
