/**
 * Philox4x32-10 and the GPU's Gaussian transform in WGSL (Salmon, Moraes, Dror, Shaw, SC'11;
 * src/core/rng.ts is the CPU implementation and holds the constants). WGSL has 32-bit integers
 * only, so the 32×32→64 product is built from 16-bit limbs (as rng.ts's JS path does); the
 * words are bit for bit those of rng.ts (test/nets/gpu.test.ts: the Random123 known-answer
 * vectors, and rng.ts's words for the sampler's streams).
 *
 * Gaussian transform on the GPU (documented contract; it differs from the CPU's ziggurat, so
 * GPU and workers agree statistically, not network by network): Box–Muller on fixed word pairs.
 * Block b of a stream gives words (w0, w1, w2, w3) and Gaussians 4b..4b+3:
 *   (g[4b], g[4b+1]) from (w0, w1), (g[4b+2], g[4b+3]) from (w2, w3), where for a word pair (a, c)
 *   r = √(−2 ln u), u = (a + ½)·2⁻³² (a rounded to float32 first), in (0, 1];
 *   θ = 2π (k + f)/8, k = c >> 29 (the octant), f = ((c >> 6) & (2²³−1)) + ½)·2⁻²³;
 *   (g, g') = (r cos θ, r sin θ).
 * So Gaussian q of a stream sits in block q >> 2: any neuron's weights are computed where they
 * are needed, and none is stored. cos and sin come from polynomials on [0, π/4] (Taylor to
 * degree 9 and 10, error < 2e-9) with exact octant symmetries, not from the driver's sin/cos
 * (whose WGSL accuracy bound is only 2⁻¹¹). Truncation: r ≤ √(66 ln 2) = 6.76 (u ≥ 2⁻³³), which
 * drops P(r > 6.76) = 2⁻³³ of the 2-D Gaussian mass: a relative bias below 1e-7 on E[g⁴].
 * Quantisation: θ takes 2²⁶ values, u at least float32 resolution.
 * A float64 reference of the same transform is {@link gpuGaussiansReference}.
 */
import { PHILOX_CONSTANTS, philoxWordsJs } from '../../core/rng.js';

const hex = (x: number) => `0x${(x >>> 0).toString(16)}u`;
const { M0, M1, W0, W1 } = PHILOX_CONSTANTS;

/** WGSL: `philox(c: vec4<u32>, k: vec2<u32>) -> vec4<u32>` and the limb product `mulhilo`. */
export const WGSL_PHILOX = `
// (hi, lo) of the 64-bit product a*b, exactly, from 16-bit limbs (every partial product < 2^32)
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let al = a & 0xffffu; let ah = a >> 16u; let bl = b & 0xffffu; let bh = b >> 16u;
  let ll = al * bl; let hl = ah * bl; let lh = al * bh;
  let mid = (hl & 0xffffu) + (lh & 0xffffu) + (ll >> 16u);
  return vec2<u32>(ah * bh + (hl >> 16u) + (lh >> 16u) + (mid >> 16u), a * b);
}
fn philox(c: vec4<u32>, k: vec2<u32>) -> vec4<u32> {
  var x = c; var key = k;
  for (var r = 0u; r < 10u; r++) {
    let p0 = mulhilo(${hex(M0)}, x.x);
    let p1 = mulhilo(${hex(M1)}, x.z);
    x = vec4<u32>(p1.x ^ x.y ^ key.x, p1.y, p0.x ^ x.w ^ key.y, p0.y);
    key = key + vec2<u32>(${hex(W0)}, ${hex(W1)});
  }
  return x;
}`;

/** WGSL: `gauss4(w: vec4<u32>) -> vec4<f32>`, the Box–Muller transform of the file header. */
export const WGSL_BOX_MULLER = `
// (cos t, sin t) for t = f·π/4, f in [0, 1]: Taylor polynomials (error < 2e-9 on [0, π/4])
fn bm_cs(f: f32) -> vec2<f32> {
  let t = f * 0.78539816339744831;
  let s = t * t;
  let c = 1.0 + s * (-0.5 + s * (4.1666666666666664e-2 + s * (-1.3888888888888889e-3 + s * (2.4801587301587302e-5 + s * -2.7557319223985893e-7))));
  let n = t * (1.0 + s * (-0.16666666666666666 + s * (8.3333333333333332e-3 + s * (-1.9841269841269841e-4 + s * 2.7557319223985891e-6))));
  return vec2<f32>(c, n);
}
fn bm_pair(a: u32, c: u32) -> vec2<f32> {
  let u = (f32(a) + 0.5) * 2.3283064365386963e-10;
  let r = sqrt(-2.0 * log(u));
  let k = c >> 29u;
  let f = (f32((c >> 6u) & 0x7fffffu) + 0.5) * 1.1920928955078125e-7;
  // angle (k + f)·π/4: odd octants count down from the next multiple of π/2
  let odd = (k & 1u) == 1u;
  let cs = bm_cs(select(f, 1.0 - f, odd));
  let cs1 = select(cs, cs.yx, odd);        // (cos, sin) of the angle within the quadrant
  let q = k >> 1u;                         // quadrant: rotate by q·π/2
  var v = cs1;
  if (q == 1u) { v = vec2<f32>(-cs1.y, cs1.x); }
  if (q == 2u) { v = -cs1; }
  if (q == 3u) { v = vec2<f32>(cs1.y, -cs1.x); }
  return r * v;
}
fn gauss4(w: vec4<u32>) -> vec4<f32> {
  return vec4<f32>(bm_pair(w.x, w.y), bm_pair(w.z, w.w));
}`;

/**
 * Float64 reference of the GPU's Gaussians: the first `count` Gaussians of the stream (key
 * [k0, k1], counter [block, c1, c2, c3]) by the transform of the file header, in exact
 * arithmetic up to float64 rounding (u from the float32-rounded word, as on the device).
 */
export function gpuGaussiansReference(k0: number, k1: number, c1: number, c2: number, c3: number, count: number): Float64Array {
  const blocks = Math.ceil(count / 4);
  const w = new Uint32Array(4 * blocks);
  philoxWordsJs(k0, k1, c1, c2, c3, 0, blocks, w);
  const out = new Float64Array(4 * blocks);
  for (let p = 0; p < 2 * blocks; p++) {
    const a = w[2 * p]!, c = w[2 * p + 1]!;
    const u = Math.min(1, (Math.fround(a) + 0.5) * 2.3283064365386963e-10);
    const r = Math.sqrt(-2 * Math.log(u));
    const k = c >>> 29, f = (((c >>> 6) & 0x7fffff) + 0.5) * 1.1920928955078125e-7;
    const theta = ((k + f) * Math.PI) / 4;
    out[2 * p] = r * Math.cos(theta);
    out[2 * p + 1] = r * Math.sin(theta);
  }
  return out.subarray(0, count);
}
