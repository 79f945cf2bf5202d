/**
 * Feynman diagrams of <f(x1)…f(xn) e^{-ΔS}> / <e^{-ΔS}> (CONVENTIONS §5).
 * A diagram is a multigraph on external points x1..xn and internal points;
 * its value is coefficient · coupling monomial · ∫ Π_internal d^d y · Π_edges K.
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4.
 */
import type { Rational } from '../core/rational.js';

/** An interaction vertex: one term of the action; a multi-local term has several points. */
export interface DiagramVertex {
  /** Vertex id; for a local vertex equal to its single point id ("y1"). */
  readonly id: string;
  /** The term's canonical text (printer of the DSL), e.g. "λ f^4". */
  readonly term: string;
  /** Index of the term in `Action.terms`. */
  readonly termIndex: number;
  /** Internal point ids, in the order of the term's points (Term.points[i] -> points[i]). */
  readonly points: readonly string[];
  /** Total number of line ends at this vertex. */
  readonly legs: number;
  /** Field power at each point (points[i] has powers[i] line ends). Optional; derived from the edges when absent. */
  readonly powers?: readonly number[];
  /** Permutations of the term's points leaving it invariant (used to regroup diagrams). Optional; derived from `powers` when absent. */
  readonly symmetries?: readonly (readonly number[])[];
}

/** Expansion convention: `full` series, or `skeleton` (no self-energy insertions; the paper's). */
export type DiagramMode = 'skeleton' | 'full';

/** One diagram (labelled externals, internal points up to relabelling). */
export interface Diagram {
  /** Canonical label: equal diagrams have equal labels. */
  readonly label: string;
  /** Total order in the couplings (number of vertices). */
  readonly order: number;
  /** Exact coefficient: multiplies the coupling monomial and the integral of Π_edges K. Includes sign, 1/k!, Wick counts, prefactors. */
  readonly coefficient: Rational;
  /** Conventional symmetry factor (|Aut|), for display. */
  readonly symmetryFactor: Rational;
  /** Coupling monomial of the diagram: name -> exponent. */
  readonly couplings: Readonly<Record<string, number>>;
  /** External point ids "x1".."xn". */
  readonly externals: readonly string[];
  readonly vertices: readonly DiagramVertex[];
  /** One entry per propagator line between point ids (external or internal); a self-loop is [p, p]; parallel lines repeat. */
  readonly edges: readonly (readonly [string, string])[];
  readonly connected: boolean;
  readonly onePI: boolean;
  /** With topology grouping: how many labelled diagrams the class stands for. */
  readonly multiplicity?: number;
}
