/**
 * {@link Action} -> canonical text, the inverse of parseAction:
 * parseAction(printAction(a)) equals a (actionsEqual). CONVENTIONS §5.
 *
 * Term form: [sign][|prefactor| unless 1] couplings (name^e) [∫…∫ for several
 * points] weight (x^k) fields, space separated: "λ f^4", "-g f^3", "1/2 m f^2",
 * "λ2 x^2 f^4", "λNL ∫∫ f(x)^2 f(y)^2". A single point named x prints as "f".
 */
import { Rational } from '../core/rational.js';
import type { Action, Term } from './types.js';

function pow(base: string, k: number): string {
  return k === 1 ? base : `${base}^${k}`;
}

/** Canonical text of one term, with its sign; used as a diagram vertex's `term` label. */
export function printTerm(t: Term): string {
  const abs = t.prefactor.sign() < 0 ? t.prefactor.neg() : t.prefactor;
  const parts: string[] = [];
  if (!abs.equals(Rational.ONE)) parts.push(abs.toString());
  for (const [name, e] of Object.entries(t.couplings)) parts.push(pow(name, e));
  if (t.points.length > 1) parts.push('∫'.repeat(t.points.length));
  for (const [v, k] of Object.entries(t.weight)) parts.push(pow(v, k));
  const local = t.points.length === 1 && t.points[0]!.variable === 'x';
  for (const p of t.points) parts.push(pow(local ? 'f' : `f(${p.variable})`, p.power));
  return (t.prefactor.sign() < 0 ? '-' : '') + parts.join(' ');
}

/**
 * Canonical text of an action: terms joined by " + " / " - ", "0" when empty,
 * wrapped in "∫ d^{d}x [ … ]" when the action records a dimension.
 */
export function printAction(a: Action): string {
  let body = '';
  a.terms.forEach((t, i) => {
    const s = printTerm(t);
    if (i === 0) body = s;
    else body += s.startsWith('-') ? ` - ${s.slice(1)}` : ` + ${s}`;
  });
  if (!body) body = '0';
  if (a.dimension === undefined) return body;
  const d = a.dimension === 'd_in' ? '{d_in}' : String(a.dimension);
  return `∫ d^${d}x [ ${body} ]`;
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
