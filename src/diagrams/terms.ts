/**
 * Vertex kinds derived from an Action (ARCHITECTURE "one place to add a thing":
 * vertices are derived from the terms, never written per term). CONVENTIONS §5;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { printTerm } from '../dsl/print.js';
import { termPointSymmetries } from '../dsl/symmetry.js';
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

/** Validates the action and derives one VertexKind per term. */
export function vertexKinds(action: Action, termText: (t: Term, i: number) => string = (t) => printTerm(t)): VertexKind[] {
  if (!action || !Array.isArray(action.terms)) throw new InvalidArgumentError('not an action: missing terms');
  return action.terms.map((term: Term, termIndex: number): VertexKind => {
    if (term.points.length === 0) throw new InvalidArgumentError(`term ${termIndex + 1} has no field`);
    const powers = term.points.map((p: { power: number }) => p.power);
    for (const p of powers) {
      if (!Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`term ${termIndex + 1}: field power must be a positive integer, got ${p}`);
    }
    if (term.points.length > 8) throw new InvalidArgumentError(`term ${termIndex + 1} has ${term.points.length} points (at most 8 are supported)`);
    // Relabelling the term's integration points by σ leaves its integral unchanged (the DSL's notion).
    const symmetries = termPointSymmetries(term);
    const orbit = powers.map((_, i) => Math.min(...symmetries.map((s) => s[i]!)));
    return {
      termIndex, term, text: termText(term, termIndex), powers,
      legs: powers.reduce((a, b) => a + b, 0), symmetries, orbit,
    };
  });
}
