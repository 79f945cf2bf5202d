/**
 * The typed action ΔS (CONVENTIONS §5): a sum of monomial terms
 *
 *   prefactor · Π couplings^e · ∫ Π_p d^d x_p  weight(x_p…) · Π_p f(x_p)^{power_p}
 *
 * A local term has one point; a multi-local term (λNL ∫∫ f(x)² f(y)²) has
 * several, each integrated on its own. Halverson, Maiti, Stoner, arXiv:2008.08601 §4.
 */
import type { Rational } from '../core/rational.js';

/** One integration point of a term and the power of the field there: f(variable)^power. */
export interface TermPoint {
  /** The position variable as written ("x", "y", "z1"); local terms use "x" when none is written. */
  readonly variable: string;
  /** Field power at this point, >= 1. */
  readonly power: number;
}

/** One monomial term of ΔS. */
export interface Term {
  /** Coupling monomial: name (as spelled in the action, e.g. "λ", "λ_2", "g3") -> exponent >= 1. Empty for a pure number. */
  readonly couplings: Readonly<Record<string, number>>;
  /** Exact numeric prefactor including sign, e.g. 1/24 for λ/4! f⁴, -1 for -g f³. */
  readonly prefactor: Rational;
  /**
   * Position weight: point variable -> exponent k of that point's position
   * (x^k; for d_in > 1 only even k, meaning |x|^k). Empty for a constant weight.
   */
  readonly weight: Readonly<Record<string, number>>;
  /** The term's points, in the order written. */
  readonly points: readonly TermPoint[];
}

/** A parsed action ΔS. `dimension` is the measure's d written in the text ("d^3x"), or "d_in"/undefined. */
export interface Action {
  readonly terms: readonly Term[];
  readonly dimension?: number | 'd_in';
}
