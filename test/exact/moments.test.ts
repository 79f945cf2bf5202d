import { describe, expect, it } from 'vitest';
import { erf } from '../../src/core/special.js';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import { NnqftError } from '../../src/core/errors.js';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import type { Architecture } from '../../src/kernels/types.js';
import { momentTable, singleNeuronMoments } from '../../src/exact/moments.js';
import { gaussianLine, normalSampler } from './oracles.js';

const pts1 = INPUT_PRESETS['paper-erf']!.points;
const relErr = (a: number, b: number, scale = Math.abs(b)) => Math.abs(a - b) / Math.max(scale, 1e-300);

describe('M_2 = (K − σ_b²)/σ_W² against the closed-form kernels, every registered architecture', () => {
  const cases = [
    { sb: undefined, sW: undefined, inputs: 'paper-erf' },
    { sb: 0, sW: 1.3, inputs: 'paper-erf' },
    { sb: 0.5, sW: 0.8, inputs: '0.3 -0.7; 1.1 0.2; -0.4 -0.9' },
    { sb: 0, sW: 1, inputs: 'paper-relu-2d' },
  ];
  for (const arch of ARCHITECTURES) {
    if (!arch.kernel) continue;
    for (const c of cases) {
      for (const closedForms of [true, false]) {
        it(`${arch.name} σ_b=${c.sb ?? 'default'} ${c.inputs} closedForms=${closedForms}`, () => {
          const points = c.inputs.includes(';') ? c.inputs.split(';').map((r) => r.trim().split(/\s+/).map(Number)) : INPUT_PRESETS[c.inputs]!.points;
          const p = resolveParams(arch, { sb: c.sb, sW: c.sW, dIn: points[0]!.length });
          const table = momentTable(arch, p, points, [2], { closedForms });
          // Scale for pairs whose M_2 vanishes (erf: S(-1, 1) = 0): the diagonal moments.
          const scale = Math.max(...points.map((_, i) => Math.abs(table.get([i, i]))));
          for (let i = 0; i < points.length; i++) {
            for (let j = i; j < points.length; j++) {
              const M2 = (arch.kernel!(points[i]!, points[j]!, p) - p.sb * p.sb) / (p.sW * p.sW);
              expect(relErr(table.get([i, j]), M2, Math.max(Math.abs(M2), 1e-3 * scale))).toBeLessThan(1e-12);
            }
          }
        });
      }
    }
  }
});

describe('Gauss-net: numerical quadrature against its closed-form exponential moments', () => {
  const gauss = getArchitecture('gauss');
  const cases: [string, number[][], number | undefined, number[]][] = [
    ['paper-gauss (rank 2)', INPUT_PRESETS['paper-gauss']!.points, undefined, [4, 6]],
    ['paper-erf inputs (rank 2, larger z)', INPUT_PRESETS['paper-erf']!.points, undefined, [4]],
    ['paper-gauss-2d, σ_b = 0 (rank 2)', INPUT_PRESETS['paper-gauss-2d']!.points, 0, [4, 6]],
    ['three points of paper-gauss-2d (rank 3)', INPUT_PRESETS['paper-gauss-2d']!.points.slice(0, 3), undefined, [4]],
  ];
  for (const [label, points, sb, orders] of cases) {
    it(label, () => {
      const p = resolveParams(gauss, { sb, dIn: points[0]!.length });
      const a = momentTable(gauss, p, points, orders, { closedForms: false });
      const b = momentTable(gauss, p, points, orders);
      expect(b.entries.every((e) => e.method === 'closed-form')).toBe(true);
      expect(a.entries.every((e) => e.method !== 'closed-form')).toBe(true);
      for (const e of b.entries) expect(relErr(a.get(e.index), e.value)).toBeLessThan(1e-10);
      expect(a.maxRelError).toBeLessThan(1e-10);
    });
  }
  it('closed form = exp(½ Σ_jl S_jl) / Π normalisations, written out', () => {
    const p = resolveParams(gauss, { sW: 1.2, sb: 0.7, dIn: 1 });
    const xs = [0.3, -0.5, 0.9];
    const S = (x: number, y: number) => p.sb ** 2 + p.sW ** 2 * x * y;
    let sumS = 0;
    for (const x of xs) for (const y of xs) sumS += S(x, y);
    const expected = Math.exp(0.5 * sumS - xs.reduce((s, x) => s + p.sb ** 2 + p.sW ** 2 * x * x, 0));
    expect(relErr(gauss.moment!(xs.map((x) => [x]), p)!, expected)).toBeLessThan(1e-14);
  });
});

