/**
 * The fast quadrature runner and the cost-based grouping of tuples (src/exact/quadrature.ts,
 * moments.ts) against the reference path kept for this purpose (`reference: true`: every
 * lattice node, one tuple at a time, basis tuples always on their own z-lattice), and against
 * a finer rule. CONVENTIONS §4: M_k = E[φ(z_1)…φ(z_k)].
 */
import { describe, expect, it } from 'vitest';
import { erf } from '../../src/core/special.js';
import { uniqueTuples } from '../../src/core/combinatorics.js';
import { orthonormalCoordinates } from '../../src/core/gaussRules.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import type { Architecture } from '../../src/kernels/types.js';
import { momentTable, preactivationVectors } from '../../src/exact/moments.js';
import { integrateTuples } from '../../src/exact/quadrature.js';
import { cumulantTable, evenPartitions, polynomialTable, tuplePolynomial } from '../../src/exact/cumulants.js';
import type { MomentTable } from '../../src/exact/moments.js';

const erfArch = getArchitecture('erf');
const gauss = getArchitecture('gauss');
const P4 = [[0.38, 0.05], [-0.33, 0.53], [-0.11, -0.2], [0.52, -0.55]];

function allTuples(m: number, orders: number[]): number[][] {
  return orders.flatMap((k) => uniqueTuples(m, k));
}

function compare(arch: Architecture, points: number[][], orders: number[]) {
  const p = resolveParams(arch, { dIn: points[0]!.length });
  const { coords } = orthonormalCoordinates(preactivationVectors(points, p));
  const tuples = allTuples(points.length, orders);
  const fast = integrateTuples(arch, p, points, coords, tuples);
  const ref = integrateTuples(arch, p, points, coords, tuples, { reference: true });
  return { fast, ref, tuples };
}

describe('fast quadrature runner = reference runner (same rule, rounding only)', () => {
  const cases: [string, Architecture, number[][]][] = [
    // erf is odd: one node of each pair ±u (mirrored chunks, symmetric).
    ['Erf-net, 4 points in d_in = 2 (rank 3, cubic lattice, φ odd)', erfArch, P4],
    // The Gauss-net φ = exp(z)/… has no parity: both nodes of each pair are summed.
    ['Gauss-net, 4 points in d_in = 2 (rank 3, no parity)', gauss, P4.map((x) => x.map((v) => 0.3 * v))],
    ['Erf-net, d_in = 1 (rank 2)', erfArch, [[-1], [-0.2], [0.6], [1]]],
  ];
  for (const [label, arch, points] of cases) {
    it(label, () => {
      const { fast, ref } = compare(arch, points, [2, 4, 6]);
      expect(fast.length).toBe(ref.length);
      fast.forEach((f, i) => {
        const g = ref[i]!;
        expect(f.rule).toBe(g.rule);
        expect(f.nodes).toBe(g.nodes);
        expect(Math.abs(f.value - g.value)).toBeLessThanOrEqual(1e-13 * Math.max(g.scale, Math.abs(g.value)));
        expect(Math.abs(f.scale - g.scale)).toBeLessThanOrEqual(1e-13 * g.scale);
        // The estimate is the squared relative difference of two rules: rounding moves it little.
        expect(Math.abs(f.absError - g.absError)).toBeLessThanOrEqual(1e-6 * g.absError + 1e-15 * g.scale);
      });
    });
  }

  it('mixed parities: an odd·even integrand is exactly 0 where the symmetry holds, as the reference (to rounding)', () => {
    // φ odd at points with x > 0, even elsewhere; E[odd(z1) even(z2)] = 0 by u → −u.
    const mixed: Architecture = {
      ...erfArch,
      name: 'mixed-parity-test',
      moment: undefined,
      phi: (z, x) => (x[0]! > 0 ? erf(z) : Math.exp(-z * z)),
    };
    const points = [[0.5, 0.2], [-0.4, 0.3], [0.1, -0.6], [-0.2, -0.1]];
    const { fast, ref, tuples } = compare(mixed, points, [2, 4]);
    let odd = 0;
    tuples.forEach((t, i) => {
      const f = fast[i]!, g = ref[i]!;
      expect(Math.abs(f.value - g.value)).toBeLessThanOrEqual(1e-13 * Math.max(g.scale, Math.abs(g.value)));
      const oddCount = t.filter((j) => points[j]![0]! > 0).length;
      if (oddCount % 2 === 1) {
        odd++;
        expect(Math.abs(f.value)).toBeLessThanOrEqual(1e-15 * f.scale);
        expect(f.scale).toBeGreaterThan(0);
      }
    });
    expect(odd).toBeGreaterThan(5);
  });
});

