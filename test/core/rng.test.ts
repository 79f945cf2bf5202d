import { describe, expect, it } from 'vitest';
import { fillGaussians, gaussians, philox4x32, philoxWords, uniformFromWord } from '../../src/core/rng.js';
import { normalCdf } from '../../src/core/special.js';

const words = (t: string) => t.split(' ').map((h) => parseInt(h, 16));
const hex = (a: ArrayLike<number>) => Array.from(a, (x) => x.toString(16).padStart(8, '0')).join(' ');

// Random123 tests/kat_vectors, "philox4x32 10" lines (counter, key, expected output).
const KAT: [string, string, string][] = [
  ['00000000 00000000 00000000 00000000', '00000000 00000000', '6627e8d5 e169c58d bc57ac4c 9b00dbd8'],
  ['ffffffff ffffffff ffffffff ffffffff', 'ffffffff ffffffff', '408f276d 41c83b0e a20bc7c6 6d5451fd'],
  ['243f6a88 85a308d3 13198a2e 03707344', 'a4093822 299f31d0', 'd16cfe09 94fdcceb 5001e420 24126ea1'],
];

/** Philox4x32-10 straight from its definition, in BigInt (an independent oracle for the float tricks). */
function philoxRef(c: number[], k: number[]): number[] {
  const M = 0xffffffffn;
  let x = c.map(BigInt), [a, b] = k.map(BigInt) as [bigint, bigint];
  for (let r = 0; r < 10; r++) {
    const p0 = 0xd2511f53n * x[0]!, p1 = 0xcd9e8d57n * x[2]!;
    x = [((p1 >> 32n) ^ x[1]! ^ a) & M, p1 & M, ((p0 >> 32n) ^ x[3]! ^ b) & M, p0 & M];
    a = (a + 0x9e3779b9n) & M;
    b = (b + 0xbb67ae85n) & M;
  }
  return x.map(Number);
}

describe('Philox4x32-10', () => {
  it.each(KAT)('known-answer vector ctr %s key %s', (c, k, out) => {
    const [c0, c1, c2, c3] = words(c), [k0, k1] = words(k);
    expect(hex(philox4x32(c0!, c1!, c2!, c3!, k0!, k1!))).toBe(out);
  });
  it('philoxWords lays blocks out in order', () => {
    const w = new Uint32Array(12);
    philoxWords(7, 8, 1, 2, 3, 5, 3, w);
    for (let j = 0; j < 3; j++) expect(Array.from(w.subarray(4 * j, 4 * j + 4))).toEqual(Array.from(philox4x32(5 + j, 1, 2, 3, 7, 8)));
  });
  it('matches a BigInt reference on pseudo-random counters and keys', () => {
    let s = 12345;
    const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    for (let t = 0; t < 300; t++) {
      const c = [next(), next(), next(), next()], k = [next(), next()];
      expect(Array.from(philox4x32(c[0]!, c[1]!, c[2]!, c[3]!, k[0]!, k[1]!))).toEqual(philoxRef(c, k));
    }
  });
});

