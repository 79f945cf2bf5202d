/**
 * The sampler's stream layout, one place for every backend (CONVENTIONS §1; Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §3): network i of experiment e at width N under seed s draws from
 * the Philox stream key = [s, e], counter = [block, i, N, 0] (src/core/rng.ts). Its Gaussians,
 * in order: W0 (N·d_in, neuron-major), b0 (N), W1 (N), b1 (1), scaled by σ_W/√d_in, σ_b,
 * σ_W/√N, σ_b. How words become Gaussians is the backend's transform (CPU: the ziggurat of
 * rng.ts; GPU: Box–Muller, src/nets/gpu/philox.ts).
 */

/** Key and counter words (c1, c2, c3; c0 is the block index) of network i of experiment e at width N. */
export function netStream(seed: number, e: number, i: number, N: number): { k0: number; k1: number; c1: number; c2: number; c3: number } {
  return { k0: seed >>> 0, k1: e >>> 0, c1: i >>> 0, c2: N >>> 0, c3: 0 };
}

/** Offsets of the sections of a network's Gaussians at width N with d_in inputs. */
export function streamOffsets(N: number, dIn: number): { w0: number; b0: number; w1: number; b1: number } {
  return { w0: 0, b0: N * dIn, w1: N * (dIn + 1), b1: N * (dIn + 2) };
}
