import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf } from '../../src/core/special.js';
import { erfFast, erfFastBatch } from '../../src/kernels/fast-erf.js';
import { fillGaussians, philoxWords, philoxWordsJs } from '../../src/core/rng.js';
import { covariance, readout } from '../../src/nets/engine.js';
import { ARCHITECTURES, resolveParams } from '../../src/kernels/registry.js';
import { exactAdd, exactMerge, exactValue } from '../../src/nets/exact-sum.js';

describe('erfFast', () => {
  it('agrees with core/special erf to 2e-15 relative on a dense grid and at the range edges', () => {
    const xs = [0, 1e-300, 3.7e-9, 0.84375, 1.25, 2.857142857142857, 6, 27, -0.84375, -1.25, -6];
    for (let i = 0; i <= 20000; i++) xs.push(-7 + (14 * i) / 20000);
    for (const x of xs) {
      const want = erf(x);
      expect(Math.abs(erfFast(x) - want)).toBeLessThanOrEqual(2e-15 * Math.max(Math.abs(want), 1e-300));
    }
  });
  it('is odd and handles NaN and infinities', () => {
    expect(Number.isNaN(erfFast(NaN))).toBe(true);
    expect(erfFast(Infinity)).toBe(1);
    expect(erfFast(-Infinity)).toBe(-1);
    for (const x of [0.1, 1, 2, 4]) expect(erfFast(-x)).toBe(-erfFast(x));
  });
  it('is exactly odd on a dense grid (the table is mirror-symmetric) and saturates to ±1 beyond |x| = 6', () => {
    for (let i = 0; i <= 50000; i++) {
      const x = (6.5 * i) / 50000;
      expect(erfFast(-x)).toBe(-erfFast(x));
    }
    expect(erfFast(6)).toBe(1);
    expect(erfFast(-6.000001)).toBe(-1);
    expect(erfFast(5.999999)).toBeLessThanOrEqual(1);
  });
  it('agrees with 25-digit reference values (mpmath) to 1e-15 relative, incl. tiny |x| and the interval edges', () => {
    // erf(x) by mpmath at 40 digits, an oracle independent of this code and of core/special.ts
    const ref: [number, number][] = [
      [1e-300, 1.128379167095512573896159e-300], [3.7e-9, 4.175002918253396504363858e-9],
      [0.0312, 0.03519400989069147049860026], [0.03125, 0.03525037386732282599861659],
      [0.0625, 0.07043197772238707805059006], [0.5, 0.5204998778130465376827467],
      [1, 0.8427007929497148693412206], [1.7501308313581583, 0.9866785742629312426349713],
      [2.375, 0.9992170617821088808024489], [2.4283, 0.9994055514901256699613048],
      [3.5, 0.9999992569016276585872545], [4.9, 0.9999999999957810634759942],
      [5.9, 0.9999999999999999280959022],
    ];
    for (const [x, want] of ref) {
      expect(Math.abs(erfFast(x) - want)).toBeLessThanOrEqual(1e-15 * want);
      expect(Math.abs(erfFast(-x) + want)).toBeLessThanOrEqual(1e-15 * want);
    }
  });
  it('erfFastBatch = erfFast elementwise', () => {
    const z = Float64Array.from({ length: 999 }, (_, i) => -7 + i / 71);
    const out = new Float64Array(z.length);
    erfFastBatch(z, out);
    z.forEach((x, i) => expect(out[i]).toBe(erfFast(x)));
  });
});