describe('Gaussian transform', () => {
  it('is the documented ziggurat: an accepted first word w gives u·X[i], i = w & 127, u = ((w >>> 7) + ½)/2^24 − 1', () => {
    // the ZIGNOR tables rebuilt from their definition (Doornik 2005)
    const R = 3.442619855899, V = 9.91256303526217e-3;
    const X = [V / Math.exp(-0.5 * R * R), R];
    for (let i = 2; i < 128; i++) X.push(Math.sqrt(-2 * Math.log(V / X[i - 1]! + Math.exp(-0.5 * X[i - 1]! ** 2))));
    X.push(0);
    // the layers have equal area V: rectangle i (i >= 1) is X[i] · (f(X[i+1]) − f(X[i]))
    const f = (x: number) => Math.exp(-0.5 * x * x);
    for (let i = 1; i < 127; i++) expect(X[i]! * (f(X[i + 1]!) - f(X[i]!))).toBeCloseTo(V, 9);
    let checked = 0;
    for (let c = 0; c < 200; c++) {
      const w = philox4x32(0, c, 0, 0, 5, 6)[0]!;
      const i = w & 127, u = ((w >>> 7) + 0.5) / 2 ** 24 - 1;
      if (Math.abs(u) >= X[i + 1]! / X[i]!) continue; // not a one-word draw
      expect(gaussians(5, 6, c, 0, 0, 1)[0]).toBeCloseTo(u * X[i]!, 14);
      checked++;
    }
    expect(checked).toBeGreaterThan(190);
  });
  it('passes a Kolmogorov–Smirnov test against Φ and has the right tail mass', () => {
    const n = 200_000;
    const g = Float64Array.from(gaussians(9, 9, 9, 9, 9, n)).sort();
    let d = 0;
    for (let i = 0; i < n; i++) { const F = normalCdf(g[i]!); d = Math.max(d, (i + 1) / n - F, F - i / n); }
    expect(d * Math.sqrt(n)).toBeLessThan(2.0); // P(K > 2.0) ≈ 6e-4
    // beyond the ziggurat's base R = 3.4426: the tail method; expected count 2nΦ(−R) ≈ 115
    const beyond = g.filter((x) => Math.abs(x) > 3.442619855899).length;
    const want = 2 * n * normalCdf(-3.442619855899);
    expect(Math.abs(beyond - want) / Math.sqrt(want)).toBeLessThan(5);
    const far = g.filter((x) => Math.abs(x) > 4).length;
    const wantFar = 2 * n * normalCdf(-4);
    expect(Math.abs(far - wantFar) / Math.sqrt(wantFar)).toBeLessThan(5);
  });
  it('uniforms never reach 0 or 1', () => {
    expect(uniformFromWord(0)).toBeGreaterThan(0);
    expect(uniformFromWord(0xffffffff)).toBeLessThan(1);
  });
  it('a shorter draw is a prefix of a longer one (counts do not change the numbers)', () => {
    const a = gaussians(1, 2, 3, 4, 5, 7), b = gaussians(1, 2, 3, 4, 5, 64);
    expect(Array.from(a)).toEqual(Array.from(b.subarray(0, 7)));
    // a scratch buffer too small to hold the words, or none, changes nothing
    const big = gaussians(1, 2, 3, 4, 5, 5000), viaScratch = new Float64Array(5000);
    fillGaussians(1, 2, 3, 4, 5, viaScratch, 5000, 0, new Uint32Array(8));
    expect(Array.from(viaScratch)).toEqual(Array.from(big));
    const c = new Float64Array(20).fill(9);
    fillGaussians(1, 2, 3, 4, 5, c, 7, 10);
    expect(Array.from(c.subarray(10, 17))).toEqual(Array.from(a));
    expect(c[17]).toBe(9);
  });
  it('has the moments of N(0,1) (|z| < 5)', () => {
    const n = 200_000;
    const g = gaussians(42, 0, 0, 0, 0, n);
    let s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (const x of g) { s1 += x; s2 += x * x; s3 += x ** 3; s4 += x ** 4; }
    // standard errors: sqrt(Var(x^k)/n) with Var = E[x^2k] - E[x^k]^2: 1, 2, 15, 96
    expect(Math.abs(s1 / n) / Math.sqrt(1 / n)).toBeLessThan(5);
    expect(Math.abs(s2 / n - 1) / Math.sqrt(2 / n)).toBeLessThan(5);
    expect(Math.abs(s3 / n) / Math.sqrt(15 / n)).toBeLessThan(5);
    expect(Math.abs(s4 / n - 3) / Math.sqrt(96 / n)).toBeLessThan(5);
  });
  it('different keys and counters give different streams', () => {
    expect(gaussians(1, 0, 0, 0, 0, 4)).not.toEqual(gaussians(2, 0, 0, 0, 0, 4));
    expect(gaussians(1, 0, 0, 0, 0, 4)).not.toEqual(gaussians(1, 1, 0, 0, 0, 4));
    expect(gaussians(1, 0, 0, 0, 0, 4)).not.toEqual(gaussians(1, 0, 1, 0, 0, 4));
    expect(gaussians(1, 0, 0, 0, 0, 4)).not.toEqual(gaussians(1, 0, 0, 1, 0, 4));
  });
});
