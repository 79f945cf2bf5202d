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
 *     the stream is the words of blocks 0, 1, 2, … in that order;
 *   - Gaussians are drawn one after another from the stream by the 128-layer ziggurat of
 *     Marsaglia & Tsang (J. Stat. Softw. 5 (2000) 8) in the form of Doornik (2005, "An improved
 *     ziggurat method to generate normal random samples", the ZIGNOR tables, R = 3.442619855899,
 *     V = 9.91256303526217e-3): per attempt one word w gives the layer i = w & 127 and
 *     u = ((w >>> 7) + 0.5) / 2^24 − 1 in (−1, 1) (2^25 levels, independent bits); accept u·X[i]
 *     when |u| < X[i+1]/X[i] (~98.8% of draws); otherwise the tail (layer 0) or wedge test uses
 *     further words as uniforms (w + 0.5) / 2^32 in (0, 1), never 0 or 1;
 *   - so a network's Gaussians are a fixed function of its stream, whatever else is drawn.
 * No truncation: the tail method samples all of |g| > R exactly. Quantisation: within a
 * layer g takes 2^25 levels (spacing ≤ 2.1e-7), far below any statistical resolution.
 */

/** Philox4x32 round multipliers and Weyl key increments (Random123 philox.h). */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

const M0L = M0 & 0xffff, M0H = M0 >>> 16, M1L = M1 & 0xffff, M1H = M1 >>> 16;

/**
 * High 32 bits of the 64-bit product a·b of two uint32, exactly, in 32-bit integer
 * arithmetic: with 16-bit halves, a·b = ah·bh·2^32 + (ah·bl + al·bh)·2^16 + al·bl, so
 * hi = ah·bh + ⌊ah·bl / 2^16⌋ + ⌊al·bh / 2^16⌋ + carry of the low 16-bit parts; every
 * partial product fits in a uint32 (Math.imul) and the true result is < 2^32, so
 * summing mod 2^32 (| 0) is exact. (Returns the bits as an int32.)
 */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = Math.imul(al, bl), hl = Math.imul(ah, bl), lh = Math.imul(al, bh);
  return (Math.imul(ah, bh) + (hl >>> 16) + (lh >>> 16) + (((hl & 0xffff) + (lh & 0xffff) + (ll >>> 16)) >>> 16)) | 0;
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
    const hi0 = mulhi(M0, x0) >>> 0, lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2) >>> 0, lo1 = Math.imul(M1, x2) >>> 0;
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

/** The uniform in (0, 1) that the Gaussian transform makes of one 32-bit word in its tail and wedge tests: (w + 0.5) / 2^32. */
export function uniformFromWord(w: number): number {
  return ((w >>> 0) + 0.5) * 2.3283064365386963e-10;
}

const INV_2_32 = 2.3283064365386963e-10;
const INV_2_24 = 5.9604644775390625e-8;

/* Ziggurat tables (Marsaglia & Tsang 2000, in Doornik's 2005 "ZIGNOR" form): 128 layers of equal
 * area V under f(x) = exp(-x²/2), the base layer (0) including the tail beyond R.
 * X[0] = V / f(R), X[1] = R, X[i] = f⁻¹(V / X[i-1] + f(X[i-1])), X[128] = 0; ZR[i] = X[i+1] / X[i]. */
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
const ZX: Float64Array = (() => {
  const x = new Float64Array(129);
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  x[0] = ZIG_V / f;
  x[1] = ZIG_R;
  for (let i = 2; i < 128; i++) {
    x[i] = Math.sqrt(-2 * Math.log(ZIG_V / x[i - 1]! + f));
    f = Math.exp(-0.5 * x[i]! * x[i]!);
  }
  x[128] = 0;
  return x;
})();
const ZR: Float64Array = Float64Array.from({ length: 128 }, (_, i) => ZX[i + 1]! / ZX[i]!);

/**
 * Writes the words of Philox blocks [first, first + blocks) of a stream (key [k0, k1],
 * counter [block, c1, c2, c3]) to dst[at ..]. The Philox rounds are inlined: this is
 * the sampler's hot loop.
 */