describe('fast paths give the same bits as their plain versions', () => {
  it('philoxWords (WebAssembly) = philoxWordsJs on random keys, counters and offsets, incl. counter wrap-around', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 6, maxLength: 6 }),
      fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 5 }),
      ([k0, k1, c1, c2, c3, first], blocks, at) => {
        const a = new Uint32Array(4 * blocks + at), b = new Uint32Array(4 * blocks + at);
        philoxWords(k0!, k1!, c1!, c2!, c3!, first!, blocks, a, at);
        philoxWordsJs(k0!, k1!, c1!, c2!, c3!, first!, blocks, b, at);
        expect(Array.from(a)).toEqual(Array.from(b));
      },
    ), { numRuns: 100 });
    const a = new Uint32Array(40), b = new Uint32Array(40);
    philoxWords(1, 2, 3, 4, 5, 0xfffffffd, 10, a);
    philoxWordsJs(1, 2, 3, 4, 5, 0xfffffffd, 10, b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });
  it('philoxWords handles a buffer larger than its first memory page (grows it)', () => {
    const blocks = 20000; // 320 kB of words
    const a = new Uint32Array(4 * blocks), b = new Uint32Array(4 * blocks);
    philoxWords(9, 8, 7, 6, 5, 0, blocks, a);
    philoxWordsJs(9, 8, 7, 6, 5, 0, blocks, b);
    expect(a).toEqual(b);
  });
  it('fillGaussians consumes the stream as documented: rectangle draws are u·X[i] of consecutive words', () => {
    // independent check of the fast loop: redo the rectangle-only draws from the raw words
    const words = new Uint32Array(4 * 64);
    philoxWordsJs(3, 1, 4, 1, 5, 0, 64, words);
    const g = new Float64Array(100);
    fillGaussians(3, 1, 4, 1, 5, g, 100);
    // ziggurat layers: X[i] from ZIGNOR's R and V (rebuilt here from the documented recursion)
    const R = 3.442619855899, V = 9.91256303526217e-3, X = new Float64Array(129);
    let f = Math.exp(-0.5 * R * R);
    X[0] = V / f; X[1] = R;
    for (let i = 2; i < 128; i++) { X[i] = Math.sqrt(-2 * Math.log(V / X[i - 1]! + f)); f = Math.exp(-0.5 * X[i]! * X[i]!); }
    let checked = 0;
    for (let n = 0; n < 100; n++) {
      const w = words[n]!, i = w & 127, u = ((w >>> 7) + 0.5) * 2 ** -24 - 1;
      if (!(Math.abs(u) < X[i + 1]! / X[i]!)) break; // after the first non-rectangle draw the alignment is not tracked here
      expect(g[n]).toBe(u * X[i]!);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
  it('readout = the plain dot products, bit for bit, for m = 1..8', () => {
    let s = 777;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    for (let m = 1; m <= 8; m++) {
      const N = 41, wOff = 5;
      const g = Float64Array.from({ length: wOff + N + 1 }, rnd);
      const pv = Array.from({ length: m }, () => Float64Array.from({ length: N }, rnd));
      const f = new Float64Array(m);
      readout(g, wOff, pv, N, m, 0.3, 1.7, f);
      for (let a = 0; a < m; a++) {
        let t = 0;
        for (let j = 0; j < N; j++) t += g[wOff + j]! * pv[a]![j]!;
        expect(f[a]).toBe(0.3 + 1.7 * t);
      }
    }
  });
  it('covariance = the plain double loop, bit for bit, for m = 1..9', () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    for (let m = 1; m <= 9; m++) {
      const N = 37;
      const pv = Array.from({ length: m }, () => Float64Array.from({ length: N }, rnd));
      const C = new Float64Array(m * m);
      covariance(pv, N, m, 0.49, 1.69 / N, C);
      for (let a = 0; a < m; a++) {
        for (let b = 0; b < m; b++) {
          let t = 0;
          for (let j = 0; j < N; j++) t += pv[a]![j]! * pv[b]![j]!;
          expect(C[a * m + b]).toBe(0.49 + (1.69 / N) * t);
        }
      }
    }
  });
});

describe('phiBatch (every registered architecture that has one)', () => {
  for (const arch of ARCHITECTURES) {
    const why = arch.phiBatch ? '' : ' (skipped: no phiBatch; the sampler evaluates phi per element)';
    it.skipIf(!arch.phiBatch)(`${arch.name}: phiBatch = phi elementwise${why}`, () => {
      const p = resolveParams(arch, { sW: 1.3, sb: 0.7, dIn: 2 });
      const x = [0.3, -0.8];
      const z = Float64Array.from({ length: 401 }, (_, i) => -5 + i / 40);
      const out = new Float64Array(z.length);
      arch.phiBatch!(z, out, x, p);
      for (let i = 0; i < z.length; i++) {
        const want = arch.phi(z[i]!, x, p);
        expect(Math.abs(out[i]! - want)).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(want)));
      }
    });
  }
});

describe('exact summation', () => {
  it('is exact where naive summation is not', () => {
    const p: number[] = [];
    for (const x of [1e100, 1, -1e100, 1e-300, 3]) exactAdd(p, x);
    expect(exactValue(p)).toBe(4);
  });
  it('gives the same value in any order and after any split and merge', () => {
    fc.assert(fc.property(
      fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 0, max: 40 }),
      (xs, cut) => {
        const all: number[] = [];
        xs.forEach((x) => exactAdd(all, x));
        const rev: number[] = [];
        xs.slice().reverse().forEach((x) => exactAdd(rev, x));
        const a: number[] = [], b: number[] = [];
        xs.slice(0, cut).forEach((x) => exactAdd(a, x));
        xs.slice(cut).forEach((x) => exactAdd(b, x));
        exactMerge(b, a);
        expect(exactValue(rev)).toBe(exactValue(all));
        expect(exactValue(b)).toBe(exactValue(all));
      },
    ), { numRuns: 200 });
  });
  it('matches a BigInt-exact sum of dyadic values, correctly rounded', () => {
    // values k·2^-20 with |k| < 2^40: the exact sum is an integer multiple of 2^-20
    let s = 987654321;
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
    const ks: bigint[] = [];
    const p: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const k = BigInt(next()) * 256n - BigInt(next());
      ks.push(k);
      exactAdd(p, Number(k) / 2 ** 20);
    }
    const total = ks.reduce((a, b) => a + b, 0n);
    expect(exactValue(p)).toBe(Number(total) / 2 ** 20); // |total| < 2^53: Number(total) is exact
  });
  it('propagates a non-finite value instead of hiding it', () => {
    const p: number[] = [];
    exactAdd(p, 1); exactAdd(p, Infinity); exactAdd(p, 2);
    expect(exactValue(p)).toBe(Infinity);
    exactAdd(p, -Infinity);
    expect(Number.isNaN(exactValue(p))).toBe(true);
  });
});
