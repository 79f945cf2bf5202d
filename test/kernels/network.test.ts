/**
 * Deep NNGP kernels (CONVENTIONS §8) against independent oracles written out here: the normalised
 * arc-cosine map (ReLU, σ_b = 0), the geometric sum of a deep linear network, the arcsine recursion
 * (erf), a brute-force 2-D Gauss–Hermite rule for numeric duals, and erf's closed form for the user
 * activation "erf(z)". Error bounds must bound the distance to the closed forms. One hidden layer must
 * equal the one-layer kernel bit for bit. Also: activation keys (expr:<φ>) and their resolver.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { genericArchitecture } from '../../src/kernels/generic.js';
import { kernelMatrix } from '../../src/kernels/kernel.js';
import {
  covarianceExpectationEstimate, layerKernelEstimates, layerKernels, networkKernel, networkKernelEstimate, type NetworkSpec,
} from '../../src/kernels/network.js';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { architectureFromKey, networkArchitecture } from '../../src/kernels/resolve.js';
import { tanhNet } from '../../src/kernels/tanh.js';
import type { Architecture } from '../../src/kernels/types.js';
import { erf } from '../../src/core/special.js';
import { bruteDual } from '../helpers/gauss-hermite.js';

const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

const net = (activation: string, widths: number[], sW: number, sb: number, dIn: number): NetworkSpec => ({ activation, widths, sW, sb, dIn });

describe('deep ReLU at σ_b = 0: the normalised arc-cosine map', () => {
  // cos θ(l+1) = (sin θl + (π − θl) cos θl)/π, q(l+1)(x) = (C_W/2) ql(x), q1 = C_W |x|²/d_in.
  const pts = [[0.3, -1, 0.5], [1, 0.2, -0.4], [-0.7, 0.9, 1.3], [0.1, 0.1, 0.1]];
  const sW = 1.37, CW = sW * sW, d = 3;
  it.each([1, 2, 3, 6, 12])('depth %i to 1e-13', (L) => {
    const K = networkKernel(getArchitecture('relu'), net('relu', new Array(L).fill(4), sW, 0, d), pts);
    for (let a = 0; a < pts.length; a++) for (let b = 0; b < pts.length; b++) {
      const qa = (CW * dot(pts[a]!, pts[a]!)) / d, qb = (CW * dot(pts[b]!, pts[b]!)) / d;
      let theta = Math.acos(Math.max(-1, Math.min(1, dot(pts[a]!, pts[b]!) / Math.sqrt(dot(pts[a]!, pts[a]!) * dot(pts[b]!, pts[b]!)))));
      for (let l = 0; l < L; l++) theta = Math.acos(Math.max(-1, Math.min(1, (Math.sin(theta) + (Math.PI - theta) * Math.cos(theta)) / Math.PI)));
      const expected = (CW / 2) ** L * Math.sqrt(qa * qb) * Math.cos(theta);
      expect(Math.abs(K[a]![b]! - expected)).toBeLessThanOrEqual(1e-13 * Math.sqrt(K[a]![a]! * K[b]![b]!));
    }
  });
});

describe('deep linear network: C_W^(L+1) x·y/d_in + C_b Σ_{l=0..L} C_W^l', () => {
  it.each([1, 2, 5])('depth %i, exactly up to rounding', (L) => {
    const pts = [[0.5, -1], [2, 0.25], [-1.5, 1]], sW = 0.9, sb = 0.6, CW = sW * sW, Cb = sb * sb;
    const K = networkKernel(getArchitecture('linear'), net('linear', new Array(L).fill(3), sW, sb, 2), pts);
    let geo = 0;
    for (let l = 0; l <= L; l++) geo += CW ** l;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      expect(relDiff(K[a]![b]!, CW ** (L + 1) * dot(pts[a]!, pts[b]!) / 2 + Cb * geo)).toBeLessThan(1e-14);
    }
  });
});

/** The arcsine recursion of erf written out: K(l+1) = C_b + C_W (2/π) asin(2 kab / √((1 + 2kaa)(1 + 2kbb))). */
function erfRecursion(pts: number[][], L: number, sW: number, sb: number): number[][][] {
  const m = pts.length, d = pts[0]!.length, CW = sW * sW, Cb = sb * sb;
  let K = pts.map((x) => pts.map((y) => Cb + (CW * dot(x, y)) / d));
  const out = [K];
  for (let l = 0; l < L; l++) {
    const P = K;
    K = Array.from({ length: m }, (_, a) => Array.from({ length: m }, (_, b) =>
      Cb + CW * (2 / Math.PI) * Math.asin((2 * P[a]![b]!) / Math.sqrt((1 + 2 * P[a]![a]!) * (1 + 2 * P[b]![b]!)))));
    out.push(K);
  }
  return out;
}

