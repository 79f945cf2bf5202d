/**
 * Predictions with the NNGP kernel of a deep network (CONVENTIONS §8) as the propagator: the Gaussian
 * part is the Wick sum of the deep kernel, and the λ0 f⁴ and κ f⁶ terms are −24 ∫ Π4 K_EFT and
 * −360 ∫ Π4 K_EFT · K_EFT(z,z), with K the arcsine recursion of a deep Erf-net written out here and the
 * integrals by a Gauss–Legendre rule built here. Numeric duals (tanh) go through the kernel tables with
 * per-value bounds: they must agree within their bounds with a brute-force Gauss–Hermite recursion.
 */
import { describe, expect, it } from 'vitest';
import { perfectMatchings } from '../../src/core/combinatorics.js';
import { genericArchitecture } from '../../src/kernels/generic.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';
import { runCli } from '../helpers/cli.js';
import { bruteDual } from '../helpers/gauss-hermite.js';

/** Deep Erf-net kernel on a pair (d_in = 1) by the arcsine recursion. */
function erfDeepK(x: number, y: number, L: number, sW: number, sb: number): number {
  const CW = sW * sW, Cb = sb * sb;
  let kxx = Cb + CW * x * x, kyy = Cb + CW * y * y, kxy = Cb + CW * x * y;
  const F = (a: number, b: number, c: number) => Cb + CW * (2 / Math.PI) * Math.asin((2 * c) / Math.sqrt((1 + 2 * a) * (1 + 2 * b)));
  for (let l = 0; l < L; l++) [kxx, kyy, kxy] = [F(kxx, kxx, kxx), F(kyy, kyy, kyy), F(kxx, kyy, kxy)];
  return kxy;
}

/** Gauss–Legendre nodes and weights on [−1, 1] by Newton on the Legendre recurrence. */
function gaussLegendre(n: number): { x: number[]; w: number[] } {
  const x: number[] = [], w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5)), dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1, p1 = z;
      for (let k = 2; k <= n; k++) { const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k; p0 = p1; p1 = p2; }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp; z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(z); w.push(2 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

describe('predict with a depth-3 Erf-net kernel', () => {
  const L = 3, sW = 1.3, sb = 0.6, b2 = sb * sb, cutoff = 2;
  const arch = getArchitecture('erf'), params = resolveParams(arch, { sW, sb, dIn: 1 });
  const network = { activation: 'erf', widths: [8, 8, 8], sW, sb, dIn: 1 };
  const pts = [[-0.4], [0.3], [1.1]];
  const K = (x: number, y: number) => erfDeepK(x, y, L, sW, sb);
  const gl = gaussLegendre(96);
  const integral = (xs: number[], loop: boolean) => gl.x.reduce((s, t, i) => {
    const y = cutoff * t;
    let v = gl.w[i]! * cutoff;
    for (const x of xs) v *= K(x, y) - b2;
    return s + (loop ? v * (K(y, y) - b2) : v);
  }, 0);
  const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 3]), {
    arch, params, propagator: 'eft', cutoff, points: pts, n: 4, relTol: 1e-10, network,
  });

  it('GP = Σ over pairings of the deep kernel; λ0 and κ terms against Gauss–Legendre integrals, within their bounds', () => {
    for (const e of r.entries) {
      const xs = e.index.map((i) => pts[i]![0]!);
      const gp = perfectMatchings(4).reduce((s, m) => s + m.reduce((p, [a, b]) => p * K(xs[a]!, xs[b]!), 1), 0);
      expect(Math.abs(e.GP - gp)).toBeLessThan(1e-12 * gp);
      const lam = e.terms.find((t) => 'λ0' in t.couplings)!, kap = e.terms.find((t) => 'κ' in t.couplings)!;
      const eLam = -24 * integral(xs, false), eKap = -360 * integral(xs, true);
      expect(Math.abs(lam.value - eLam)).toBeLessThanOrEqual(lam.absError + 1e-12 * Math.abs(eLam));
      expect(Math.abs(kap.value - eKap)).toBeLessThanOrEqual(kap.absError + 1e-12 * Math.abs(eKap));
      expect(lam.absError).toBeLessThan(1e-8 * Math.abs(eLam));
    }
  });

  it('the deep kernel is not the one-layer kernel (the option is used)', () => {
    const one = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { arch, params, propagator: 'eft', cutoff, points: pts, n: 4 });
    expect(Math.abs(one.entries[0]!.GP - r.entries[0]!.GP)).toBeGreaterThan(1e-3);
  });

  it('depth 1 through `network` equals the one-layer prediction exactly', () => {
    const base = { arch, params, propagator: 'eft' as const, cutoff, points: pts, n: 4 };
    const one = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), base);
    const net1 = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), { ...base, network: { ...network, widths: [8] } });
    expect(net1).toEqual(one);
  });

  it('a network that does not match the architecture is refused', () => {
    expect(() => predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), {
      arch, params, propagator: 'eft', cutoff, points: pts, n: 4, network: { ...network, sW: 2 },
    })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('predict with a depth-2 tanh-net kernel (numeric duals, tabulated with per-value bounds)', () => {
  it('λ0 term against −24 ∫ Π4 K_EFT with K by brute-force 2-D Gauss–Hermite duals', () => {
    const sW = 1.3, sb = 0.6, b2 = sb * sb, cutoff = 1, CW = sW * sW;
    const arch = getArchitecture('tanh'), params = resolveParams(arch, { sW, sb, dIn: 1 });
    const pts = [[-0.4], [0.7]];
    const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0]), {
      arch, params, propagator: 'eft', cutoff, points: pts, n: 4, relTol: 1e-8, network: { activation: 'tanh', widths: [6, 6], sW, sb, dIn: 1 },
    });
    // K(l+1) = C_b + C_W E[tanh u tanh v] under Kl, twice, on the pair (x, y); the variances stay ≤ 2.1 here,
    // where 120² Gauss–Hermite nodes are good to ~1e-10.
    const K = (x: number, y: number) => {
      let kxx = b2 + CW * x * x, kyy = b2 + CW * y * y, kxy = b2 + CW * x * y;
      for (let l = 0; l < 2; l++) {
        [kxx, kyy, kxy] = [b2 + CW * bruteDual(Math.tanh, kxx, kxx, kxx, 120), b2 + CW * bruteDual(Math.tanh, kyy, kyy, kyy, 120), b2 + CW * bruteDual(Math.tanh, kxx, kyy, kxy, 120)];
      }
      return kxy;
    };
    const gl = gaussLegendre(48);
    const lines = gl.x.map((t) => pts.map(([x]) => K(x!, cutoff * t) - b2));
    for (const e of r.entries) {
      const expected = -24 * gl.x.reduce((s, _t, i) => s + gl.w[i]! * cutoff * e.index.reduce((p, k) => p * lines[i]![k]!, 1), 0);
      const t = e.terms[0]!;
      expect(Math.abs(t.value - expected)).toBeLessThanOrEqual(t.absError + 1e-8 * Math.abs(expected));
      expect(t.absError).toBeLessThan(1e-5 * Math.abs(expected));
      const gp = 3 * K(pts[e.index[0]!]![0]!, pts[e.index[1]!]![0]!) * K(pts[e.index[2]!]![0]!, pts[e.index[3]!]![0]!);
      if (new Set(e.index).size === 1) expect(Math.abs(e.GP - gp)).toBeLessThan(1e-8 * gp);
    }
  });
});

