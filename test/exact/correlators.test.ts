import { describe, expect, it } from 'vitest';
import { perfectMatchings, uniqueTuples, wickSum } from '../../src/core/combinatorics.js';
import { erf } from '../../src/core/special.js';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import type { NnqftError } from '../../src/core/errors.js';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { kernelMatrix } from '../../src/kernels/kernel.js';
import { correlatorPolynomials, exactCorrelators, logLogSlope, type ExactReport } from '../../src/exact/correlators.js';
import { evenPartitions } from '../../src/exact/cumulants.js';
import { momentTable } from '../../src/exact/moments.js';
import { normalSampler } from './oracles.js';
import { PAPER_WIDTHS } from '../../src/core/paper.js';

const WIDTHS = [...PAPER_WIDTHS];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const presetFor = (name: string) => INPUT_PRESETS[`paper-${name}`] ?? INPUT_PRESETS['paper-erf']!;
const lookup = (report: ExactReport, width: number, n: number) => {
  const r = report.results.find((x) => x.width === width && x.n === n)!;
  const map = new Map(r.entries.map((e) => [e.index.join(), e]));
  return (idx: number[]) => map.get([...idx].sort((a, b) => a - b).join())!;
};

describe('G2 = K to 1e-12 at every width, every registered architecture', () => {
  for (const arch of ARCHITECTURES) {
    if (!arch.kernel) continue;
    for (const sb of [undefined, 0]) {
      it(`${arch.name} σ_b=${sb ?? 'default'}`, () => {
        const points = presetFor(arch.name).points;
        const p = resolveParams(arch, { sb, dIn: 1 });
        const K = kernelMatrix(arch, p, points);
        const report = exactCorrelators(arch, p, points, { widths: [...WIDTHS, 2.5, 7.25], ns: [2] });
        for (const r of report.results) {
          for (const e of r.entries) {
            const k = K[e.index[0]!]![e.index[1]!]!;
            expect(Math.abs(e.G - k)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(k), 1e-3 * K[0]![0]!));
            expect(e.delta).toBe(0);
            expect(e.connected).toBe(e.G);
          }
        }
      });
    }
  }
});

describe('Wick part and connected parts against CONVENTIONS §3 written out', () => {
  for (const arch of ARCHITECTURES) {
    if (!arch.kernel) continue;
    it(`${arch.name}: G_GP = wickSum(K); G4c = G4 − Σ₃ G2G2; G6c = G6 − Σ₁₅ G4c G2 − Σ₁₅ G2G2G2`, () => {
      const points = presetFor(arch.name).points.slice(0, 4);
      const p = resolveParams(arch, { dIn: 1 });
      const K = kernelMatrix(arch, p, points);
      const N = 3.5;
      const rep = exactCorrelators(arch, p, points, { widths: [N], ns: [2, 4, 6] });
      const g2 = lookup(rep, N, 2), g4 = lookup(rep, N, 4), g6 = lookup(rep, N, 6);
      for (const n of [4, 6]) {
        for (const e of rep.results.find((r) => r.n === n)!.entries) expect(rel(e.GP, wickSum(K, e.index))).toBeLessThan(1e-11);
      }
      const G2 = (a: number, b: number) => g2([a, b]).G;
      const G4c = (i: number[]) => g4(i).G - perfectMatchings(4).reduce((s, m) => s + m.reduce((q, [a, b]) => q * G2(i[a]!, i[b]!), 1), 0);
      for (const e of rep.results.find((r) => r.n === 4)!.entries) expect(rel(e.connected, G4c(e.index))).toBeLessThan(1e-9);
      for (const t of [[0, 0, 1, 1, 2, 3], [0, 1, 2, 3, 3, 3], [1, 1, 1, 1, 1, 1]]) {
        // Σ over the 15 ways to split six positions into a 4-block and a pair.
        let s4 = 0;
        for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) {
          const rest = t.filter((_, q) => q !== a && q !== b);
          s4 += G4c(rest) * G2(t[a]!, t[b]!);
        }
        const s222 = perfectMatchings(6).reduce((s, m) => s + m.reduce((q, [a, b]) => q * G2(t[a]!, t[b]!), 1), 0);
        const G6c = g6(t).G - s4 - s222;
        expect(Math.abs(g6(t).connected - G6c)).toBeLessThan(1e-9 * Math.abs(g6(t).G));
      }
    });
  }
});