describe('deep erf: the arcsine recursion', () => {
  it.each([1, 2, 4, 8])('depth %i, every layer, to 1e-14 per layer, within the claimed rounding bound', (L) => {
    const pts = [[-1], [0.3], [1.7], [0]];
    const arch = getArchitecture('erf'), nw = net('erf', new Array(L).fill(5), 1.6, 0.3, 1);
    const Ks = layerKernels(arch, nw, pts), E = layerKernelEstimates(arch, nw, pts).absErrors;
    const oracle = erfRecursion(pts, L, 1.6, 0.3);
    expect(Ks.length).toBe(L + 1);
    Ks.forEach((K, l) => K.forEach((row, a) => row.forEach((v, b) => {
      // Rounding compounds through the layers (asin near its edge amplifies it): ~1e-14 per layer.
      expect(relDiff(v, oracle[l]![a]![b]!)).toBeLessThan(3e-14 * (l + 1));
      expect(Math.abs(v - oracle[l]![a]![b]!)).toBeLessThanOrEqual(E[l]![a]![b]!);
    })));
  });
});

describe('one hidden layer equals the one-layer kernel bit for bit', () => {
  const archs: Architecture[] = [...ARCHITECTURES, genericArchitecture('z/(1+abs(z))', { kinks: [0] })];
  for (const arch of archs) {
    it(arch.name, () => {
      const p = resolveParams(arch, { dIn: 2 });
      const pts = [[0.3, -0.2], [1, 0.5], [-0.8, 0.1]];
      expect(networkKernel(arch, net(arch.name, [9], p.sW, p.sb, 2), pts)).toEqual(kernelMatrix(arch, p, pts));
    });
  }
});

describe('numeric duals (2-D quadrature) with their error bounds', () => {
  // [a, b, c, accuracy of the brute-force rule]: 160² Gauss–Hermite nodes resolve tanh's poles at ±iπ/2 to
  // ~1e-10 at variances ~1, less well at variance 6 (the poles come closer in the standardised variable).
  const covs: [number, number, number, number][] = [[1, 1, 0.3, 1e-10], [2.5, 0.7, -1.1, 1e-9], [0.4, 3, 0.9, 1e-9], [1.2, 1.2, 1.2, 1e-10], [6, 2, 3, 1e-6]];
  it.each(covs)('tanh at [[%f, ·], [·, %f]], c = %f: against brute-force 2-D Gauss–Hermite (good to %f)', (a, b, c, tol) => {
    const r = covarianceExpectationEstimate(tanhNet, a, b, c);
    const brute = bruteDual(Math.tanh, a, b, c);
    expect(r.absError).toBeGreaterThan(0);
    expect(r.absError).toBeLessThan(1e-7);
    expect(Math.abs(r.value - brute)).toBeLessThanOrEqual(r.absError + tol);
  });

  it.each(covs)('user "z/(1+abs(z))" at (%f, %f, %f): against brute-force Gauss–Hermite', (a, b, c) => {
    // A jump of φ'' at 0 slows Gauss–Hermite down to algebraic convergence (~1e-4 at 160² nodes): a sanity
    // check of the value; the bound is checked against the closed form of "sin(z)" below.
    const phi = (z: number) => z / (1 + Math.abs(z));
    const r = covarianceExpectationEstimate(genericArchitecture('z/(1+abs(z))'), a, b, c);
    expect(r.absError).toBeLessThan(1e-7);
    expect(Math.abs(r.value - bruteDual(phi, a, b, c))).toBeLessThan(3e-4);
  });

  it.each(covs)('user "sin(z)" at (%f, %f, %f): against E[sin u sin v] = e^{-(a+b)/2} sinh c, within the bound', (a, b, c) => {
    const r = covarianceExpectationEstimate(genericArchitecture('sin(z)'), a, b, c, 1e-6);
    const closed = Math.exp(-(a + b) / 2) * Math.sinh(c);
    expect(Math.abs(r.value - closed)).toBeLessThanOrEqual(r.absError);
    expect(r.absError).toBeLessThan(1e-5);
  });

  it('closed-form duals report rounding-size bounds', () => {
    const r = covarianceExpectationEstimate(getArchitecture('erf'), 1.3, 0.6, 0.4);
    const closed = (2 / Math.PI) * Math.asin(0.8 / Math.sqrt(3.6 * 2.2));
    expect(Math.abs(r.value - closed)).toBeLessThanOrEqual(r.absError);
    expect(r.absError).toBeLessThan(1e-14);
  });

  it('Gauss-net has no dual on covariances', () => {
    expect(() => covarianceExpectationEstimate(getArchitecture('gauss'), 1, 1, 0.5)).toThrow(InvalidArgumentError);
  });
});

