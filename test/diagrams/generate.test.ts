import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import { BudgetExceededError, NnqftError } from '../../src/core/errors.js';
import type { Action } from '../../src/dsl/types.js';
import { generateDiagrams, groupByTopology, isSelfEnergyDiagram } from '../../src/diagrams/generate.js';
import type { Diagram } from '../../src/diagrams/types.js';
import { allComps, compKey, compositionOf, diagramSum, seriesMul, seriesToStrings, term, zeroDimSeries, type Series } from './oracle.js';
import { bruteForce, keyOfDiagram } from './brute.js';

const lam = term('λ', [4]);
const kap = term('κ', [6]);
const seed: Action = { terms: [lam, kap] };
const cubic: Action = { terms: [term('g', [3], Rational.of(-1)), term('λ', [4], Rational.of(1, 24))] };
const mass: Action = { terms: [term('m', [2], Rational.of(1, 2))] };
const nonlocal: Action = { terms: [term('λNL', [2, 2])] };
const mixed: Action = { terms: [term('λ', [4], Rational.of(1, 24)), term('λNL', [2, 2], Rational.of(1, 8))] };
const asym: Action = { terms: [term('μ', [1, 3]), term('h', [1])] };
// A position weight on one point breaks the x <-> y symmetry of f(x)²f(y)².
const weighted: Action = { terms: [term('λw', [2, 2], Rational.ONE, { x: 2 }), term('λNL', [2, 2], Rational.of(-1, 3))] };

const byKind = (ds: Diagram[], c: string) => ds.filter((d) => Object.keys(d.couplings).join() === c);
const sum = (ds: Diagram[]) => ds.reduce((s, d) => s.add(d.coefficient), Rational.ZERO);

describe('seed coefficients (CONVENTIONS §5)', () => {
  it('G4 first order, skeleton: 3 pairings, −24 λ X, −360 κ X with a loop', () => {
    const ds = generateDiagrams(seed, { n: 4, order: 1 });
    expect(ds.filter((d) => d.order === 0).map((d) => d.coefficient.toString())).toEqual(['1', '1', '1']);
    const l = byKind(ds, 'λ'), k = byKind(ds, 'κ');
    expect(l).toHaveLength(1);
    expect(l[0]!.coefficient.toString()).toBe('-24');
    expect(l[0]!.symmetryFactor.toString()).toBe('1');
    expect(l[0]!.edges).toEqual([['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1']]);
    expect(l[0]!.vertices).toMatchObject([{ id: 'y1', term: 'λ f^4', points: ['y1'], legs: 4, termIndex: 0 }]);
    expect(l[0]!.couplings).toEqual({ λ: 1 });
    expect(l[0]!.connected && l[0]!.onePI).toBe(true);
    expect(k).toHaveLength(1);
    expect(k[0]!.coefficient.toString()).toBe('-360');
    expect(k[0]!.edges.filter(([a, b]) => a === b)).toEqual([['y1', 'y1']]);
  });
  it('G6 first order by topology: λ total −360 (15×24), κ classes −720 and −5400 (15×360)', () => {
    const g = groupByTopology(generateDiagrams(seed, { n: 6, order: 1 }));
    expect(byKind(g, 'λ').map((d) => [d.coefficient.toString(), d.multiplicity])).toEqual([['-360', 15]]);
    expect(byKind(g, 'κ').map((d) => d.coefficient.toString()).sort()).toEqual(['-5400', '-720']);
    expect(g.filter((d) => d.order === 0).map((d) => [d.coefficient.toString(), d.multiplicity])).toEqual([['15', 15]]);
  });
  it('full mode: first-order G4 of λf⁴ sums to −96 = −(24+72)', () => {
    const ds = byKind(generateDiagrams({ terms: [lam] }, { n: 4, order: 1, mode: 'full' }), 'λ');
    expect(sum(ds).toString()).toBe('-96');
    expect(ds).toHaveLength(1 + 6);
  });
  it('multi-local λNL ∫∫ f(x)²f(y)²: −8 per pairing, one vertex v1 with points y1, y2', () => {
    const ds = byKind(generateDiagrams(nonlocal, { n: 4, order: 1 }), 'λNL');
    expect(ds).toHaveLength(3);
    for (const d of ds) {
      expect(d.coefficient.toString()).toBe('-8');
      expect(d.vertices).toMatchObject([{ id: 'v1', points: ['y1', 'y2'], legs: 4 }]);
      expect(d.connected).toBe(true);
    }
  });
  it('odd powers: G1 and G3 of g f³ are nonzero', () => {
    const g1 = generateDiagrams(cubic, { n: 1, order: 1, mode: 'full' });
    expect(sum(g1).toString()).toBe(zeroDimSeries(cubic, 1, 1).get('1,0')!.toString());
    expect(sum(g1).isZero()).toBe(false);
    expect(generateDiagrams(cubic, { n: 3, order: 1 }).some((d) => d.order === 1)).toBe(true);
  });
  it('order 0 is the Gaussian part: (n−1)!! pairings with coefficient 1', () => {
    for (const n of [0, 2, 4, 6, 8]) {
      const ds = generateDiagrams(seed, { n, order: 0 });
      let dd = 1; for (let k = n - 1; k > 1; k -= 2) dd *= k;
      expect(ds).toHaveLength(n === 0 ? 1 : dd);
      expect(ds.every((d) => d.coefficient.equals(Rational.ONE) && d.order === 0)).toBe(true);
    }
    expect(generateDiagrams(seed, { n: 3, order: 2 })).toEqual([]);
  });
});

