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

/** The same constants for other implementations of Philox (the WGSL one of src/nets/gpu): one place for them. */
export const PHILOX_CONSTANTS = { M0, M1, W0, W1 } as const;

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
 * counter [block, c1, c2, c3]) to dst[at ..]. This is the sampler's hot loop: it runs
 * as a small WebAssembly function (built below, where its 64-bit multiply gives
 * mulhi in one instruction, ~3–4× the speed of the 16-bit split in JS), and falls
 * back to {@link philoxWordsJs} where WebAssembly is unavailable. Both give the same
 * bits (tested against each other and the Random123 known-answer vectors).
 */
export function philoxWords(
  k0: number, k1: number, c1: number, c2: number, c3: number,
  first: number, blocks: number, dst: Uint32Array, at = 0,
): void {
  const src = blocks > 0 ? philoxIntoWasm(k0, k1, c1, c2, c3, first, blocks, 0) : null;
  if (!src) { philoxWordsJs(k0, k1, c1, c2, c3, first, blocks, dst, at); return; }
  // copied by a loop: a subarray view per call would be a per-network allocation
  for (let i = 0, n = 4 * blocks; i < n; i++) dst[at + i] = src[i]!;
}

/**
 * Runs the WebAssembly Philox for blocks [first, first + blocks), writing their words at
 * word index `at` of its memory (grown as needed; words below `at` are kept), and returns a
 * view of that memory, or null without WebAssembly. The view is valid until the next call.
 */
function philoxIntoWasm(
  k0: number, k1: number, c1: number, c2: number, c3: number, first: number, blocks: number, at: number,
): Uint32Array | null {
  const w = philoxWasm();
  if (!w) return null;
  const end = at + 4 * blocks;
  if (w.words.length < end) {
    w.exports.memory.grow(Math.ceil((4 * end - w.exports.memory.buffer.byteLength) / 65536));
    w.words = new Uint32Array(w.exports.memory.buffer);
  }
  w.exports.philox(k0 | 0, k1 | 0, c1 | 0, c2 | 0, c3 | 0, first | 0, blocks | 0, 4 * at);
  return w.words;
}