describe('ReLU hand check (CONVENTIONS §4): σ_b = 0, d_in = 1, positive inputs: ΔG4 = 3.75 x1x2x3x4/N', () => {
  it('every tuple, several widths, including non-integer', () => {
    const relu = getArchitecture('relu');
    const xs = INPUT_PRESETS['paper-relu']!.points.map((p) => p[0]!);
    const p = resolveParams(relu, { dIn: 1 });
    expect(p.sb).toBe(0);
    const rep = exactCorrelators(relu, p, xs.map((x) => [x]), { widths: [2, 7.5, 1000], ns: [4] });
    for (const r of rep.results) {
      for (const e of r.entries) {
        const prod = e.index.reduce((s, i) => s * xs[i]!, 1);
        expect(rel(e.delta, (3.75 * prod) / r.width)).toBeLessThan(1e-13);
      }
    }
    expect(rep.slopes['4']).toBeCloseTo(-1, 12);
  });
});

describe('finite-N structure: N·ΔG4 and N²·G6c are width-independent', () => {
  const cases: [string, string, number | undefined][] = [
    ['erf', 'paper-erf', undefined], ['relu', 'paper-relu', undefined], ['gauss', 'paper-gauss', undefined],
    ['relu', 'paper-erf', 1],
    ['erf', 'paper-erf-2d', undefined], ['relu', 'paper-relu-2d', undefined], ['gauss', 'paper-gauss-2d', undefined],
    ['relu', 'paper-relu-3d', undefined], ['gauss', 'paper-gauss-3d', undefined], ['relu', 'paper-relu-3d', 1],
  ];
  for (const [name, preset, sb] of cases) {
    // ReLU with σ_b > 0 in d_in = 3 has rank-4 tuples (exact sphere rule, ~0.3 s each): n = 6 would add ten.
    const orders = name === 'relu' && sb === 1 && preset.endsWith('3d') ? [4] : [4, 6];
    it(`${name} on ${preset}${sb !== undefined ? ` σ_b=${sb}` : ''}: also G2 = K`, () => {
      const arch = getArchitecture(name);
      const points = INPUT_PRESETS[preset]!.points;
      const p = resolveParams(arch, { sb, dIn: points[0]!.length });
      const K = kernelMatrix(arch, p, points);
      const widths = [2, 3.7, 50, 1000];
      // The identities are exact whatever the quadrature accuracy: a small node budget keeps this quick.
      const rep = exactCorrelators(arch, p, points, { widths, ns: [2, ...orders], moments: { maxNodes: 2e5 } });
      for (const e of rep.results.find((r) => r.n === 2)!.entries) {
        const k = K[e.index[0]!]![e.index[1]!]!;
        expect(Math.abs(e.G - k)).toBeLessThanOrEqual(1e-12 * Math.max(...K.flat().map(Math.abs)));
      }
      for (const n of orders) {
        const base = rep.results.find((r) => r.n === n && r.width === 2)!;
        for (const N of widths.slice(1)) {
          const r = rep.results.find((x) => x.n === n && x.width === N)!;
          r.entries.forEach((e, i) => {
            const b = base.entries[i]!;
            expect(e.GP).toBe(b.GP);
            const scale = Math.abs(b.GP);
            if (n === 4) expect(Math.abs(N * e.delta - 2 * b.delta)).toBeLessThan(1e-12 * scale);
            else expect(Math.abs(N * N * e.connected - 4 * b.connected)).toBeLessThan(1e-12 * scale);
            expect(Math.abs(e.G - e.GP - e.delta)).toBeLessThan(1e-14 * scale);
          });
        }
      }
    });
  }
  it('erf on paper-erf-3d (rank-4 quadrature, n = 4): the identities hold exactly, the moments to their estimate', () => {
    const arch = getArchitecture('erf');
    const points = INPUT_PRESETS['paper-erf-3d']!.points;
    const p = resolveParams(arch, { dIn: 3 });
    const polys = correlatorPolynomials(arch, p, points, [2, 4], { maxNodes: 4e5 });
    const K = kernelMatrix(arch, p, points);
    for (const poly of polys.polynomials.get(2)!) expect(rel(poly.coeffs[0]!, K[poly.index[0]!]![poly.index[1]!]!)).toBeLessThan(1e-12);
    for (const poly of polys.polynomials.get(4)!) {
      expect(poly.coeffs).toHaveLength(2);
      expect(poly.connected.power).toBe(1);
      expect(rel(poly.coeffs[1]!, poly.connected.coeff)).toBeLessThan(1e-12);
    }
    expect(polys.moments.maxRelError).toBeLessThan(1e-5);
  });
});