describe('ReLU closed forms', () => {
  const relu = getArchitecture('relu');
  it('σ_b = 0, d_in = 1: M_k = Π|x| σ_W^k E[max(0,w)^k] for one sign, 0 for mixed signs', () => {
    const p = resolveParams(relu, { sW: 1.5, sb: 0, dIn: 1 });
    // E[max(0,w)^k] = ½ E|w|^k: 1/2 (k=2), 3/2 (k=4), 15/2 (k=6).
    const half = { 2: 0.5, 4: 1.5, 6: 7.5 } as Record<number, number>;
    for (const xs of [[0.2, 0.4, 0.6, 1.2], [-0.3, -0.2, -1, -0.5], [0.5, 0.5], [0.3, 0.7, 0.2, 0.9, 1.1, 0.4]]) {
      const expected = xs.reduce((s, x) => s * Math.abs(x) * p.sW, 1) * half[xs.length]!;
      expect(relErr(relu.moment!(xs.map((x) => [x]), p)!, expected)).toBeLessThan(1e-14);
    }
    expect(relu.moment!([[0.2], [-0.4], [0.6], [1]], p)).toBe(0);
  });
  it('rank 3 (sphere rule): orthogonal pre-activation vectors factorise, E[max(0,u)] = 1/√(2π)', () => {
    // Rotate an orthonormal frame so that no axis is special; σ_W = √3 makes c_j = rows.
    const R = rotation(0.3, -1.1, 0.7);
    const p = resolveParams(relu, { sW: Math.sqrt(3), sb: 0, dIn: 3 });
    const e1 = 1 / Math.sqrt(2 * Math.PI);
    const pt = (i: number) => R[i]!;
    const check = (idx: number[], expected: number) =>
      expect(relErr(relu.moment!(idx.map(pt), p)!, expected)).toBeLessThan(1e-13);
    check([0, 1, 2], e1 ** 3);
    check([0, 0, 1, 2], 0.5 * e1 ** 2);
    check([0, 0, 1, 1, 2, 2], 0.125);
    check([0, 0, 0, 0, 1, 2], 1.5 * e1 ** 2);
  });
  it('rank 4 (recursive sphere rule): orthogonal pre-activation vectors factorise', () => {
    // A rotated Hadamard frame in R^4; σ_W = 2 = √d_in makes c_j the rows.
    const H = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]].map((r) => r.map((v) => v / 2));
    const c = Math.cos(0.4), s = Math.sin(0.4);
    const G = [[c, -s, 0, 0], [s, c, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
    const rows = H.map((r) => G.map((g) => g.reduce((a, v, i) => a + v * r[i]!, 0)));
    const p = resolveParams(relu, { sW: 2, sb: 0, dIn: 4 });
    const e1 = 1 / Math.sqrt(2 * Math.PI);
    expect(relErr(relu.moment!(rows, p)!, e1 ** 4)).toBeLessThan(1e-13);
    expect(relErr(relu.moment!([rows[0]!, rows[0]!, rows[1]!, rows[1]!, rows[2]!, rows[3]!], p)!, 0.25 * e1 ** 2)).toBeLessThan(1e-13);
  });
  it('rank 3 (sphere rule) agrees with the generic trapezoid within its error estimate', () => {
    const points = INPUT_PRESETS['paper-relu-3d']!.points;
    const p = resolveParams(relu, { dIn: 3 });
    const exact = momentTable(relu, p, points, [3, 4]);
    const numeric = momentTable(relu, p, points, [3, 4], { closedForms: false, maxNodes: 3e5 });
    for (const e of numeric.entries) {
      const diff = Math.abs(e.value - exact.get(e.index));
      expect(diff).toBeLessThanOrEqual(e.absError + 1e-14);
    }
    expect(numeric.maxRelError).toBeLessThan(0.05); // kinks in 3D: the trapezoid converges only like h²
  });
  it('rank 3 (sphere rule, σ_b > 0, d_in = 2) against a nested piecewise rule in (b, w1, w2)', () => {
    const p = resolveParams(relu, { sb: 0.8, sW: 1.1, dIn: 2 });
    const xs = [[0.3, -0.7], [1.1, 0.2], [-0.4, 0.9]];
    const s = p.sW / Math.sqrt(2);
    const z = (j: number, b: number, w1: number, w2: number) => p.sb * b + s * (w1 * xs[j]![0]! + w2 * xs[j]![1]!);
    for (const idx of [[0, 1, 2], [0, 0, 1, 2], [0, 1, 1, 2, 2, 2]]) {
      // Inner b: kinks where z_j = 0. Middle w1: two b-kinks meet where w·(x_j − x_l) = 0. Outer w2: those meet at 0.
      const inner = (w1: number, w2: number) => gaussianLine((b) => idx.reduce((a, j) => a * Math.max(0, z(j, b, w1, w2)), 1), {
        pieces: 6, breaks: idx.map((j) => -(s * (w1 * xs[j]![0]! + w2 * xs[j]![1]!)) / p.sb),
      });
      const middle = (w2: number) => {
        const br: number[] = [];
        for (const j of idx) for (const l of idx) {
          const d0 = xs[j]![0]! - xs[l]![0]!, d1 = xs[j]![1]! - xs[l]![1]!;
          if (d0 !== 0) br.push((-w2 * d1) / d0);
        }
        return gaussianLine((w1) => inner(w1, w2), { pieces: 6, breaks: br });
      };
      const expected = gaussianLine(middle, { pieces: 6, breaks: [0] });
      expect(relErr(relu.moment!(idx.map((j) => xs[j]!), p)!, expected)).toBeLessThan(1e-11);
    }
  });
  it('the generic kinked path (polar rule, rank 2) reproduces the homogeneous closed forms for M_4, M_6', () => {
    for (const [inputs, sb] of [['paper-erf', 0.6], ['paper-relu-2d', 0]] as const) {
      const points = INPUT_PRESETS[inputs]!.points;
      const p = resolveParams(relu, { sb, dIn: points[0]!.length });
      const closed = momentTable(relu, p, points, [4, 6]);
      const numeric = momentTable(relu, p, points, [4, 6], { closedForms: false });
      expect(numeric.entries.some((e) => e.method.startsWith('polar'))).toBe(true);
      for (const e of closed.entries) expect(relErr(numeric.get(e.index), e.value)).toBeLessThan(1e-12);
      expect(numeric.maxRelError).toBeLessThan(1e-10);
    }
  });
  it('σ_b > 0, d_in = 1 (polar, exact) against a nested piecewise rule in (b, w)', () => {
    const p = resolveParams(relu, { sb: 0.8, sW: 1.2, dIn: 1 });
    const xs = [-1, 0.2, 0.6, 1];
    const got = relu.moment!(xs.map((x) => [x]), p)!;
    // Inner over b: kinks at b = −σ_W w x_j/σ_b; outer over w: the kinks cross only at w = 0.
    const inner = (w: number) =>
      gaussianLine((b) => xs.reduce((s, x) => s * Math.max(0, p.sb * b + p.sW * w * x), 1), {
        breaks: xs.map((x) => (-p.sW * w * x) / p.sb), pieces: 8,
      });
    const expected = gaussianLine(inner, { breaks: [0], pieces: 8 });
    expect(relErr(got, expected)).toBeLessThan(1e-12);
  });
});

