/**
 * Counter-based random numbers: Philox4x32-10 (Salmon, Moraes, Dror, Shaw,
 * "Parallel random numbers: as easy as 1, 2, 3", SC'11; the Random123 library),
 * and the Gaussian transform the Monte-Carlo sampler uses (CONVENTIONS §1).
 *
 * A counter-based generator is a pure function (counter, key) → 4 random words:
 * there is no state to carry, so network i of experiment e under seed s is the
 * same whatever the thread count, batch size or resume point.
 *
 * Gaussian transform (documented contract; changing it changes every sampled number):
 *   - block j of a stream is philox4x32_10(counter = [j, c1, c2, c3], key = [k0, k1]) → words w0..w3;
 *   - each word w becomes a uniform u = (w + 0.5) / 2^32 in (0, 1), never 0 or 1;
 *   - Box–Muller on the pairs (u0, u1) and (u2, u3): r = sqrt(-2 ln u_a), θ = 2π u_b,
 *     g_a = r cos θ, g_b = r sin θ;
 *   - Gaussian number g of the stream is element g mod 4 of block floor(g / 4).
 * With 32-bit uniforms the largest |g| is sqrt(-2 ln 2^-33) ≈ 6.76: the tail beyond
 * it has probability 1.4e-11, far below any statistical resolution of the sampler.
 */

/** Philox4x32 round multipliers and Weyl key increments (Random123 philox.h). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

const M0L = M0 & 0xffff, M0H = M0 >>> 16, M1L = M1 & 0xffff, M1H = M1 >>> 16;

/**
 * High 32 bits of the 64-bit product a·b of two uint32, exactly, from 16-bit halves:
 * a·b = ah·bh·2^32 + (ah·bl + al·bh)·2^16 + al·bl; every partial product is < 2^32
 * and the middle sum < 2^34, so all of it is exact in doubles.
 */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const mid = ah * bl + al * bh + ((al * bl) >>> 16);
  return (ah * bh + Math.floor(mid / 65536)) >>> 0;
}

/**
 * Philox4x32-10: the 4 output words for counter (c0..c3) and key (k0, k1), all uint32.
 * Writes them to `out[0..3]` (or a new Uint32Array) and returns it. Verified against
 * the Random123 known-answer vectors (test/core/rng.test.ts).
 */
export function philox4x32(
  c0: number, c1: number, c2: number, c3: number, k0: number, k1: number,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let x0 = c0 >>> 0, x1 = c1 >>> 0, x2 = c2 >>> 0, x3 = c3 >>> 0;
  let a = k0 >>> 0, b = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(M0, x0), lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2), lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ a) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ b) >>> 0;
    x3 = lo0;
    a = (a + W0) >>> 0;
    b = (b + W1) >>> 0;
  }
  out[0] = x0; out[1] = x1; out[2] = x2; out[3] = x3;
  return out;
}

/** The uniform in (0, 1) that the Gaussian transform makes of one 32-bit word: (w + 0.5) / 2^32. */
export function uniformFromWord(w: number): number {
  return ((w >>> 0) + 0.5) * 2.3283064365386963e-10;
}

const TWO_PI = 2 * Math.PI;
const INV_2_32 = 2.3283064365386963e-10;

/**
 * Fills `out[offset .. offset+count)` with the first `count` standard Gaussians of the
 * stream (key = [k0, k1], counter words c1, c2, c3; block index in counter word 0),
 * by the transform documented at the top of this file. Pure and allocation-free;
 * the Philox rounds are inlined because this is the sampler's hot loop.
 */
export function fillGaussians(
  k0: number, k1: number, c1: number, c2: number, c3: number,
  out: Float64Array, count: number, offset = 0,
): void {
  const key0 = k0 >>> 0, key1 = k1 >>> 0;
  const d1 = c1 >>> 0, d2 = c2 >>> 0, d3 = c3 >>> 0;
  const blocks = Math.ceil(count / 4);
  for (let j = 0; j < blocks; j++) {
    let x0 = j, x1 = d1, x2 = d2, x3 = d3, a = key0, b = key1;
    for (let r = 0; r < 10; r++) {
      // mulhi inlined (see mulhi above)
      const x0l = x0 & 0xffff, x0h = x0 >>> 16, x2l = x2 & 0xffff, x2h = x2 >>> 16;
      const mid0 = M0H * x0l + M0L * x0h + ((M0L * x0l) >>> 16);
      const hi0 = (M0H * x0h + Math.floor(mid0 / 65536)) >>> 0;
      const lo0 = Math.imul(M0, x0) >>> 0;
      const mid1 = M1H * x2l + M1L * x2h + ((M1L * x2l) >>> 16);
      const hi1 = (M1H * x2h + Math.floor(mid1 / 65536)) >>> 0;
      const lo1 = Math.imul(M1, x2) >>> 0;
      x0 = (hi1 ^ x1 ^ a) >>> 0;
      x1 = lo1;
      x2 = (hi0 ^ x3 ^ b) >>> 0;
      x3 = lo0;
      a = (a + W0) >>> 0;
      b = (b + W1) >>> 0;
    }
    const r0 = Math.sqrt(-2 * Math.log((x0 + 0.5) * INV_2_32));
    const th0 = TWO_PI * ((x1 + 0.5) * INV_2_32);
    const r1 = Math.sqrt(-2 * Math.log((x2 + 0.5) * INV_2_32));
    const th1 = TWO_PI * ((x3 + 0.5) * INV_2_32);
    const base = offset + 4 * j;
    const left = count - 4 * j;
    out[base] = r0 * Math.cos(th0);
    if (left > 1) out[base + 1] = r0 * Math.sin(th0);
    if (left > 2) out[base + 2] = r1 * Math.cos(th1);
    if (left > 3) out[base + 3] = r1 * Math.sin(th1);
  }
}

/** Convenience: the first `count` Gaussians of a stream as a new array (see {@link fillGaussians}). */
export function gaussians(k0: number, k1: number, c1: number, c2: number, c3: number, count: number): Float64Array {
  const out = new Float64Array(count);
  fillGaussians(k0, k1, c1, c2, c3, out, count);
  return out;
}