describe('independent oracles for G(n) at finite width', () => {
  it('one input point: E f⁴ of a sum of iid terms, written out (ReLU, σ_b > 0)', () => {
    const relu = getArchitecture('relu');
    const p = resolveParams(relu, { sb: 0.7, sW: 1.3, dIn: 1 });
    const x = [0.9];
    const M = momentTable(relu, p, [x], [2, 4]);
    const M2 = M.get([0, 0]), M4 = M.get([0, 0, 0, 0]);
    for (const N of [1, 2, 5, 12.5]) {
      // s = Σ_j u_j: E s² = σ_W² M2, E s⁴ = N·3(σ_W²/N)² M4 + 3N(N−1)(σ_W²/N)² M2²; f = b1 + s.
      const Es2 = p.sW ** 2 * M2;
      const Es4 = (3 * p.sW ** 4 * M4) / N + 3 * p.sW ** 4 * M2 * M2 * (1 - 1 / N);
      const expected = 3 * p.sb ** 4 + 6 * p.sb ** 2 * Es2 + Es4;
      const rep = exactCorrelators(relu, p, [x], { widths: [N], ns: [4] });
      expect(rel(rep.results[0]!.entries[0]!.G, expected)).toBeLessThan(1e-13);
    }
  });
  it('one input point: E f⁶ and E f⁸ of a sum of iid terms over distinct neurons, written out (Erf-net, σ_b = 0)', () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sb: 0, sW: 1.1, dIn: 1 });
    const x = [0.7];
    const M = momentTable(arch, p, [x], [2, 4, 6, 8]);
    const Mk = (k: number) => M.get(new Array<number>(k).fill(0));
    for (const N of [1, 3, 4.5, 40]) {
      const Eu = (k: number) => (p.sW ** 2 / N) ** (k / 2) * [1, 1, 1, 3, 3, 15, 15, 105, 105][k]! * Mk(k);
      // Falling factorials count ordered choices of distinct neurons for the blocks.
      const ff = (j: number) => { let r = 1; for (let i = 0; i < j; i++) r *= N - i; return r; };
      const E6 = ff(1) * Eu(6) + 15 * ff(2) * Eu(4) * Eu(2) + 15 * ff(3) * Eu(2) ** 3;
      const E8 = ff(1) * Eu(8) + 28 * ff(2) * Eu(6) * Eu(2) + 35 * ff(2) * Eu(4) ** 2
        + 210 * ff(3) * Eu(4) * Eu(2) ** 2 + 105 * ff(4) * Eu(2) ** 4;
      const rep = exactCorrelators(arch, p, [x], { widths: [N], ns: [6, 8] });
      expect(rel(rep.results[0]!.entries[0]!.G, E6)).toBeLessThan(1e-13);
      expect(rel(rep.results[1]!.entries[0]!.G, E8)).toBeLessThan(1e-13);
    }
  });
  it('Monte Carlo over networks (Erf-net, N = 3): z-scores of G4 and G6', () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { dIn: 1 });
    const xs = [-0.6, 0.2, 1];
    const N = 3;
    const rnd = normalSampler(2024);
    const samples = 200_000;
    const t4 = [0, 0, 1, 2], t6 = [0, 1, 1, 2, 2, 2];
    const acc = { s4: 0, q4: 0, s6: 0, q6: 0 };
    const f = new Array<number>(3);
    for (let s = 0; s < samples; s++) {
      for (let i = 0; i < 3; i++) f[i] = 0;
      const b1 = p.sb * rnd();
      for (let j = 0; j < N; j++) {
        const w0 = p.sW * rnd(), b0 = p.sb * rnd(), w1 = (p.sW / Math.sqrt(N)) * rnd();
        for (let i = 0; i < 3; i++) f[i]! += w1 * erf(w0 * xs[i]! + b0);
      }
      for (let i = 0; i < 3; i++) f[i]! += b1;
      const v4 = t4.reduce((a, i) => a * f[i]!, 1), v6 = t6.reduce((a, i) => a * f[i]!, 1);
      acc.s4 += v4; acc.q4 += v4 * v4; acc.s6 += v6; acc.q6 += v6 * v6;
    }
    const rep = exactCorrelators(arch, p, xs.map((x) => [x]), { widths: [N], ns: [4, 6] });
    for (const [t, s, q, n] of [[t4, acc.s4, acc.q4, 4], [t6, acc.s6, acc.q6, 6]] as const) {
      const mean = s / samples, se = Math.sqrt((q / samples - mean * mean) / samples);
      const G = lookup(rep, N, n)([...t]).G;
      expect(Math.abs(G - mean) / se).toBeLessThan(5);
    }
  });
  it('n = 8: the 1/N polynomial has degree 3, constant term = wickSum(K), top term = the connected part', () => {
    const arch = getArchitecture('erf');
    const points = INPUT_PRESETS['paper-erf']!.points.slice(0, 3);
    const p = resolveParams(arch, { dIn: 1 });
    const K = kernelMatrix(arch, p, points);
    const polys = correlatorPolynomials(arch, p, points, [8]).polynomials.get(8)!;
    expect(polys).toHaveLength(uniqueTuples(3, 8).length);
    for (const poly of polys) {
      expect(poly.coeffs).toHaveLength(4);
      expect(rel(poly.coeffs[0]!, wickSum(K, poly.index))).toBeLessThan(1e-11);
      expect(poly.connected.power).toBe(3);
      // Only the single 8-block partition reaches N^{-3}.
      expect(poly.coeffs[3]).toBe(poly.connected.coeff);
    }
  });
});

