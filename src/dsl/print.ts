/**
 * {@link Action} -> canonical text, the inverse of parseAction:
 * parseAction(printAction(a)) equals a (actionsEqual). CONVENTIONS §5.
 *
 * Term form: [sign][|prefactor| unless 1] couplings (name^e) [∫…∫ for several
 * points] weight (x^k) fields, space separated: "λ f^4", "-g f^3", "1/2 m f^2",
 * "λ2 x^2 f^4", "λNL ∫∫ f(x)^2 f(y)^2". A single point named x prints as "f".
 * Only forms whose integrals and measures match each term's points are printed
 * (the parser refuses the others).
 */
import { Rational } from '../core/rational.js';
import type { Action, Term } from './types.js';

function pow(base: string, k: number): string {
  return k === 1 ? base : `${base}^${k}`;
}

/** Canonical text of one term, with its sign; used as a diagram vertex's `term` label. */
export function printTerm(t: Term): string {
  return termText(t);
}

/**
 * One term. Without `measure` a multi-point term gets one ∫ per point and no
 * measures ("λNL ∫∫ f(x)^2 f(y)^2"). With `measure` ("d^3") every integral gets
 * its measure, except the point `framed` already integrated by an enclosing
 * "∫ d^3x [ … ]": the parser counts integrals and measures per term, frame included.
 */
function termText(t: Term, measure?: string, framed?: string): string {
  const abs = t.prefactor.sign() < 0 ? t.prefactor.neg() : t.prefactor;
  const parts: string[] = [];
  if (!abs.equals(Rational.ONE)) parts.push(abs.toString());
  for (const [name, e] of Object.entries(t.couplings)) parts.push(pow(name, e));
  if (measure === undefined) {
    if (t.points.length > 1) parts.push('∫'.repeat(t.points.length));
  } else {
    const own = t.points.map((p) => p.variable).filter((v) => v !== framed);
    if (own.length) parts.push('∫'.repeat(own.length), ...own.map((v) => measure + v));
  }
  for (const [v, k] of Object.entries(t.weight)) parts.push(pow(v, k));
  const local = t.points.length === 1 && t.points[0]!.variable === 'x';
  for (const p of t.points) parts.push(pow(local ? 'f' : `f(${p.variable})`, p.power));
  return (t.prefactor.sign() < 0 ? '-' : '') + parts.join(' ');
}

/**
 * Canonical text of an action: terms joined by " + " / " - ", "0" when empty.
 * An action that records a dimension is wrapped in "∫ d^{d}x [ … ]" when every
 * term has the point x (other points get their own "∫ d^{d}y"); otherwise each
 * term carries all its integrals and measures ("λ ∫ d^3y f(y)^4").
 */
export function printAction(a: Action): string {
  const d = a.dimension === undefined ? undefined : `d^${a.dimension === 'd_in' ? '{d_in}' : String(a.dimension)}`;
  const frame = d !== undefined && a.terms.every((t) => t.points.some((p) => p.variable === 'x'));
  let body = '';
  a.terms.forEach((t, i) => {
    const s = d === undefined ? termText(t) : termText(t, d, frame ? 'x' : undefined);
    if (i === 0) body = s;
    else body += s.startsWith('-') ? ` - ${s.slice(1)}` : ` + ${s}`;
  });
  if (!body) body = '0';
  return d === undefined || !frame ? body : `∫ ${d}x [ ${body} ]`;
}

function recordsEqual(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

/** Two terms are equal: same couplings and weight (as maps), prefactor, and points in the same order. */
export function termsEqual(a: Term, b: Term): boolean {
  return recordsEqual(a.couplings, b.couplings)
    && recordsEqual(a.weight, b.weight)
    && a.prefactor.equals(b.prefactor)
    && a.points.length === b.points.length
    && a.points.every((p, i) => p.variable === b.points[i]!.variable && p.power === b.points[i]!.power);
}

/** Two actions are equal: same dimension and equal terms in the same order. */
export function actionsEqual(a: Action, b: Action): boolean {
  return a.dimension === b.dimension
    && a.terms.length === b.terms.length
    && a.terms.every((t, i) => termsEqual(t, b.terms[i]!));
}
