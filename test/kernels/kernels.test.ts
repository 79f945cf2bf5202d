import { describe, expect, it } from 'vitest';
import { compileExpression, customKernel } from '../../src/kernels/custom.js';
import { genericArchitecture } from '../../src/kernels/generic.js';
import { preactivationCovariance as S } from '../../src/kernels/types.js';
import { kernelFunction, kernelMatrix, numericKernel } from '../../src/kernels/kernel.js';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import type { ArchParams } from '../../src/kernels/types.js';

/** Deterministic uniforms for test inputs (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (independent of the code under test). */
function jacobiEigenvalues(A0: number[][]): number[] {
  const n = A0.length, A = A0.map((r) => r.slice());
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += A[i]![j]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      if (Math.abs(A[p]![q]!) < 1e-300) continue;
      const th = (A[q]![q]! - A[p]![p]!) / (2 * A[p]![q]!);
      const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) {
        const akp = A[k]![p]!, akq = A[k]![q]!;
        A[k]![p] = c * akp - s * akq; A[k]![q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) {
        const apk = A[p]![k]!, aqk = A[q]![k]!;
        A[p]![k] = c * apk - s * aqk; A[q]![k] = s * apk + c * aqk;
      }
    }
  }
  return A.map((r, i) => r[i]!);
}

describe('closed-form kernels against Gaussian quadrature of E[φφ\']', () => {
  const cases: { arch: string; p: Partial<ArchParams>; pts: number[][] }[] = [
    { arch: 'erf', p: { sW: 1, sb: 1, dIn: 1 }, pts: [[-1], [0.3], [1.7], [0]] },
    { arch: 'erf', p: { sW: 1.7, sb: 0.4, dIn: 2 }, pts: [[-1, 0.5], [0.3, 0.2], [2, -1]] },
    { arch: 'relu', p: { sW: 1, sb: 0, dIn: 1 }, pts: [[0.2], [-0.7], [1.2]] },
    { arch: 'relu', p: { sW: 1.3, sb: 0.8, dIn: 1 }, pts: [[0.2], [-0.7], [1.2], [0]] },
    { arch: 'relu', p: { sW: 1, sb: 0.5, dIn: 3 }, pts: [[0.2, 1, -1], [1, 1, -1], [-1, 0.3, 1]] },
    { arch: 'gauss', p: { sW: 1, sb: 1, dIn: 1 }, pts: [[-0.5], [0.01], [0.8]] },
    { arch: 'gauss', p: { sW: 0.8, sb: 0.5, dIn: 2 }, pts: [[-0.5, 0.2], [0.01, 0.3], [0.8, -0.4]] },
  ];
  for (const c of cases) {
    it(`${c.arch} ${JSON.stringify(c.p)} to 1e-10`, () => {
      const arch = getArchitecture(c.arch), p = resolveParams(arch, c.p);
      const closed = kernelFunction(arch, p), numeric = numericKernel(arch, p);
      for (const x of c.pts) for (const y of c.pts) {
        const a = closed(x, y), b = numeric(x, y);
        expect(Math.abs(a - b), `${c.arch} K(${x}, ${y})`).toBeLessThan(1e-10 * Math.max(1, Math.abs(a)));
      }
    });
  }
  it('tanh-net: numeric kernel (equal to the generic fallback for "tanh(z)"); odd φ with σ_b = 0 gives an odd kernel in y', () => {
    const arch = getArchitecture('tanh'), p = resolveParams(arch, { sb: 0 });
    const k = kernelFunction(arch, p);
    expect(arch.numericKernelError).toBeGreaterThan(0);
    const g = genericArchitecture('tanh(z)');
    expect(g.kernel).toBeUndefined();
    expect(Math.abs(kernelFunction(g, p)([0.3], [-0.8]) - k([0.3], [-0.8]))).toBeLessThan(1e-14);
    expect(Math.abs(k([0.7], [-0.4]) + k([0.7], [0.4]))).toBeLessThan(1e-13);
    // Small inputs: tanh(z) ≈ z - z³/3, so K ≈ σ_W² S(x,y) to leading order.
    expect(k([1e-3], [2e-3]) / 2e-6).toBeCloseTo(1, 5);
  });
});

