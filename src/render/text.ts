/**
 * Text helpers shared by the SVG and TikZ renderers: XML escaping, stable
 * number formatting (so golden files do not move with float noise), and the
 * display of exact coefficients and coupling monomials (CONVENTIONS §5).
 */
import { Rational } from '../core/rational.js';
import { InvalidArgumentError } from '../core/errors.js';

/** Escapes text for XML character data and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // XML 1.0 forbids most C0 controls even as references: drop them.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/**
 * A coordinate rounded to `digits` decimals, without trailing zeros and never
 * "-0": the same geometry gives the same bytes.
 */
export function fmt(v: number, digits = 2): string {
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`non-finite coordinate ${v}`);
  const s = v.toFixed(digits);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

/** Builds ` a="b" c="d"` from an attribute record (undefined values skipped, numbers formatted). */
export function attrs(a: Readonly<Record<string, string | number | undefined>>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? fmt(v) : escapeXml(v)}"`;
  }
  return out;
}

/** A Unicode minus, as typeset mathematics uses. */
export const MINUS = '\u2212';

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹', '-': '⁻',
};

/** Integer written with Unicode superscript digits ("²", "⁻³"). */
export function superscript(k: number): string {
  return String(k).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
}

/** "λ", "λ κ²": the monomial in a stable order (names sorted), exponents as superscripts. */
export function monomialText(couplings: Readonly<Record<string, number>>): string {
  return Object.keys(couplings)
    .sort()
    .filter((k) => couplings[k] !== 0)
    .map((k) => (couplings[k] === 1 ? k : k + superscript(couplings[k]!)))
    .join(' ');
}

/** "−24 λ", "λ", "−λ", "1/2 λ²", "1": coefficient times monomial, Unicode minus. */
export function coefficientText(coefficient: Rational, couplings: Readonly<Record<string, number>>): string {
  const mono = monomialText(couplings);
  const neg = coefficient.sign() < 0;
  const abs = neg ? coefficient.neg() : coefficient;
  const num = abs.equals(Rational.ONE) && mono ? '' : abs.toString();
  const body = [num, mono].filter((s) => s !== '').join(' ');
  return (neg ? MINUS : '') + body;
}

const GREEK_TEX: Readonly<Record<string, string>> = {
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\epsilon', ζ: '\\zeta', η: '\\eta', θ: '\\theta',
  ι: '\\iota', κ: '\\kappa', λ: '\\lambda', μ: '\\mu', ν: '\\nu', ξ: '\\xi', π: '\\pi', ρ: '\\rho', σ: '\\sigma',
  τ: '\\tau', υ: '\\upsilon', φ: '\\phi', χ: '\\chi', ψ: '\\psi', ω: '\\omega', Λ: '\\Lambda', Δ: '\\Delta',
  Γ: '\\Gamma', Σ: '\\Sigma', Φ: '\\Phi', Ω: '\\Omega',
};

/** Escapes the LaTeX specials of plain text. */
export function escapeTex(text: string): string {
  return text.replace(/[\\{}$&#^_%~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '^' ? '\\^{}' : c === '~' ? '\\~{}' : '\\' + c,
  );
}

/**
 * A coupling or point name in LaTeX math: a leading letter (Greek letters become
 * commands), the rest as a subscript: "λ" -> \lambda, "λ_2" -> \lambda_{2},
 * "λNL" -> \lambda_{\mathrm{NL}}, "x1" -> x_{1}.
 */
export function nameTex(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  const head = GREEK_TEX[chars[0]!] ?? (/^[A-Za-z]$/.test(chars[0]!) ? chars[0]! : `\\text{${escapeTex(chars[0]!)}}`);
  let rest = chars.slice(1).join('').replace(/^_/, '');
  if (rest === '') return head;
  rest = Array.from(rest).map((c) => GREEK_TEX[c] ? GREEK_TEX[c] + ' ' : c).join('').trim();
  const sub = /^[0-9]+$/.test(rest) ? rest : /^[A-Za-z]+$/.test(rest) ? `\\mathrm{${rest}}` : `\\text{${escapeTex(rest)}}`;
  return `${head}_{${sub}}`;
}

/** Coefficient times monomial in LaTeX math: "-24\,\lambda", "\frac{1}{2}\,\lambda^{2}\kappa". */
export function coefficientTex(coefficient: Rational, couplings: Readonly<Record<string, number>>): string {
  const names = Object.keys(couplings).sort().filter((k) => couplings[k] !== 0);
  const mono = names.map((k) => (couplings[k] === 1 ? nameTex(k) : `${nameTex(k)}^{${couplings[k]}}`)).join('\\,');
  const neg = coefficient.sign() < 0;
  const abs = neg ? coefficient.neg() : coefficient;
  const num = abs.equals(Rational.ONE) && mono ? '' : abs.isInteger() ? abs.toString() : `\\frac{${abs.num}}{${abs.den}}`;
  return (neg ? '-' : '') + [num, mono].filter((s) => s !== '').join('\\,');
}