describe('cost-based grouping: basis triples join the shared lattice where it is cheaper', () => {
  // Five points in d_in = 2 (rank 3): C(5,3) triples are a basis each; nearly collinear ones
  // would need a very fine z-lattice of their own.
  const pts = [[0.38, 0.05], [-0.33, 0.53], [-0.11, -0.2], [0.52, -0.55], [-0.45, 0.38]];
  const p = resolveParams(erfArch, { dIn: 2 });

  it('agrees with the reference grouping to 1e-12 and with a finer rule to 1e-13 (relative to the moment)', () => {
    const fast = momentTable(erfArch, p, pts, [2, 4]);
    const ref = momentTable(erfArch, p, pts, [2, 4], { reference: true });
    const fine = momentTable(erfArch, p, pts, [2, 4], { stepScale: 0.6, maxNodes: 2e7 });
    let moved = 0;
    fast.entries.forEach((e, i) => {
      const r = ref.entries[i]!, f = fine.entries[i]!;
      expect(e.index).toEqual(r.index);
      if (e.method !== r.method) {
        // A basis triple's own rule (its z-lattice, or its own cubic lattice where C is too ill-conditioned
        // for the lattice search) replaced by the shared cubic lattice.
        if (r.method.startsWith('z-lattice')) moved++;
        expect(r.method).toMatch(/^(z-lattice|trapezoid)\(r=3/);
        expect(e.method).toMatch(/^trapezoid\(r=3/);
      }
      expect(Math.abs(e.value - r.value)).toBeLessThanOrEqual(1e-12 * Math.abs(f.value));
      expect(Math.abs(e.value - f.value)).toBeLessThanOrEqual(1e-13 * Math.abs(f.value));
    });
    expect(moved).toBeGreaterThan(0);
  });

  it('every claimed error bounds the distance to a finer rule, z-lattices included (rounding of 1e7-node sums)', () => {
    const ref = momentTable(erfArch, p, pts, [2, 4], { reference: true });
    const fine = momentTable(erfArch, p, pts, [2, 4], { stepScale: 0.6, maxNodes: 2e7 });
    let zLattice = 0;
    ref.entries.forEach((r, i) => {
      const f = fine.entries[i]!;
      if (r.method.startsWith('z-lattice')) zLattice++;
      expect(Math.abs(r.value - f.value)).toBeLessThanOrEqual(r.absError + f.absError);
    });
    expect(zLattice).toBeGreaterThan(0);
  });

  it('a set that is itself a basis keeps its z-lattice (no shared group to join)', () => {
    const t = momentTable(erfArch, p, pts.slice(0, 3), [4]);
    expect(t.entries.some((e) => e.method.startsWith('z-lattice(r=3'))).toBe(true);
  });
});

describe('polynomialTable (dense tables) = tuplePolynomial (memoised maps), bit for bit', () => {
  // Any numbers serve: the two evaluate the same partition sums in the same order.
  const m = 5;
  const moments: MomentTable = {
    m,
    entries: [],
    maxRelError: 0,
    get: (t) => { let s = 1; for (const i of [...t].sort((a, b) => a - b)) s = s * 0.9 + Math.sin(1.3 * i + s); return s; },
  };
  const p = { sW: 1.3, sb: 0.7, dIn: 2 };
  for (const n of [2, 4, 6, 8]) {
    it(`n = ${n}, ${m} points`, () => {
      const tuples = uniqueTuples(m, n);
      const fast = polynomialTable(moments, p, n, tuples);
      const kappa = cumulantTable(moments, p);
      const parts = evenPartitions(n);
      tuples.forEach((t, i) => {
        const ref = tuplePolynomial(t, kappa, parts);
        expect(fast[i]!.index).toEqual(ref.index);
        expect(fast[i]!.coeffs).toEqual(ref.coeffs); // toEqual on numbers is Object.is: bit for bit
        expect(fast[i]!.connected).toEqual(ref.connected);
      });
    });
  }
});