describe('independent brute-force and Monte-Carlo cross-checks of M_4', () => {
  it('Erf-net M_4(−1, −0.2, 0.6, 1): composite Gauss–Legendre in (b, w) vs the trapezoid in rotated coordinates', () => {
    const erfNet = getArchitecture('erf');
    const p = resolveParams(erfNet, { dIn: 1 });
    const xs = [-1, -0.2, 0.6, 1];
    const brute = gaussianLine((w) => gaussianLine((b) => xs.reduce((s, x) => s * erf(b + w * x), 1), { pieces: 30 }), { pieces: 30 });
    const got = singleNeuronMoments(erfNet, p, pts1, 4).find((e) => e.index.join() === '0,2,4,5')!;
    expect(relErr(got.value, brute)).toBeLessThan(1e-12);
    expect(got.absError / Math.abs(got.value)).toBeLessThan(1e-10);
  });
  it('Erf-net M_4: Monte Carlo z-score', () => {
    const erfNet = getArchitecture('erf');
    const p = resolveParams(erfNet, { dIn: 1 });
    const rnd = normalSampler(12345);
    const n = 200_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const b = rnd(), w = rnd();
      const v = erf(b + w * -0.6) ** 2 * erf(b + w * 0.2) * erf(b + w);
      s += v; s2 += v * v;
    }
    const mean = s / n, se = Math.sqrt((s2 / n - mean * mean) / n);
    const got = momentTable(erfNet, p, pts1, [4]).get([1, 1, 3, 5]);
    expect(Math.abs(got - mean) / se).toBeLessThan(5);
  });
});