describe('CLI: nnqft kernel and predict --layers', () => {
  it('kernel --arch relu --sb 0 --layers 5,5,5 --json: the normalised arc-cosine map', () => {
    const r = runCli(['kernel', '--arch', 'relu', '--sw', '1.2', '--sb', '0', '--layers', '5,5,5', '--inputs', '0.5,-1,2', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.layers).toEqual([5, 5, 5]);
    expect(doc.depth).toBe(3);
    expect(doc.arch).toBe('relu');
    expect(doc.method).toBe('closed-form dual');
    expect(doc.note).toMatch(/independent of the hidden widths/);
    const xs = [0.5, -1, 2], CW = 1.44;
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      let th = xs[a]! * xs[b]! > 0 ? 0 : Math.PI;
      for (let l = 0; l < 3; l++) th = Math.acos(Math.max(-1, Math.min(1, (Math.sin(th) + (Math.PI - th) * Math.cos(th)) / Math.PI)));
      const expected = (CW / 2) ** 3 * CW * Math.abs(xs[a]! * xs[b]!) * Math.cos(th);
      expect(Math.abs(doc.kernel[a][b] - expected)).toBeLessThan(1e-13 * CW ** 4 * 4);
      expect(doc.absError[a][b]).toBeGreaterThan(0);
    }
  });

  it('kernel --activation "erf(z)" --per-layer: every layer, numeric, within its bounds of the arcsine recursion', () => {
    const r = runCli(['kernel', '--activation', 'erf(z)', '--sw', '1.3', '--sb', '0.6', '--layers', '4,4', '--inputs', '-0.4,1.1', '--per-layer', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.arch).toBe('expr:erf(z)');
    expect(doc.method).toBe('2-D Gaussian quadrature');
    expect(doc.layerKernels).toHaveLength(3);
    expect(Math.abs(doc.kernel[0][1] - erfDeepK(-0.4, 1.1, 2, 1.3, 0.6))).toBeLessThanOrEqual(doc.absError[0][1]);
    expect(doc.layerKernels[2]).toEqual(doc.kernel);
  });

  it('text output names the depth and the note; Gauss-net at depth 2 is refused in one line', () => {
    const t = runCli(['kernel', '--arch', 'erf', '--layers', '3,3', '--inputs', '0.5,1']);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/depth 2 \(layers 3,3\)/);
    expect(t.stdout).toMatch(/note: .*independent of the hidden widths/);
    const g = runCli(['kernel', '--arch', 'gauss', '--layers', '3,3', '--inputs', '0.5,1']);
    expect(g.status).toBe(2);
    expect(g.stderr.trim().split('\n')).toHaveLength(1);
    const both = runCli(['kernel', '--arch', 'erf', '--activation', 'z', '--inputs', '0.5']);
    expect(both.status).toBe(2);
  });

  it('predict --layers 8,8,8 --json: the deep kernel\'s GP and the leading-order note', () => {
    const r = runCli(['predict', 'λ f^4', '--arch', 'erf', '--sw', '1.3', '--sb', '0.6', '--layers', '8,8,8', '--cutoff', '2', '--inputs', '-0.4,0.3', '--n', '4', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.layers).toEqual([8, 8, 8]);
    expect(doc.note).toMatch(/leading order in 1\/n/);
    const k = erfDeepK(-0.4, -0.4, 3, 1.3, 0.6);
    expect(Math.abs(doc.entries[0].GP - 3 * k * k)).toBeLessThan(1e-12 * 3 * k * k);
  });
});