describe('kernel matrices are symmetric and positive semi-definite', () => {
  const archs = [...ARCHITECTURES.map((a) => a.name), 'generic'];
  for (const name of archs) {
    it(`${name} on random input sets, d_in = 1, 2, 3`, () => {
      const arch = name === 'generic' ? genericArchitecture('z/(1+abs(z))', { kinks: [0] }) : getArchitecture(name);
      const r = rng(name.length * 101);
      for (const dIn of [1, 2, 3]) {
        const p = resolveParams(arch, { dIn });
        const m = name === 'tanh' || name === 'generic' ? 5 : 12;
        const pts = Array.from({ length: m }, () => Array.from({ length: dIn }, () => 4 * r() - 2));
        const K = kernelMatrix(arch, p, pts);
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(K[i]![j]).toBe(K[j]![i]);
        const k = kernelFunction(arch, p);
        expect(Math.abs(k(pts[0]!, pts[1]!) - k(pts[1]!, pts[0]!))).toBeLessThan(1e-11);
        const ev = jacobiEigenvalues(K);
        const scale = Math.max(...ev.map(Math.abs));
        expect(Math.min(...ev)).toBeGreaterThan(-1e-10 * scale);
      }
    });
  }
});

describe('generic activation from an expression', () => {
  it('"erf(z)" reproduces the Erf-net closed form; "max(z,0)" the ReLU one', () => {
    const p = resolveParams(getArchitecture('erf'), {});
    const g = kernelFunction(genericArchitecture('erf(z)'), p), e = kernelFunction(getArchitecture('erf'), p);
    expect(Math.abs(g([0.3], [-1.1]) - e([0.3], [-1.1]))).toBeLessThan(1e-10);
    const pr = resolveParams(getArchitecture('relu'), {});
    const gr = kernelFunction(genericArchitecture('max(z,0)', { defaults: { sW: 1, sb: 0 }, kinks: [0] }), pr);
    const er = kernelFunction(getArchitecture('relu'), pr);
    expect(Math.abs(gr([0.3], [-1.1]) - er([0.3], [-1.1]))).toBeLessThan(1e-10);
    expect(Math.abs(gr([0.3], [1.1]) - er([0.3], [1.1]))).toBeLessThan(1e-10);
  });
  it('sin(z) kernel: E[sin z sin z\'] = e^{-(a+b)/2} sinh(c)', () => {
    const p = { sW: 1, sb: 0.5, dIn: 1 };
    const k = kernelFunction(genericArchitecture('sin(z)'), p);
    const S = (x: number, y: number) => 0.25 + x * y;
    for (const [x, y] of [[0.3, -1.2], [1, 1], [2, 0.5]] as const) {
      const exact = 0.25 + Math.exp(-(S(x, x) + S(y, y)) / 2) * Math.sinh(S(x, y));
      expect(Math.abs(k([x], [y]) - exact)).toBeLessThan(1e-11);
    }
  });
});

