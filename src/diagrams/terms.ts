/**
 * Vertex kinds derived from an Action (ARCHITECTURE "one place to add a thing":
 * vertices are derived from the terms, never written per term). CONVENTIONS §5;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { Rational } from '../core/rational.js';
import type { Action, Term } from '../dsl/types.js';

/** What the generator needs to know about one term of ΔS. */
export interface VertexKind {
  readonly termIndex: number;
  readonly term: Term;
  /** Canonical text of the term ("λ f^4"). */
  readonly text: string;
  /** Field power at each of the term's points. */
  readonly powers: readonly number[];
  /** Total number of line ends of one vertex of this kind. */
  readonly legs: number;
  /** Permutations of the term's points that leave the term invariant (always includes the identity). */
  readonly symmetries: readonly (readonly number[])[];
  /** For each point, the smallest point index in its orbit under `symmetries` (an invariant colour). */
  readonly orbit: readonly number[];
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1)) {
    for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  }
  return out;
}

/**
 * Permutations σ of a term's points with power[σ(i)] = power[i] and equal
 * position-weight exponents: relabelling the integration variables by σ leaves
 * the term's integral unchanged. (The DSL exports the same notion as
 * `termPointSymmetries`; this local version keeps the engine independent of it.)
 */
export function pointSymmetries(t: Term): number[][] {
  const k = t.points.length;
  if (k > 8) throw new InvalidArgumentError(`a term with ${k} points is not supported (at most 8)`);
  const sig = t.points.map((p) => `${p.power}|${t.weight[p.variable] ?? 0}`);
  return permutations(k)
    .filter((s) => s.every((j, i) => sig[j] === sig[i]))
    .sort((a, b) => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
      return 0;
    });
}

/** Fallback canonical term text (the DSL printer's format for simple terms): "λ f^4", "2 g x^2 f^3", "λNL f(x)^2 f(y)^2". */
export function fallbackTermText(t: Term): string {
  const parts: string[] = [];
  const pf = t.prefactor;
  if (!pf.equals(Rational.ONE)) {
    parts.push(pf.equals(Rational.ONE.neg()) ? '-' : pf.isInteger() ? pf.toString() : `(${pf.toString()})`);
  }
  for (const [c, e] of Object.entries(t.couplings)) parts.push(e === 1 ? c : `${c}^${e}`);
  const local = t.points.length === 1;
  for (const p of t.points) {
    const w = t.weight[p.variable];
    if (w) parts.push(`${p.variable}^${w}`);
  }
  for (const p of t.points) parts.push(local ? `f^${p.power}` : `f(${p.variable})^${p.power}`);
  return parts.join(' ').replace(/^- /, '-');
}

/** Validates the action and derives one VertexKind per term. */
export function vertexKinds(action: Action, termText: (t: Term, i: number) => string = fallbackTermText): VertexKind[] {
  if (!action || !Array.isArray(action.terms)) throw new InvalidArgumentError('not an action: missing terms');
  return action.terms.map((term: Term, termIndex: number): VertexKind => {
    if (term.points.length === 0) throw new InvalidArgumentError(`term ${termIndex + 1} has no field`);
    const powers = term.points.map((p: { power: number }) => p.power);
    for (const p of powers) {
      if (!Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`term ${termIndex + 1}: field power must be a positive integer, got ${p}`);
    }
    const symmetries = pointSymmetries(term);
    const orbit = powers.map((_, i) => Math.min(...symmetries.map((s) => s[i]!)));
    return {
      termIndex, term, text: termText(term, termIndex), powers,
      legs: powers.reduce((a, b) => a + b, 0), symmetries, orbit,
    };
  });
}