describe('node-count convergence of the trapezoid (smooth φ, ranks 1–4)', () => {
  const erfNet = getArchitecture('erf');
  const cases: [string, number[][], string, object, object][] = [
    ['paper-erf (ranks 1, 2; cubic lattice)', INPUT_PRESETS['paper-erf']!.points, 'trapezoid(r=2', {}, { stepScale: 0.7 }],
    ['three points of paper-erf-2d (rank 3; z-lattice)', INPUT_PRESETS['paper-erf-2d']!.points.slice(0, 3), 'z-lattice(r=3', {}, { stepScale: 0.7 }],
    // Rank 4 fills its node budget: the finer rule is a larger budget.
    ['paper-erf-3d (rank 4; z-lattice)', INPUT_PRESETS['paper-erf-3d']!.points, 'z-lattice(r=4', { maxNodes: 5e5 }, { maxNodes: 2e6 }],
  ];
  for (const [label, points, rule, coarse, fine] of cases) {
    it(`Erf-net, ${label}: a finer rule agrees to 1e-12 of the integrand scale`, () => {
      const p = resolveParams(erfNet, { dIn: points[0]!.length });
      const a = momentTable(erfNet, p, points, [2, 4], coarse);
      const b = momentTable(erfNet, p, points, [2, 4], fine);
      expect(a.entries.some((e) => e.method.startsWith(rule))).toBe(true);
      const scale = Math.max(...a.entries.map((e) => Math.abs(e.value)));
      for (const e of a.entries) expect(Math.abs(e.value - b.get(e.index))).toBeLessThan(1e-12 * scale);
      // The estimate is pessimistic (δ² of the embedded 2h rule); at a small budget it says ~1e-8.
      expect(a.maxRelError).toBeLessThan(rule.includes('r=4') ? 1e-7 : 1e-10);
    });
  }
});

describe('the generic path works for an architecture it has never seen', () => {
  const tanhLike: Architecture = { name: 'tanh-test', title: 'tanh', defaults: { sW: 1, sb: 1 }, phi: (z) => Math.tanh(z) };
  const hardTanh: Architecture = {
    name: 'hardtanh-test', title: 'hard tanh', defaults: { sW: 1, sb: 1 }, kinks: [-1, 1],
    phi: (z) => Math.max(-1, Math.min(1, z)),
  };
  const xs = [-0.8, 0.3, 1.1];
  for (const arch of [tanhLike, hardTanh]) {
    it(`${arch.name}: M_4 on a rank-2 set against composite Gauss–Legendre in (b, w)`, () => {
      const p = resolveParams(arch, { sb: 0.9, sW: 1.4, dIn: 1 });
      const table = momentTable(arch, p, xs.map((x) => [x]), [2, 4]);
      for (const idx of [[0, 1], [0, 0, 1, 2], [1, 1, 2, 2]]) {
        const f = (b: number, w: number) => idx.reduce((s, i) => s * arch.phi(p.sb * b + p.sW * w * xs[i]!, [xs[i]!], p), 1);
        // Kinks of the inner integrand in b at (κ − σ_W w x)/σ_b.
        const inner = (w: number) => gaussianLine((b) => f(b, w), {
          pieces: 30, breaks: arch.kinks ? idx.flatMap((i) => arch.kinks!.map((k) => (k - p.sW * w * xs[i]!) / p.sb)) : [],
        });
        // The outer integrand is C² where two inner kinks meet: a fine composite rule suffices at this tolerance.
        const crossings: number[] = [];
        if (arch.kinks) {
          for (const i of idx) for (const j of idx) for (const k1 of arch.kinks) for (const k2 of arch.kinks) {
            if (xs[i] !== xs[j]) crossings.push((k1 - k2) / (p.sW * (xs[i]! - xs[j]!)));
          }
        }
        const expected = gaussianLine(inner, { pieces: 30, breaks: crossings });
        expect(relErr(table.get(idx), expected)).toBeLessThan(1e-11);
      }
      expect(table.maxRelError).toBeLessThan(1e-10);
    });
  }
});

describe('errors', () => {
  const erfNet = getArchitecture('erf');
  const p = resolveParams(erfNet, { dIn: 1 });
  const code = (fn: () => unknown) => { try { fn(); } catch (e) { return (e as NnqftError).code; } return 'none'; };
  it('mismatched dimensions, bad orders, budget', () => {
    expect(code(() => momentTable(erfNet, p, [[0.1, 0.2]], [2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => momentTable(erfNet, p, [[0.1]], [-2]))).toBe('INVALID_ARGUMENT');
    expect(code(() => momentTable(erfNet, p, Array.from({ length: 60 }, (_, i) => [i / 60]), [8]))).toBe('BUDGET_EXCEEDED');
  });
});

function rotation(a: number, b: number, c: number): number[][] {
  const rx = [[1, 0, 0], [0, Math.cos(a), -Math.sin(a)], [0, Math.sin(a), Math.cos(a)]];
  const ry = [[Math.cos(b), 0, Math.sin(b)], [0, 1, 0], [-Math.sin(b), 0, Math.cos(b)]];
  const rz = [[Math.cos(c), -Math.sin(c), 0], [Math.sin(c), Math.cos(c), 0], [0, 0, 1]];
  const mul = (A: number[][], B: number[][]) => A.map((row) => B[0]!.map((_, j) => row.reduce((s, v, k) => s + v * B[k]![j]!, 0)));
  return mul(mul(rx, ry), rz);
}
