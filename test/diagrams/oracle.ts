/**
 * Independent oracles for the diagram engine (CONVENTIONS §5, zero-dimensional
 * check): series of G(n) = ∫df fⁿ e^{-f²/2-ΔS} / ∫df e^{-f²/2-ΔS} from the
 * Gaussian moments E[f^{2m}] = (2m-1)!!, and brute-force Wick enumeration.
 * Series are indexed by the vertex multiset (composition c_t per term), which
 * is finer than the coupling monomial.
 */
import { Rational, doubleFactorial, factorial } from '../../src/core/rational.js';
import type { Action, Term } from '../../src/dsl/types.js';
import type { Diagram } from '../../src/diagrams/types.js';

export type Series = Map<string, Rational>;
export const compKey = (c: readonly number[]) => c.join(',');

export function term(coupling: string, powers: number[], prefactor: Rational = Rational.ONE, weight: Record<string, number> = {}): Term {
  const vars = ['x', 'y', 'z', 'w'];
  return {
    couplings: coupling ? { [coupling]: 1 } : {},
    prefactor,
    weight,
    points: powers.map((p, i) => ({ variable: powers.length === 1 ? 'x' : vars[i]!, power: p })),
  };
}

export function allComps(T: number, K: number): number[][] {
  const out: number[][] = [];
  const rec = (t: number, left: number, acc: number[]) => {
    if (t === T) { out.push(acc.slice()); return; }
    for (let c = 0; c <= left; c++) { acc.push(c); rec(t + 1, left - c, acc); acc.pop(); }
  };
  rec(0, K, []);
  return out;
}

/** E[f^k] for a standard normal f. */
export function moment(k: number): Rational {
  return k % 2 === 1 ? Rational.ZERO : Rational.of(doubleFactorial(k - 1));
}

/** Exact zero-dimensional series of G(n), all compositions of total order ≤ K. */
export function zeroDimSeries(action: Action, n: number, K: number): Series {
  const T = action.terms.length;
  const deg = action.terms.map((t) => t.points.reduce((s, p) => s + p.power, 0));
  const comps = allComps(T, K);
  const weight = (c: number[]) => {
    // Π_t (-prefactor_t)^{c_t} / c_t!
    let w = Rational.ONE;
    c.forEach((ct, t) => { w = w.mul(action.terms[t]!.prefactor.neg().pow(ct)).div(Rational.of(factorial(ct))); });
    return w;
  };
  const num = new Map<string, Rational>(), den = new Map<string, Rational>();
  for (const c of comps) {
    const d = c.reduce((s, ct, t) => s + ct * deg[t]!, 0);
    num.set(compKey(c), weight(c).mul(moment(n + d)));
    den.set(compKey(c), weight(c).mul(moment(d)));
  }
  // G = N / D with D(0) = 1: G(c) = N(c) - Σ_{0 < c' ≤ c} D(c') G(c - c'), by increasing total order.
  const G: Series = new Map();
  const sorted = comps.slice().sort((a, b) => a.reduce((s, x) => s + x, 0) - b.reduce((s, x) => s + x, 0));
  for (const c of sorted) {
    let g = num.get(compKey(c))!;
    for (const c2 of allComps(T, c.reduce((s, x) => s + x, 0))) {
      if (c2.every((x) => x === 0) || c2.some((x, t) => x > c[t]!)) continue;
      const rest = c.map((x, t) => x - c2[t]!);
      g = g.sub(den.get(compKey(c2))!.mul(G.get(compKey(rest))!));
    }
    G.set(compKey(c), g);
  }
  return G;
}

export function compositionOf(d: Diagram, T: number): number[] {
  const c = new Array<number>(T).fill(0);
  for (const v of d.vertices) c[v.termIndex]!++;
  return c;
}

/** Σ of coefficients by composition (zero dimensions: every K and integral is 1). */
export function diagramSum(ds: readonly Diagram[], T: number, K: number): Series {
  const s: Series = new Map(allComps(T, K).map((c) => [compKey(c), Rational.ZERO]));
  for (const d of ds) {
    const k = compKey(compositionOf(d, T));
    s.set(k, s.get(k)!.add(d.coefficient));
  }
  return s;
}

export function seriesMul(a: Series, b: Series, T: number, K: number): Series {
  const out: Series = new Map(allComps(T, K).map((c) => [compKey(c), Rational.ZERO]));
  for (const [ka, va] of a) {
    if (va.isZero()) continue;
    const ca = ka === '' ? [] : ka.split(',').map(Number);
    for (const [kb, vb] of b) {
      if (vb.isZero()) continue;
      const cb = kb === '' ? [] : kb.split(',').map(Number);
      const c = ca.map((x, t) => x + cb[t]!);
      const k = compKey(c);
      if (!out.has(k)) continue; // beyond order K
      out.set(k, out.get(k)!.add(va.mul(vb)));
    }
  }
  return out;
}

export function seriesToStrings(s: Series): Record<string, string> {
  return Object.fromEntries([...s].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toString()]));
}
