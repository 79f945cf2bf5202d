/**
 * Hand-built actions and first-order diagrams (CONVENTIONS §5–6), written out
 * from the formulas, independent of the diagram engine.
 */
import { perfectMatchings } from '../../src/core/combinatorics.js';
import { Rational } from '../../src/core/rational.js';
import type { Diagram, DiagramVertex } from '../../src/diagrams/types.js';
import type { Action, Term } from '../../src/dsl/types.js';

export const term = (couplings: Record<string, number>, points: { variable: string; power: number }[], weight: Record<string, number> = {}): Term =>
  ({ couplings, prefactor: Rational.ONE, weight, points });

/** ΔS = λ0 f⁴ + λ2 x² f⁴ + λNL ∫∫ f(x)² f(y)² + κ f⁶ (terms 0..3). */
export const ACTION: Action = {
  terms: [
    term({ λ0: 1 }, [{ variable: 'x', power: 4 }]),
    term({ λ2: 1 }, [{ variable: 'x', power: 4 }], { x: 2 }),
    term({ λNL: 1 }, [{ variable: 'x', power: 2 }, { variable: 'y', power: 2 }]),
    term({ κ: 1 }, [{ variable: 'x', power: 6 }]),
  ],
};

const X = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1}`);

function diagram(label: string, coefficient: number, couplings: Record<string, number>, n: number, vertices: DiagramVertex[], edges: [string, string][]): Diagram {
  return {
    label, order: 1, coefficient: Rational.of(coefficient), symmetryFactor: Rational.ONE, couplings,
    externals: X(n), vertices, edges, connected: true, onePI: false,
  };
}

const local = (termIndex: number, legs: number): DiagramVertex => ({ id: 'y1', term: `t${termIndex}`, termIndex, points: ['y1'], legs });

/** Subsets of size k of 0..n-1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

/**
 * First-order skeleton diagrams of G(n), n = 4 or 6, for the terms of ACTION:
 * a local f⁴ vertex joined to 4 externals (−24; for n = 6 times a K between the other two),
 * the non-local vertex joined to two pairs (−8 per pairing), κ f⁶ (−720 with six externals,
 * −360 with four and a self-loop).
 */
export function firstOrderDiagrams(n: 4 | 6, terms: number[] = [0, 1, 2, 3]): Diagram[] {
  const out: Diagram[] = [];
  const x = X(n);
  for (const t of terms) {
    const c = Object.keys(ACTION.terms[t]!.couplings)[0]!;
    if (t === 0 || t === 1) {
      for (const four of subsets(n, 4)) {
        const rest = [...Array(n).keys()].filter((i) => !four.includes(i));
        const edges: [string, string][] = four.map((i) => [x[i]!, 'y1']);
        if (rest.length === 2) edges.push([x[rest[0]!]!, x[rest[1]!]!]);
        out.push(diagram(`t${t}:${four}`, -24, { [c]: 1 }, n, [local(t, 4)], edges));
      }
    } else if (t === 2 && n === 4) {
      for (const [[a, b], [cc, d]] of perfectMatchings(4) as [[number, number], [number, number]][]) {
        const v: DiagramVertex = { id: 'v1', term: 'nl', termIndex: 2, points: ['y1', 'y2'], legs: 4 };
        out.push(diagram(`nl:${a}${b}`, -8, { [c]: 1 }, n, [v], [[x[a]!, 'y1'], [x[b]!, 'y1'], [x[cc]!, 'y2'], [x[d]!, 'y2']]));
      }
    } else if (t === 3) {
      if (n === 6) out.push(diagram('k6', -720, { [c]: 1 }, n, [local(3, 6)], x.map((xi) => [xi, 'y1'] as [string, string])));
      for (const four of subsets(n, 4)) {
        const rest = [...Array(n).keys()].filter((i) => !four.includes(i));
        const edges: [string, string][] = [...four.map((i) => [x[i]!, 'y1'] as [string, string]), ['y1', 'y1']];
        if (rest.length === 2) edges.push([x[rest[0]!]!, x[rest[1]!]!]);
        out.push(diagram(`k4:${four}`, -360, { [c]: 1 }, n, [local(3, 6)], edges));
      }
    }
  }
  return out;
}
