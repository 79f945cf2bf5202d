/**
 * Diagrams as expressions: coefficient · couplings · ∫ Π_internal d^d y · Π_lines K(a,b)
 * (CONVENTIONS §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4), simplified
 * with nerdamer-prime (repeated propagators collected into powers).
 *
 * nerdamer-prime rejects names such as `λ` or `λNL`, so coupling names are
 * mapped to ASCII symbols c0, c1, … and propagators K(a,b) to symbols KaZb
 * internally, and mapped back after simplification.
 */
import nerdamer from 'nerdamer-prime';
import type { Diagram } from '../diagrams/types.js';

interface Names {
  /** coupling name -> ASCII symbol */
  readonly toAscii: Map<string, string>;
  /** ASCII symbol -> coupling name */
  readonly fromAscii: Map<string, string>;
}

function namesOf(ds: readonly Diagram[]): Names {
  const all = [...new Set(ds.flatMap((d) => Object.keys(d.couplings)))].sort();
  const toAscii = new Map(all.map((c, i) => [c, `c${i}`]));
  return { toAscii, fromAscii: new Map([...toAscii].map(([a, b]) => [b, a])) };
}

/** Internal point id of the form x12 / y3 (the engine's ids); anything else is escaped. */
function pointSym(p: string): string {
  return /^[a-z][0-9]+$/.test(p) ? p : `p${[...p].map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
}

function propagatorSymbol(a: string, b: string): string {
  return `K${pointSym(a)}Z${pointSym(b)}`;
}

/** Internal points (integrated over) of a diagram, in vertex order. */
export function internalPoints(d: Diagram): string[] {
  return d.vertices.flatMap((v) => v.points);
}

function asciiMonomial(d: Diagram, names: Names): string {
  return Object.entries(d.couplings)
    .map(([c, e]) => (e === 1 ? names.toAscii.get(c)! : `${names.toAscii.get(c)!}^${e}`))
    .join('*');
}

function asciiPropagators(d: Diagram): string {
  return d.edges.map(([a, b]) => propagatorSymbol(a, b)).join('*') || '1';
}

function backToNames(s: string, names: Names, pointName: (p: string) => string): string {
  return s
    .replace(/K([a-z][0-9a-f]*)Z([a-z][0-9a-f]*)/g, (_m, a: string, b: string) => `K(${pointName(a)},${pointName(b)})`)
    .replace(/\bc[0-9]+\b/g, (c) => names.fromAscii.get(c) ?? c);
}

/**
 * The diagram as a plain-text expression, e.g.
 * `-24*λ*Int(K(x1,y1)*K(x2,y1)*K(x3,y1)*K(x4,y1), y1)`: coefficient times the
 * coupling monomial times the integral over the internal points of the product
 * of propagators (repeated propagators as powers). No internal point: no `Int`.
 */
export function diagramExpression(d: Diagram): string {
  return expressionWith(d, namesOf([d]));
}

function expressionWith(d: Diagram, names: Names): string {
  const coef = d.coefficient.toString();
  const mono = asciiMonomial(d, names);
  const pre = nerdamer(`(${coef})${mono ? '*' + mono : ''}`).toString();
  const props = nerdamer(asciiPropagators(d)).toString();
  const pts = internalPoints(d);
  const body = pts.length ? `Int(${props}, ${pts.join(', ')})` : props;
  const text = pre === '1' ? body : pre === '-1' ? `-${body}` : `${pre}*${body}`;
  return backToNames(text, names, (p) => p);
}

const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta', ι: 'iota', κ: 'kappa',
  λ: 'lambda', μ: 'mu', ν: 'nu', ξ: 'xi', π: 'pi', ρ: 'rho', σ: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi',
  ψ: 'psi', ω: 'omega', Γ: 'Gamma', Δ: 'Delta', Θ: 'Theta', Λ: 'Lambda', Ξ: 'Xi', Π: 'Pi', Σ: 'Sigma', Φ: 'Phi',
  Ψ: 'Psi', Ω: 'Omega',
};

/** LaTeX of a coupling name: λ → \lambda, λNL → \lambda_{NL}, λ_2 / λ2 → \lambda_{2}, g3 → g_{3}. */
export function couplingLatex(name: string): string {
  const m = /^([A-Za-z]|[^\x00-\x7f])(.*)$/u.exec(name);
  if (!m) return `\\mathrm{${name}}`;
  const head = GREEK[m[1]!] ? `\\${GREEK[m[1]!]}` : m[1]!;
  const rest = m[2]!.replace(/^_/, '');
  if (!rest) return head;
  return `${head}_{${rest.replace(/[{}\\]/g, '')}}`;
}

function pointLatex(p: string): string {
  const m = /^([a-z])([0-9]+)$/.exec(p);
  return m ? `${m[1]}_{${m[2]}}` : `\\mathrm{${p}}`;
}

function diagramLatexWith(d: Diagram, names: Names): string {
  // Coefficient and couplings through nerdamer (exact rationals), propagator powers collected.
  const mono = asciiMonomial(d, names);
  let pre = nerdamer(`(${d.coefficient.toString()})${mono ? '*' + mono : ''}`).toTeX();
  pre = pre.replace(/ \\cdot /g, ' ').replace(/\bc([0-9]+)\b/g, (c) => couplingLatex(names.fromAscii.get(c) ?? c) + ' ');
  pre = pre.replace(/\s+/g, ' ').replace(/ \^/g, '^').replace(/ \}/g, '}').trim();
  if (pre === '1') pre = '';
  else if (pre === '-1') pre = '-';
  let props = nerdamer(asciiPropagators(d)).toTeX();
  props = props.replace(/ \\cdot /g, ' ').replace(/K([a-z][0-9a-f]*)Z([a-z][0-9a-f]*)/g, (_m, a: string, b: string) => `K(${pointLatex(a)},${pointLatex(b)})`);
  if (props === '1') props = '';
  const pts = internalPoints(d);
  const integral = pts.length ? pts.map((p) => `\\int d^{d}${pointLatex(p)}\\,`).join(' ') + ' ' : '';
  return `${pre} ${integral}${props}`.replace(/\s+/g, ' ').trim() || '1';
}

/** LaTeX of one diagram: `-24 \lambda \int d^{d}y_{1}\, K(x_{1},y_{1}) …`. */
export function diagramLatex(d: Diagram): string {
  return diagramLatexWith(d, namesOf([d]));
}

/** LaTeX of the whole series G(n) = Σ diagrams, one term per diagram, in the given order. */
export function seriesLatex(ds: readonly Diagram[]): string {
  if (ds.length === 0) return '0';
  const names = namesOf(ds);
  const n = ds[0]!.externals.length;
  const lhs = `G^{(${n})}(${ds[0]!.externals.map(pointLatex).join(',')})`;
  const terms = ds.map((d) => diagramLatexWith(d, names));
  const body = terms.map((t, i) => (i === 0 ? t : t.startsWith('-') ? `- ${t.slice(1).trim()}` : `+ ${t}`)).join(' \n');
  return `${lhs} = ${body}`;
}

/** The whole series as plain text (sum of {@link diagramExpression}s). */
export function seriesExpression(ds: readonly Diagram[]): string {
  if (ds.length === 0) return '0';
  const names = namesOf(ds);
  return ds.map((d, i) => {
    const t = expressionWith(d, names);
    return i === 0 ? t : t.startsWith('-') ? ` - ${t.slice(1)}` : ` + ${t}`;
  }).join('');
}