describe('deviations and slopes', () => {
  it('m and mConnected are the means of |Δ|/|GP| and |connected|/|GP|; the slope is the least-squares slope', () => {
    const arch = getArchitecture('erf');
    const rep = exactCorrelators(arch, resolveParams(arch, { dIn: 1 }), INPUT_PRESETS['paper-erf']!.points, { widths: WIDTHS, ns: [4, 6] });
    for (const r of rep.results) {
      const m = r.entries.reduce((s, e) => s + Math.abs(e.delta) / Math.abs(e.GP), 0) / r.entries.length;
      const mc = r.entries.reduce((s, e) => s + Math.abs(e.connected) / Math.abs(e.GP), 0) / r.entries.length;
      expect(rel(r.m, m)).toBeLessThan(1e-14);
      expect(rel(r.mConnected, mc)).toBeLessThan(1e-14);
    }
    // ΔG4 ∝ 1/N exactly, so the n = 4 slope is −1; n = 6 has an N^{-2} part, so it is steeper than −1 at small N.
    expect(rep.slopes['4']).toBeCloseTo(-1, 12);
    expect(rep.slopes['6']!).toBeLessThan(-1);
    expect(logLogSlope([1, 10, 100], [3, 0.3, 0.03])).toBeCloseTo(-1, 14);
    expect(logLogSlope([1, 10], [0, 0])).toBeUndefined();
    expect(rep.results.map((r) => [r.width, r.n])).toEqual(WIDTHS.flatMap((w) => [[w, 4], [w, 6]]));
  });
  it('n = 2 has no slope (m = 0)', () => {
    const arch = getArchitecture('relu');
    const rep = exactCorrelators(arch, resolveParams(arch, { dIn: 1 }), [[0.5], [1]], { widths: [2, 5], ns: [2, 4] });
    expect(rep.slopes['2']).toBeUndefined();
    expect(rep.slopes['4']).toBeCloseTo(-1, 12);
  });
  it('evenPartitions: counts 1, 4, 31, 379 for n = 2, 4, 6, 8 (from the set-partition numbers)', () => {
    expect([2, 4, 6, 8].map((n) => evenPartitions(n).length)).toEqual([1, 4, 31, 379]);
  });
});

describe('errors', () => {
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, { dIn: 1 });
  const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as NnqftError).code; } return 'none'; };
  it('odd n, n too large, bad widths', () => {
    expect(code(() => exactCorrelators(arch, p, [[0.1]], { widths: [2], ns: [3] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => exactCorrelators(arch, p, [[0.1]], { widths: [2], ns: [12] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => exactCorrelators(arch, p, [[0.1]], { widths: [0], ns: [4] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => exactCorrelators(arch, p, [[0.1]], { widths: [NaN], ns: [4] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => exactCorrelators(arch, p, [[0.1]], { widths: [], ns: [4] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => exactCorrelators(arch, p, [[0.1, 0.2]], { widths: [2], ns: [4] }))).toBe('INVALID_ARGUMENT');
  });
});

describe('degenerate inputs', () => {
  it('σ_b = 0 and an input at the origin (z ≡ 0 there): no NaN, G_GP = 0 tuples left out of the means', () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sb: 0, dIn: 1 });
    const rep = exactCorrelators(arch, p, [[0], [0.5], [-1]], { widths: [2, 10], ns: [2, 4, 6] });
    for (const r of rep.results) {
      expect(Number.isFinite(r.m)).toBe(true);
      expect(Number.isFinite(r.mConnected)).toBe(true);
      for (const e of r.entries) {
        if (e.index.includes(0)) { expect(e.G).toBe(0); expect(e.GP).toBe(0); }
      }
    }
    expect(rep.slopes['4']).toBeCloseTo(-1, 12);
  });
});