describe('zero-dimensional oracle: full diagram sums equal the exact series', () => {
  const cases: [string, Action, number[], number][] = [
    ['λf⁴+κf⁶', seed, [0, 2, 4], 3],
    ['λf⁴+κf⁶ G6', seed, [6], 2],
    ['λf⁴+κf⁶ G4 to order 4 (the scale case)', seed, [4], 4],
    ['−g f³ + λ/24 f⁴', cubic, [1, 2, 3, 4], 3],
    ['(1/2) m f²', mass, [2, 4], 4],
    ['λNL ∫∫ f²f² + λ/24 f⁴', mixed, [2, 4], 3],
    ['μ ∫∫ f(x) f(y)³ + h f', asym, [1, 2, 3], 3],
    ['λw x² f(x)²f(y)² − λNL/3 f(x)²f(y)² (weights are 1 in zero dimensions)', weighted, [2, 4], 2],
  ];
  for (const [name, action, ns, K] of cases) {
    it(`${name}: n = ${ns.join(',')}, orders ≤ ${K}`, () => {
      for (const n of ns) {
        const ds = generateDiagrams(action, { n, order: K, mode: 'full' });
        const T = action.terms.length;
        expect(seriesToStrings(diagramSum(ds, T, K))).toEqual(seriesToStrings(zeroDimSeries(action, n, K)));
      }
    });
  }
});

// Even (Z2-symmetric) actions: with odd terms, one-point insertions (tadpoles, G1 ≠ 0) are not
// resummed by the two-line-end rule, and the dressed skeleton sum differs from the exact series.
describe('skeleton oracle: lines replaced by the exact G2 reproduce the exact series', () => {
  const cases: [string, Action, number[], number][] = [
    ['λf⁴+κf⁶', seed, [2, 4, 6], 3],
    ['λf⁴+κf⁶ G4 to order 4', seed, [4], 4],
    ['(1/2) m f²', mass, [2, 4], 3],
    ['λNL ∫∫ f²f² + λ/24 f⁴', mixed, [4], 3],
  ];
  for (const [name, action, ns, K] of cases) {
    it(`${name}: n = ${ns.join(',')}, orders ≤ ${K}`, () => {
      const T = action.terms.length;
      const G2 = zeroDimSeries(action, 2, K);
      for (const n of ns) {
        const ds = generateDiagrams(action, { n, order: K, mode: 'skeleton' });
        let total: Series = new Map(allComps(T, K).map((c) => [compKey(c), Rational.ZERO]));
        for (const d of ds) {
          let s: Series = new Map([[compKey(compositionOf(d, T)), d.coefficient]]);
          for (let i = 0; i < d.edges.length; i++) s = seriesMul(s, G2, T, K);
          for (const [k, v] of s) total.set(k, total.get(k)!.add(v));
        }
        total = new Map([...total]);
        expect(seriesToStrings(total)).toEqual(seriesToStrings(zeroDimSeries(action, n, K)));
        expect(ds.some((d) => isSelfEnergyDiagram(d))).toBe(false);
      }
    });
  }
  it('skeleton G2 is the Gaussian line only', () => {
    expect(generateDiagrams(seed, { n: 2, order: 3 }).map((d) => d.label)).toEqual(['x1-x2']);
  });
});