describe('numeric kernel over wide pre-activation variances (sinh-mapped trapezoid outer rule, adaptive fallback)', () => {
  // E[erf(αz) erf(αz')] = (2/π) asin(2α²c / √((1 + 2α²a)(1 + 2α²b))) (Williams 1997), α = 1: Erf-net.
  const erfK = (alpha: number, p: { sW: number; sb: number; dIn: number }) => (x: number, y: number) => {
    const a = p.sb ** 2 + p.sW ** 2 * x * x, b = p.sb ** 2 + p.sW ** 2 * y * y, c = p.sb ** 2 + p.sW ** 2 * x * y, t = 2 * alpha * alpha;
    return p.sb ** 2 + p.sW ** 2 * (2 / Math.PI) * Math.asin((t * c) / Math.sqrt((1 + t * a) * (1 + t * b)));
  };
  for (const alpha of [1, 25]) {
    it(`erf(${alpha}·z) against its closed form, y from −100 to 100, three (σ_W, σ_b)`, () => {
      for (const p of [{ sW: 1, sb: 1, dIn: 1 }, { sW: 1.5, sb: 0.3, dIn: 1 }, { sW: 0.7, sb: 2, dIn: 1 }]) {
        const k = numericKernel(genericArchitecture(alpha === 1 ? 'erf(z)' : `erf(${alpha}*z)`), p), exact = erfK(alpha, p);
        for (const x of [-1, 0.2]) for (const y of [-100, -3, -0.5, 0, 0.1, 0.9, 30]) {
          expect(Math.abs(k([x], [y]) - exact(x, y)), `α = ${alpha}, K(${x}, ${y})`).toBeLessThan(2e-9 * p.sW ** 2);
        }
      }
    });
  }
  it('tanh-net (fast fixed-step outer rule) against the generic "tanh(z)" (adaptive outer rule), y from −100 to 100', () => {
    const t = getArchitecture('tanh');
    expect(t.analyticUnitScale).toBe(true);
    expect(genericArchitecture('tanh(z)').analyticUnitScale).toBeUndefined();
    for (const p of [{ sW: 1, sb: 1, dIn: 1 }, { sW: 2, sb: 0.2, dIn: 1 }]) {
      const fast = numericKernel(t, p), slow = numericKernel(genericArchitecture('tanh(z)'), p);
      for (const x of [-1, 0.6]) for (const y of [-100, -7, -0.4, 0, 0.3, 1, 12, 100]) {
        expect(Math.abs(fast([x], [y]) - slow([x], [y])), `K(${x}, ${y})`).toBeLessThan(2e-9 * p.sW ** 2);
      }
    }
  });
  it('sin(z) at large variances (rapidly oscillating φ, decaying kernel) against e^{-(a+b)/2} sinh(c)', () => {
    const p = { sW: 1.3, sb: 0.4, dIn: 1 };
    const k = numericKernel(genericArchitecture('sin(z)'), p);
    for (const [x, y] of [[0.5, 3], [-1, 2.5], [2, 2]] as const) {
      const a = S([x], [x], p), b = S([y], [y], p), c = S([x], [y], p);
      expect(Math.abs(k([x], [y]) - (p.sb ** 2 + p.sW ** 2 * Math.exp(-(a + b) / 2) * Math.sinh(c)))).toBeLessThan(2e-9 * p.sW ** 2);
    }
  });
});

describe('expression compiler', () => {
  it('evaluates arithmetic, powers, unary minus, constants and functions exactly as JS does', () => {
    const f = compileExpression('-x^2 + 3*y/(1+abs(x)) - exp(-(x-y)^2/2) + pi*e + max(x,y) + 2x', ['x', 'y']);
    const [x, y] = [0.7, -1.3];
    const ref = -(x ** 2) + (3 * y) / (1 + Math.abs(x)) - Math.exp(-((x - y) ** 2) / 2) + Math.PI * Math.E + Math.max(x, y) + 2 * x;
    expect(f.evaluate([x, y])).toBeCloseTo(ref, 14);
  });
  it('exp of large arguments is exact (no nerdamer NaN) and erf is full precision', () => {
    const f = compileExpression('exp(z)', ['z']);
    expect(f.evaluate([100])).toBe(Math.exp(100));
    const g = compileExpression('erf(z)', ['z']);
    // erf(0.5) to 16 digits (Abramowitz & Stegun table 7.1).
    expect(Math.abs(g.evaluate([0.5]) - 0.5204998778130465)).toBeLessThan(2e-16);
  });
  it('bad expressions and non-finite values are INVALID_ARGUMENT, never NaN', () => {
    for (const bad of ['', 'x +', 'foo(x)', 'q*x', '2.5e-3*x', 'sin()', 'max(x)', '3!', 'x,y']) {
      expect(() => compileExpression(bad, ['x', 'y']), bad).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    const f = compileExpression('log(x)', ['x']);
    expect(() => f.evaluate([-1])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => compileExpression('exp(z)', ['z']).evaluate([1000])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => customKernel('x*y').evaluate([1, 2], [1, 2])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(customKernel('exp(-(x-y)^2/2)').evaluate([0.5], [1.5])).toBeCloseTo(Math.exp(-0.5), 15);
  });
});