export function philoxWords(
  k0: number, k1: number, c1: number, c2: number, c3: number,
  first: number, blocks: number, dst: Uint32Array, at = 0,
): void {
  const key0 = k0 >>> 0, key1 = k1 >>> 0, d1 = c1 >>> 0, d2 = c2 >>> 0, d3 = c3 >>> 0;
  for (let j = 0; j < blocks; j++) {
    // int32 throughout (V8 keeps these in integer registers); words are the same bits
    let x0 = (first + j) | 0, x1 = d1 | 0, x2 = d2 | 0, x3 = d3 | 0, a = key0 | 0, b = key1 | 0;
    for (let r = 0; r < 10; r++) {
      // mulhi inlined (see mulhi above)
      const x0l = x0 & 0xffff, x0h = x0 >>> 16, x2l = x2 & 0xffff, x2h = x2 >>> 16;
      const ll0 = Math.imul(M0L, x0l), p01 = Math.imul(M0H, x0l), p10 = Math.imul(M0L, x0h);
      const hi0 = (Math.imul(M0H, x0h) + (p01 >>> 16) + (p10 >>> 16) + (((p01 & 0xffff) + (p10 & 0xffff) + (ll0 >>> 16)) >>> 16)) | 0;
      const ll1 = Math.imul(M1L, x2l), q01 = Math.imul(M1H, x2l), q10 = Math.imul(M1L, x2h);
      const hi1 = (Math.imul(M1H, x2h) + (q01 >>> 16) + (q10 >>> 16) + (((q01 & 0xffff) + (q10 & 0xffff) + (ll1 >>> 16)) >>> 16)) | 0;
      const lo0 = Math.imul(M0, x0), lo1 = Math.imul(M1, x2);
      x0 = hi1 ^ x1 ^ a;
      x1 = lo1;
      x2 = hi0 ^ x3 ^ b;
      x3 = lo0;
      a = (a + W0) | 0;
      b = (b + W1) | 0;
    }
    const o = at + 4 * j;
    dst[o] = x0; dst[o + 1] = x1; dst[o + 2] = x2; dst[o + 3] = x3;
  }
}

/**
 * Fills `out[offset .. offset+count)` with the first `count` standard Gaussians of the
 * stream (key = [k0, k1], counter words c1, c2, c3; block index in counter word 0), by
 * the ziggurat transform documented at the top of this file. Pure; pass a `scratch`
 * word buffer to avoid an allocation per call (it is grown when too small).
 */
export function fillGaussians(
  k0: number, k1: number, c1: number, c2: number, c3: number,
  out: Float64Array, count: number, offset = 0, scratch?: Uint32Array,
): void {
  // ~1.2% of draws are rejected or take extra words: 1/16 + 32 spare words almost always suffice
  let blocks = Math.ceil((count + (count >> 4) + 32) / 4);
  let w = scratch && scratch.length >= 4 * blocks ? scratch : new Uint32Array(4 * blocks);
  philoxWords(k0, k1, c1, c2, c3, 0, blocks, w);
  let avail = 4 * blocks, p = 0;
  const more = () => { // extend the word buffer by 16 more blocks (rare)
    const bigger = new Uint32Array(avail + 64);
    bigger.set(w.subarray(0, avail));
    philoxWords(k0, k1, c1, c2, c3, blocks, 16, bigger, avail);
    w = bigger; blocks += 16; avail += 64;
  };
  const uniform = () => { if (p >= avail) more(); return (w[p++]! + 0.5) * INV_2_32; };
  const end = offset + count;
  for (let n = offset; n < end; n++) {
    for (;;) {
      if (p >= avail) more();
      const word = w[p++]!;
      const i = word & 127;
      const u = ((word >>> 7) + 0.5) * INV_2_24 - 1; // (-1, 1), 2^25 levels
      if (Math.abs(u) < ZR[i]!) { out[n] = u * ZX[i]!; break; } // inside layer i's rectangle (~98.8%)
      if (i === 0) { // base layer beyond R: Marsaglia's tail method
        let x: number, y: number;
        do {
          x = Math.log(uniform()) / ZIG_R;
          y = Math.log(uniform());
        } while (-2 * y < x * x);
        out[n] = u < 0 ? x - ZIG_R : ZIG_R - x;
        break;
      }
      const x = u * ZX[i]!; // the wedge between rectangles: accept under f
      const f0 = Math.exp(-0.5 * (ZX[i]! * ZX[i]! - x * x));
      const f1 = Math.exp(-0.5 * (ZX[i + 1]! * ZX[i + 1]! - x * x));
      if (f1 + uniform() * (f0 - f1) < 1) { out[n] = x; break; }
    }
  }
}

/** Convenience: the first `count` Gaussians of a stream as a new array (see {@link fillGaussians}). */
export function gaussians(k0: number, k1: number, c1: number, c2: number, c3: number, count: number): Float64Array {
  const out = new Float64Array(count);
  fillGaussians(k0, k1, c1, c2, c3, out, count);
  return out;
}