describe('brute-force Wick enumeration agrees diagram by diagram', () => {
  const cases: [string, Action, number, number][] = [
    ['λf⁴+κf⁶', seed, 4, 1],
    ['λf⁴', { terms: [lam] }, 4, 2],
    ['λf⁴', { terms: [lam] }, 2, 2],
    ['−g f³ + λ/24 f⁴', cubic, 2, 2],
    ['−g f³', { terms: [cubic.terms[0]!] }, 3, 3],
    ['λNL f²f² + λ/24 f⁴', mixed, 4, 2],
    ['μ f(x)f(y)³ + h f', asym, 3, 2],
    ['(1/2) m f²', mass, 4, 3],
    ['λw x² f(x)²f(y)² − λNL/3 f(x)²f(y)²', weighted, 4, 2],
  ];
  for (const [name, action, n, K] of cases) {
    it(`${name}: n = ${n}, orders ≤ ${K}`, () => {
      const T = action.terms.length;
      const ds = generateDiagrams(action, { n, order: K, mode: 'full' });
      for (const comp of allComps(T, K)) {
        const brute = bruteForce(action, n, comp);
        const mine = ds.filter((d) => compKey(compositionOf(d, T)) === compKey(comp));
        const got = new Map(mine.map((d) => [keyOfDiagram(action, d, comp), d]));
        expect(got.size).toBe(mine.length); // no two generated diagrams are isomorphic
        expect([...got.keys()].sort()).toEqual([...brute.keys()].sort());
        for (const [k, b] of brute) {
          expect(got.get(k)!.coefficient.toString()).toBe(b.coefficient.toString());
          expect(got.get(k)!.symmetryFactor.toString()).toBe(b.symmetryFactor.toString());
        }
      }
    });
  }
});