/** The same as {@link philoxWords}, in plain JS (int32 arithmetic; mulhi by 16-bit halves). */
export function philoxWordsJs(
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

/** The WebAssembly Philox: philox(k0, k1, c1, c2, c3, first, blocks, ptr) writes 16·blocks bytes at ptr of its memory. */
interface PhiloxWasm {
  exports: {
    philox(k0: number, k1: number, c1: number, c2: number, c3: number, first: number, blocks: number, ptr: number): void;
    memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  };
  /** A view of all of memory (replaced when memory grows, which detaches the old buffer). */
  words: Uint32Array;
}

/** The bits of the WebAssembly global this file uses (the build's type libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/**
 * The module's bytes, assembled here (no toolchain): one function, 10 unrolled rounds.
 * Locals: 0–7 the parameters, 8 j, 9–12 x0..x3, 13 a, 14 b (i32); 15, 16 the 64-bit products.
 * Per round: p0 = x0·M0, p1 = x2·M1 (u32 × u32 → u64, exact); x0 ← hi(p1) ^ x1 ^ a,
 * x2 ← hi(p0) ^ x3 ^ b, x1 ← lo(p1), x3 ← lo(p0); a += W0, b += W1.
 */
function philoxModuleBytes(): Uint8Array {
  const uleb = (n: number): number[] => { const o: number[] = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
  const sleb = (v: bigint): number[] => {
    const o: number[] = [];
    for (;;) {
      const b = Number(v & 0x7fn); v >>= 7n;
      if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) { o.push(b); return o; }
      o.push(b | 0x80);
    }
  };
  const GET = 0x20, SET = 0x21, I32C = 0x41, I64C = 0x42, ADD = 0x6a, XOR = 0x73, GEU = 0x4f;
  const MUL64 = 0x7e, SHRU64 = 0x88, WRAP = 0xa7, EXTU = 0xad, STORE = 0x36;
  const [K0, K1, C1, C2, C3, FIRST, BLOCKS, PTR, J, X0, X1, X2, X3, A, B, P0, P1] = Array.from({ length: 17 }, (_, i) => i);
  const c: number[] = [];
  const i32c = (v: number) => c.push(I32C, ...sleb(BigInt(v | 0)));
  const i64c = (v: number) => c.push(I64C, ...sleb(BigInt(v)));
  c.push(I32C, 0, SET, J);
  c.push(0x02, 0x40, 0x03, 0x40); // block, loop
  c.push(GET, J, GET, BLOCKS, GEU, 0x0d, 1); // j >= blocks: br_if out of the block
  c.push(GET, FIRST, GET, J, ADD, SET, X0, GET, C1, SET, X1, GET, C2, SET, X2, GET, C3, SET, X3, GET, K0, SET, A, GET, K1, SET, B);
  for (let r = 0; r < 10; r++) {
    c.push(GET, X0, EXTU); i64c(M0); c.push(MUL64, SET, P0);
    c.push(GET, X2, EXTU); i64c(M1); c.push(MUL64, SET, P1);
    c.push(GET, P1); i64c(32); c.push(SHRU64, WRAP, GET, X1, XOR, GET, A, XOR, SET, X0);
    c.push(GET, P0); i64c(32); c.push(SHRU64, WRAP, GET, X3, XOR, GET, B, XOR, SET, X2);
    c.push(GET, P1, WRAP, SET, X1, GET, P0, WRAP, SET, X3);
    c.push(GET, A); i32c(W0); c.push(ADD, SET, A);
    c.push(GET, B); i32c(W1); c.push(ADD, SET, B);
  }
  for (const [x, off] of [[X0, 0], [X1, 4], [X2, 8], [X3, 12]] as const) c.push(GET, PTR, GET, x, STORE, 2, off);
  c.push(GET, PTR); i32c(16); c.push(ADD, SET, PTR);
  c.push(GET, J); i32c(1); c.push(ADD, SET, J);
  c.push(0x0c, 0, 0x0b, 0x0b, 0x0b); // br loop; end loop; end block; end function
  const body = [2, 7, 0x7f, 2, 0x7e, ...c]; // locals: 7 × i32, 2 × i64
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const name = (s: string) => [s.length, ...Array.from(s, (ch) => ch.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 8, ...Array(8).fill(0x7f), 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('philox'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/**
 * One instance per thread (module state, but only scratch: its memory holds nothing between
 * calls that any result depends on). null where WebAssembly is unavailable.
 */
let philoxInstance: PhiloxWasm | null | undefined;
function philoxWasm(): PhiloxWasm | null {
  if (philoxInstance === undefined) {
    try {
      const wa = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
      if (!wa) throw new Error('no WebAssembly');
      const exports = new wa.Instance(new wa.Module(philoxModuleBytes())).exports as PhiloxWasm['exports'];
      philoxInstance = { exports, words: new Uint32Array(exports.memory.buffer) };
    } catch {
      philoxInstance = null;
    }
  }
  return philoxInstance;
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
  const blocks = Math.ceil((count + (count >> 4) + 32) / 4);
  // With WebAssembly the words are read where the Philox function wrote them, in its memory
  // (no copy; `scratch` is then unused); otherwise they go to scratch.
  let w = philoxIntoWasm(k0, k1, c1, c2, c3, 0, blocks, 0);
  if (!w) {
    w = scratch && scratch.length >= 4 * blocks ? scratch : new Uint32Array(4 * blocks);
    philoxWordsJs(k0, k1, c1, c2, c3, 0, blocks, w);
  }
  // The hot loop keeps w, p, avail in plain locals (a closure over them would put them in a
  // context object, read from memory on every draw); the rare paths go through `st`.
  let avail = 4 * blocks, p = 0;
  let st: WordState | undefined; // made on the first rare path only (no allocation per call otherwise)
  const end = offset + count;
  const zr = ZR, zx = ZX; // locals: module bindings are read through their context slot
  let n = offset;
  while (n < end) {
    // the common case, a run of draws inside their layer's rectangle (~98.8% each): a tight loop
    for (; n < end && p < avail; n++) {
      const word = w[p]!;
      const i = word & 127;
      const u = ((word >>> 7) + 0.5) * INV_2_24 - 1; // (-1, 1), 2^25 levels
      if (!(Math.abs(u) < zr[i]!)) break;
      p++;
      out[n] = u * zx[i]!;
    }
    if (n >= end) break;
    st ??= { w, p, avail, blocks, k0, k1, c1, c2, c3 };
    if (p >= avail) { st.p = p; moreWords(st); w = st.w; avail = st.avail; continue; }
    // word p falls outside its rectangle: the tail or wedge test, which may take further words
    const word = w[p++]!;
    st.w = w; st.avail = avail; st.p = p;
    const x = zigguratEdge(st, word & 127, ((word >>> 7) + 0.5) * INV_2_24 - 1);
    p = st.p; w = st.w; avail = st.avail;
    if (x === x) out[n++] = x; // NaN: the wedge test rejected; draw again for the same n
  }
}

/** The word buffer of one {@link fillGaussians} call, for its rare paths. */
interface WordState {
  w: Uint32Array; p: number; avail: number; blocks: number;
  k0: number; k1: number; c1: number; c2: number; c3: number;
}

/** Extends the word buffer by 16 more blocks of the stream (rare). */
function moreWords(st: WordState): void {
  const inWasm = philoxIntoWasm(st.k0, st.k1, st.c1, st.c2, st.c3, st.blocks, 16, st.avail);
  if (inWasm) { st.w = inWasm; st.blocks += 16; st.avail += 64; return; }
  const bigger = new Uint32Array(st.avail + 64);
  bigger.set(st.w.subarray(0, st.avail));
  philoxWords(st.k0, st.k1, st.c1, st.c2, st.c3, st.blocks, 16, bigger, st.avail);
  st.w = bigger; st.blocks += 16; st.avail += 64;
}

/** The next word of the stream as a uniform in (0, 1). */
function nextUniform(st: WordState): number {
  if (st.p >= st.avail) moreWords(st);
  return (st.w[st.p++]! + 0.5) * INV_2_32;
}

/** A draw outside layer i's rectangle: the tail (i = 0) or the wedge test; NaN when the wedge rejects. */
function zigguratEdge(st: WordState, i: number, u: number): number {
  if (i === 0) { // base layer beyond R: Marsaglia's tail method
    let x: number, y: number;
    do {
      x = Math.log(nextUniform(st)) / ZIG_R;
      y = Math.log(nextUniform(st));
    } while (-2 * y < x * x);
    return u < 0 ? x - ZIG_R : ZIG_R - x;
  }
  const x = u * ZX[i]!; // the wedge between rectangles: accept under f
  const f0 = Math.exp(-0.5 * (ZX[i]! * ZX[i]! - x * x));
  const f1 = Math.exp(-0.5 * (ZX[i + 1]! * ZX[i + 1]! - x * x));
  return f1 + nextUniform(st) * (f0 - f1) < 1 ? x : NaN;
}

/** Convenience: the first `count` Gaussians of a stream as a new array (see {@link fillGaussians}). */
export function gaussians(k0: number, k1: number, c1: number, c2: number, c3: number, count: number): Float64Array {
  const out = new Float64Array(count);
  fillGaussians(k0, k1, c1, c2, c3, out, count);
  return out;
}

/**
 * A small sequential uniform [0, 1) generator (mulberry32) for uses that need a
 * seeded stream but no counter-based access: QMC random shifts, test noise.
 * Returned as a closure; no shared state.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