describe('the user activation "erf(z)" against erf\'s arcsine recursion, with bounds that hold', () => {
  const pts = [[-1.2], [0.1], [0.8], [2]];
  const user = genericArchitecture('erf(z)');
  for (const relTol of [1e-9, 1e-6, 1e-3]) {
    it(`depth 4, quadrature tolerance ${relTol}: every layer within its bound, the bound not vacuous`, () => {
      const r = layerKernelEstimates(user, net(user.name, [5, 5, 5, 5], 1.4, 0.5, 1), pts, relTol);
      const oracle = erfRecursion(pts, 4, 1.4, 0.5);
      r.kernels.forEach((K, l) => K.forEach((row, a) => row.forEach((v, b) => {
        const err = r.absErrors[l]![a]![b]!;
        expect(Math.abs(v - oracle[l]![a]![b]!)).toBeLessThanOrEqual(err);
        // Not vacuous: a few times (2 relTol per layer, carried through Jacobians of order 1) the kernel's size.
        expect(err).toBeLessThan(100 * relTol * Math.max(1, Math.abs(oracle[l]![a]![b]!)));
      })));
      // Errors grow with depth (each layer adds its quadrature error).
      expect(r.absErrors[4]![0]![0]!).toBeGreaterThan(r.absErrors[2]![0]![0]!);
    });
  }
});

describe('deep tanh: a loose quadrature within its bound of a tight one', () => {
  it('depth 3, tolerance 1e-4 against 1e-11', () => {
    const pts = [[-1], [0.2], [1.5]], nw = net('tanh', [4, 4, 4], 1.5, 0.4, 1);
    const loose = layerKernelEstimates(tanhNet, nw, pts, 1e-4), tight = layerKernelEstimates(tanhNet, nw, pts, 1e-11);
    loose.kernels.forEach((K, l) => K.forEach((row, a) => row.forEach((v, b) => {
      expect(Math.abs(v - tight.kernels[l]![a]![b]!)).toBeLessThanOrEqual(loose.absErrors[l]![a]![b]! + tight.absErrors[l]![a]![b]!);
    })));
    expect(loose.absErrors[3]![0]![2]!).toBeGreaterThan(1e-5); // the loose tolerance shows in the bound
  });
});

describe('activation keys', () => {
  it('registry keys are the registry names (checkpoints keep reading)', () => {
    for (const a of ARCHITECTURES) expect(architectureFromKey(a.name)).toBe(a);
    expect(architectureFromKey('Erf-net')).toBe(getArchitecture('erf'));
  });

  it('two user activations have different keys, and a key rebuilds its activation', () => {
    const f = genericArchitecture('z/(1+abs(z))'), g = genericArchitecture('sin(z)');
    expect(f.name).toBe('expr:z/(1+abs(z))');
    expect(g.name).toBe('expr:sin(z)');
    const back = architectureFromKey(f.name);
    expect(back.name).toBe(f.name);
    for (const z of [-3, -0.4, 0, 0.7, 5]) expect(back.phi(z, [], { sW: 1, sb: 1, dIn: 1 })).toBe(z / (1 + Math.abs(z)));
    expect(networkArchitecture({ activation: 'expr:sin(z)' }).phi(0.3, [], { sW: 1, sb: 1, dIn: 1 })).toBe(Math.sin(0.3));
  });

  it('"generic" (written before keys) and unknown keys are refused with one line', () => {
    expect(() => architectureFromKey('generic')).toThrow(/does not say which activation/);
    expect(() => architectureFromKey('softsign')).toThrow(InvalidArgumentError);
    expect(() => architectureFromKey('expr:z+')).toThrow(InvalidArgumentError);
  });

  it('a deep erf kernel through its key equals the closed form to the bound', () => {
    const n1 = net('expr:erf(z)', [3, 3], 1, 1, 1);
    const r = networkKernelEstimate(networkArchitecture(n1), n1, [[0.5], [-0.5]]);
    const o = erfRecursion([[0.5], [-0.5]], 2, 1, 1)[2]!;
    expect(Math.abs(r.kernel[0]![1]! - o[0]![1]!)).toBeLessThanOrEqual(r.absError[0]![1]!);
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 9); // the special function the expression evaluates
  });
});

describe('network validation', () => {
  it('Gauss-net refuses depth > 1; bad widths are refused', () => {
    const g = getArchitecture('gauss');
    expect(() => networkKernel(g, net('gauss', [4, 4], 1, 1, 1), [[0]])).toThrow(/no depth > 1/);
    expect(() => networkKernel(getArchitecture('erf'), net('erf', [4, 0], 1, 1, 1), [[0]])).toThrow(InvalidArgumentError);
  });
});