describe('flags, labels, grouping', () => {
  it('g f³ tree at second order is connected but not 1PI; the λ² bubble is 1PI', () => {
    const tree = generateDiagrams({ terms: [term('g', [3])] }, { n: 4, order: 2 })
      .filter((d) => d.order === 2 && d.connected);
    expect(tree.length).toBeGreaterThan(0);
    expect(tree.some((d) => !d.onePI)).toBe(true);
    const bubble = generateDiagrams({ terms: [lam] }, { n: 4, order: 2 })
      .filter((d) => d.order === 2 && d.edges.filter(([a, b]) => a.startsWith('y') && b.startsWith('y') && a !== b).length === 2);
    expect(bubble.length).toBe(3);
    expect(bubble.every((d) => d.connected && d.onePI)).toBe(true);
    // From the definition: (+1)/2! · (Wick contractions giving the s-channel bubble, y1 ↔ y2 included):
    // x1,x2 on one vertex (4·3), x3,x4 on the other (4·3), the two remaining pairs (2), which vertex (2).
    expect(bubble.map((d) => d.coefficient.toString())).toEqual(Array(3).fill(String((4 * 3 * 4 * 3 * 2 * 2) / 2)));
  });
  it('labels are unique and the order is stable (by order, then label)', () => {
    const ds = generateDiagrams(seed, { n: 4, order: 2, mode: 'full' });
    const labels = ds.map((d) => d.label);
    expect(new Set(labels).size).toBe(labels.length);
    const sorted = ds.slice().sort((a, b) => a.order - b.order || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    expect(sorted.map((d) => d.label)).toEqual(labels);
    expect(generateDiagrams(seed, { n: 4, order: 2, mode: 'full' }).map((d) => d.label)).toEqual(labels);
  });
  it('grouping preserves the total and the number of labelled diagrams', () => {
    const ds = generateDiagrams(seed, { n: 4, order: 2, mode: 'full' });
    const g = groupByTopology(ds);
    expect(g.reduce((s, d) => s + d.multiplicity!, 0)).toBe(ds.length);
    expect(sum(g).equals(sum(ds))).toBe(true);
    expect(g.length).toBeLessThan(ds.length);
    // the (4−1)!! = 3 Gaussian pairings form one class
    expect(g.find((d) => d.order === 0)!.multiplicity).toBe(3);
  });
});

describe('budget and bad input', () => {
  it('refuses a huge request before generating, with an estimate', () => {
    const t0 = Date.now();
    let err: unknown;
    try { generateDiagrams(seed, { n: 8, order: 9, mode: 'full' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(BudgetExceededError);
    expect((err as BudgetExceededError).code).toBe('BUDGET_EXCEEDED');
    expect((err as BudgetExceededError).estimate).toBeGreaterThan((err as BudgetExceededError).limit);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
  it('a small maxDiagrams refuses a moderate request', () => {
    expect(() => generateDiagrams(seed, { n: 4, order: 3, maxDiagrams: 10 })).toThrow(BudgetExceededError);
  });
  it('bad n, order or mode: INVALID_ARGUMENT', () => {
    for (const opts of [{ n: -1, order: 1 }, { n: 2.5, order: 1 }, { n: 2, order: -1 }, { n: 2, order: 1, mode: 'x' as never }]) {
      let err: unknown;
      try { generateDiagrams(seed, opts); } catch (e) { err = e; }
      expect((err as NnqftError).code).toBe('INVALID_ARGUMENT');
    }
    let err: unknown;
    try { generateDiagrams({ terms: [term('λ', [0])] }, { n: 2, order: 1 }); } catch (e) { err = e; }
    expect((err as NnqftError).code).toBe('INVALID_ARGUMENT');
  });
});

describe('with the DSL', () => {
  it('parseAction("λf⁴+κf⁶") gives the seed coefficients and printTerm labels', async () => {
    const { parseAction } = await import('../../src/dsl/parse.js');
    const ds = generateDiagrams(parseAction('λf⁴+κf⁶'), { n: 4, order: 1 });
    expect(ds.filter((d) => d.order === 1).map((d) => [d.vertices[0]!.term, d.coefficient.toString()]))
      .toEqual([['κ f^6', '-360'], ['λ f^4', '-24']]);
    const nl = generateDiagrams(parseAction('λNL ∫∫ f(x)^2 f(y)^2'), { n: 4, order: 1 }).filter((d) => d.order === 1);
    expect(nl.map((d) => d.coefficient.toString())).toEqual(['-8', '-8', '-8']);
  });
});

describe('graphology cross-check of the flags', () => {
  it('connected / onePI from plain arrays agree with a graphology computation', async () => {
    const { diagramNodeGraph } = await import('../../src/diagrams/generate.js');
    const { toGraphology } = await import('../../src/diagrams/analysis.js');
    const ds = generateDiagrams({ terms: [term('g', [3]), lam, term('λNL', [2, 2])] }, { n: 4, order: 2, mode: 'full' });
    let notOnePI = 0;
    for (const d of ds) {
      const ng = diagramNodeGraph(d);
      const G = toGraphology(ng);
      const comps = (skip?: string) => {
        const seen = new Set<string>(); let c = 0;
        G.forEachNode((s) => {
          if (seen.has(s)) return; c++; const st = [s]; seen.add(s);
          while (st.length) { const u = st.pop()!; G.forEachEdge(u, (e, _a, a, b) => { if (e === skip) return; const w = a === u ? b : a; if (!seen.has(w)) { seen.add(w); st.push(w); } }); }
        });
        return c;
      };
      const connected = comps() === 1;
      const onePI = connected && G.edges().every((e) => {
        const [a, b] = G.extremities(e);
        return a === b || Number(a) < ng.n || Number(b) < ng.n || comps(e) === 1;
      });
      expect([d.connected, d.onePI]).toEqual([connected, onePI]);
      if (connected && !onePI) notOnePI++;
    }
    expect(notOnePI).toBeGreaterThan(0);
  });
});

describe('diagramGraph (graphology, point level)', () => {
  it('has one node per point and one edge per line; degrees are the legs', async () => {
    const { diagramGraph } = await import('../../src/diagrams/graph.js');
    for (const d of generateDiagrams(mixed, { n: 4, order: 2, mode: 'full' })) {
      const G = diagramGraph(d);
      expect(G.order).toBe(d.externals.length + d.vertices.reduce((s, v) => s + v.points.length, 0));
      expect(G.size).toBe(d.edges.length);
      for (const x of d.externals) expect(G.degree(x)).toBe(1);
      for (const v of d.vertices) expect(v.points.reduce((s, p) => s + G.degree(p), 0)).toBe(v.legs);
    }
  });
});

describe('skeleton mode = full mode without self-energy insertions', () => {
  it('same labels and coefficients as filtering the full series (λf⁴+κf⁶ G4 ≤ 3, mixed multi-local G4 ≤ 2)', () => {
    for (const [action, n, K] of [[seed, 4, 3], [mixed, 4, 2], [cubic, 3, 2]] as const) {
      const full = generateDiagrams(action, { n, order: K, mode: 'full' }).filter((d) => !isSelfEnergyDiagram(d));
      const skel = generateDiagrams(action, { n, order: K, mode: 'skeleton' });
      expect(skel.map((d) => `${d.label} ${d.coefficient}`)).toEqual(full.map((d) => `${d.label} ${d.coefficient}`));
      expect(full.length).toBeGreaterThan(0);
    }
  });
});

describe('long chains and deep orders stay bounded', () => {
  it('(1/2) m f² G2 in full mode to order 30: one chain per order, coefficient (−1)^k (refinement keeps it fast)', () => {
    const ds = generateDiagrams(mass, { n: 2, order: 30, mode: 'full' });
    expect(ds.map((d) => d.coefficient.toString())).toEqual(Array.from({ length: 31 }, (_, k) => (k % 2 ? '-1' : '1')));
  });
  it('skeleton beyond 20 vertices and orders beyond 40 are refused (BUDGET_EXCEEDED), not crashed', () => {
    for (const opts of [{ n: 2, order: 21 }, { n: 2, order: 41, mode: 'full' as const }]) {
      let err: unknown;
      try { generateDiagrams(mass, opts); } catch (e) { err = e; }
      expect((err as NnqftError).code).toBe('BUDGET_EXCEEDED');
    }
  });
});
