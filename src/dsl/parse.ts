/**
 * Action text -> {@link Action}: the ohm-js grammar `grammar/action.ohm` and its
 * semantics. ΔS = Σ terms (CONVENTIONS §5; Halverson, Maiti, Stoner,
 * arXiv:2008.08601 §4, eq. for ΔS = ∫ d^{d_in}x [λ f⁴ + κ f⁶]); each term a monomial
 * prefactor · couplings · weight(x…) · Π_p f(x_p)^{k_p}, the sign in the prefactor.
 *
 * A product is evaluated to a polynomial (a list of monomials) so that
 * `(λ0 + λ2 x^2) f^4` distributes into two terms. Identical monomials (same
 * couplings, weight and set of points) are merged by adding prefactors, zero
 * terms dropped, first-appearance order kept.
 *
 * Spelling: coupling names stay as written (`λ`, `lambda`, `λNL`), except that
 * Unicode subscript digits become `_digits` (`λ₂` -> `λ_2`, `x₁` -> `x_1`), so
 * `λ₂` and `λ_2` are the same coupling.
 *
 * Integrals and measures are optional, but when written they must agree with
 * the term (a mismatch is an error, never a silent reinterpretation): per term
 * after distributing products over sums (so `∫ dx [ … ]` counts for every term
 * inside), the number of ∫ equals the number of distinct points of its fields,
 * and the measures name exactly those points, once each, one per ∫. Every
 * spelling merged into one monomial (`λ f^4 + λ ∫ f^4`) is checked, and so is a
 * term that cancels (`λ f^4 - λ ∫∫ f^4` is an error, not an empty action).
 */
import * as ohm from 'ohm-js';
import type { ActionGrammar, ActionSemantics } from '../../grammar/action.ohm-bundle.js';
import { DslSyntaxError } from '../core/errors.js';
import { loadActionGrammar } from './grammar-source.js';
import { Rational, factorial } from '../core/rational.js';
import type { Action, Term, TermPoint } from './types.js';

export { termPointSymmetries, termSymmetry } from './symmetry.js';

/**
 * Longest action text accepted (UTF-16 units); longer text raises DslSyntaxError.
 * ohm's packrat parser needs ~10-50 µs per character here, so this bounds a parse
 * to well under a second; real actions are a few hundred characters.
 */
export const MAX_ACTION_LENGTH = 10_000;
/** Deepest nesting of ( ) and [ ] accepted. */
export const MAX_NESTING = 64;
/** Largest power of a field, coupling or position accepted. */
export const MAX_POWER = 64;
/** Most monomials a product may expand to before we refuse it. */
export const MAX_MONOMIALS = 4096;
/** Most different integral/measure spellings that may merge into one term. */
const MAX_SPELLINGS = 64;
/** Largest n accepted in n!. */
const MAX_FACTORIAL = 1000;
/** Largest |exponent| accepted in a number like 1e-3. */
const MAX_EXPONENT = 1000;

// Typed by the generated grammar/action.ohm-bundle.d.ts (`npm run grammar`; a test
// fails when it is stale), so each semantic action's arity is checked against the grammar.
const GRAMMAR = loadActionGrammar() as ActionGrammar;

// ---------------------------------------------------------------------------
// Monomials

interface Mono {
  readonly coef: Rational;
  readonly couplings: ReadonlyMap<string, number>;
  /** variable -> exponent, with the offset of the first token naming it. */
  readonly weight: ReadonlyMap<string, { k: number; at: number }>;
  /** variable -> field power, in order of first appearance. */
  readonly fields: ReadonlyMap<string, number>;
  /**
   * The integrals and measures written for this monomial: one entry per distinct
   * spelling merged into it (deduplicated by {@link spellingKey}); each is checked
   * against the term at the end, when the monomial is complete.
   */
  readonly spellings: readonly Spelling[];
  /** Offset of the product that produced it. */
  readonly at: number;
}

/** Integral signs (their offsets) and measures (variable, offset) written for one monomial. */
interface Spelling {
  readonly integrals: readonly number[];
  readonly measures: readonly { readonly variable: string; readonly at: number }[];
}

const NOTHING_WRITTEN: Spelling = { integrals: [], measures: [] };

/** Spellings that check the same way: number of ∫ and the multiset of measure variables. */
function spellingKey(s: Spelling): string {
  return `${s.integrals.length}|${s.measures.map((m) => m.variable).sort().join(',')}`;
}

/** Union of spelling lists, first occurrence kept (its offsets are the ones reported). */
function addSpellings(ctx: Ctx, at: number, into: Spelling[], seen: Set<string>, more: Iterable<Spelling>): void {
  for (const sp of more) {
    const k = spellingKey(sp);
    if (seen.has(k)) continue;
    if (into.length >= MAX_SPELLINGS) {
      throw errAt(ctx, at, `more than ${MAX_SPELLINGS} different integral/measure spellings of one term`);
    }
    seen.add(k);
    into.push(sp);
  }
}

type Poly = Mono[];

function mono(at: number, parts: Partial<Omit<Mono, 'at'>> = {}): Mono {
  return {
    coef: parts.coef ?? Rational.ONE,
    couplings: parts.couplings ?? new Map(),
    weight: parts.weight ?? new Map(),
    fields: parts.fields ?? new Map(),
    spellings: parts.spellings ?? [NOTHING_WRITTEN],
    at,
  };
}

/** Parsing context threaded through the semantics: the source for positions. */
interface Ctx { readonly text: string }

function errAt(ctx: Ctx, offset: number, message: string, expected: string[] = []): DslSyntaxError {
  const { line, column } = lineColumn(ctx.text, offset);
  return new DslSyntaxError(message, line, column, expected);
}

/** 1-based line and column (in code points) of a UTF-16 offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lastNl = before.lastIndexOf('\n');
  let line = 1;
  for (let i = 0; i < before.length; i++) if (before.charCodeAt(i) === 10) line++;
  const column = Array.from(before.slice(lastNl + 1)).length + 1;
  return { line, column };
}

function addPow<K>(ctx: Ctx, at: number, m: Map<K, number>, key: K, k: number, what: string): void {
  const v = (m.get(key) ?? 0) + k;
  if (v > MAX_POWER) throw errAt(ctx, at, `${what} power ${v} exceeds the limit of ${MAX_POWER}`);
  m.set(key, v);
}

function mulMono(ctx: Ctx, at: number, a: Mono, b: Mono): Mono {
  const couplings = new Map(a.couplings);
  for (const [k, e] of b.couplings) addPow(ctx, at, couplings, k, e, `coupling ${k}`);
  const fields = new Map(a.fields);
  for (const [k, e] of b.fields) addPow(ctx, at, fields, k, e, `field f(${k})`);
  const weight = new Map(a.weight);
  for (const [k, w] of b.weight) {
    const old = weight.get(k);
    const v = (old?.k ?? 0) + w.k;
    if (v > MAX_POWER) throw errAt(ctx, at, `position power ${k}^${v} exceeds the limit of ${MAX_POWER}`);
    weight.set(k, { k: v, at: old?.at ?? w.at });
  }
  const spellings: Spelling[] = [];
  const seen = new Set<string>();
  for (const sa of a.spellings) {
    addSpellings(ctx, at, spellings, seen, b.spellings.map((sb) => (
      sb === NOTHING_WRITTEN ? sa : sa === NOTHING_WRITTEN ? sb
        : { integrals: [...sa.integrals, ...sb.integrals], measures: [...sa.measures, ...sb.measures] })));
  }
  return { coef: a.coef.mul(b.coef), couplings, fields, weight, spellings, at: a.at };
}

function mulPoly(ctx: Ctx, at: number, a: Poly, b: Poly): Poly {
  if (a.length * b.length > MAX_MONOMIALS) {
    throw errAt(ctx, at, `the product expands to more than ${MAX_MONOMIALS} terms`);
  }
  const out: Mono[] = [];
  for (const x of a) for (const y of b) out.push(mulMono(ctx, at, x, y));
  return merge(ctx, out);
}

function key(m: Mono): string {
  const sorted = <V>(e: Iterable<[string, V]>, f: (v: V) => number) =>
    [...e].map(([k, v]) => [k, f(v)] as const).sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  return JSON.stringify([
    sorted(m.couplings, (v) => v),
    sorted(m.weight, (v) => v.k),
    sorted(m.fields, (v) => v),
  ]);
}

/**
 * Adds up identical monomials (first appearance wins the place) and unites their
 * spellings. Zeros are kept (their spellings are still checked); parseAction
 * drops them at the end.
 */
function merge(ctx: Ctx, p: Poly): Poly {
  const byKey = new Map<string, Mono>();
  for (const m of p) {
    const k = key(m);
    const old = byKey.get(k);
    if (!old) { byKey.set(k, m); continue; }
    let spellings = old.spellings;
    if (m.spellings !== old.spellings) {
      const list = [...old.spellings];
      addSpellings(ctx, m.at, list, new Set(list.map(spellingKey)), m.spellings);
      spellings = list;
    }
    byKey.set(k, { ...old, coef: old.coef.add(m.coef), spellings });
  }
  return [...byKey.values()];
}

function scale(p: Poly, c: Rational): Poly {
  return p.map((m) => ({ ...m, coef: m.coef.mul(c) }));
}

// ---------------------------------------------------------------------------
// Tokens

const SUP: Record<string, string> = {
  '\u2070': '0', '\u00B9': '1', '\u00B2': '2', '\u00B3': '3', '\u2074': '4',
  '\u2075': '5', '\u2076': '6', '\u2077': '7', '\u2078': '8', '\u2079': '9',
};

/** Unicode subscript digits -> "_digits" (λ₂ -> λ_2). */
function normaliseName(s: string): string {
  return s.replace(/[\u2080-\u2089]+/g, (m) => '_' + [...m].map((c) => String(c.charCodeAt(0) - 0x2080)).join(''));
}

function parseDecimal(ctx: Ctx, at: number, s: string): Rational {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) throw errAt(ctx, at, `not a number: ${s}`);
  const intPart = m[1] ?? '', frac = m[2] ?? '';
  const exp = m[3] ? Number(m[3]) : 0;
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_EXPONENT) {
    throw errAt(ctx, at, `number exponent out of range (|e| <= ${MAX_EXPONENT})`);
  }
  const num = BigInt((intPart + frac) || '0');
  const shift = exp - frac.length;
  return shift >= 0 ? Rational.of(num * 10n ** BigInt(shift)) : Rational.of(num, 10n ** BigInt(-shift));
}

function positiveInt(ctx: Ctx, at: number, digits: string, what: string): number {
  const v = Number(digits);
  if (v === 0) throw errAt(ctx, at, `${what} 0 is not allowed (powers are positive integers)`, ['a positive integer']);
  if (!(v <= MAX_POWER)) throw errAt(ctx, at, `${what} ${digits} exceeds the limit of ${MAX_POWER}`);
  return v;
}

// ---------------------------------------------------------------------------
// Semantics

/** Result of evaluating one node: a polynomial, or a plain value for tokens. */
type Dim = { dim: number | 'd_in'; at: number };

function makeSemantics(): ActionSemantics {
  const s = GRAMMAR.createSemantics();
  // Every operation receives the context as an argument.
  s.addOperation<unknown>('poly(ctx)', {
    Main(header, sum, _end) {
      const p = sum['poly'](this.args['ctx']) as Poly;
      // "S = S_GP - …" negates the whole sum (the header's source ends at its sign).
      const h = header.sourceString;
      return h.endsWith('-') || h.endsWith('−') ? scale(p, Rational.of(-1n)) : p;
    },
    Sum(sign, first, ops, rest) {
      const ctx = this.args['ctx'] as Ctx;
      let out: Mono[] = first['poly'](ctx) as Poly;
      if (sign.numChildren > 0 && sign.children[0]!.sourceString !== '+') out = scale(out, Rational.of(-1n));
      for (let i = 0; i < ops.numChildren; i++) {
        const neg = ops.children[i]!.sourceString !== '+';
        const p = rest.children[i]!['poly'](ctx) as Poly;
        out.push(...(neg ? scale(p, Rational.of(-1n)) : p));
        // Merge now and then so that a long sum of like terms stays small.
        if (out.length > 2 * MAX_MONOMIALS) {
          out = merge(ctx, out);
          if (out.length > MAX_MONOMIALS) throw errAt(ctx, rest.children[i]!.source.startIdx, `more than ${MAX_MONOMIALS} terms`);
        }
      }
      out = merge(ctx, out);
      if (out.length > MAX_MONOMIALS) throw errAt(ctx, this.source.startIdx, `more than ${MAX_MONOMIALS} terms`);
      return out;
    },
    Product(first, ops) {
      const ctx = this.args['ctx'] as Ctx;
      // Each monomial of a product remembers where its product starts.
      const at = this.source.startIdx;
      // An integral sign closing a product integrates nothing ("λ f^4 ∫"): it must precede what it integrates.
      // (A measure may close it: "∫ λ f(x)^4 dx" is the usual notation.)
      if (ops.numChildren > 0) {
        const lastOp = ops.children[ops.numChildren - 1]!.children[0]!;
        const last = lastOp.children[lastOp.numChildren - 1]!;
        if (last.children[0]?.ctorName === 'Factor_integral') {
          throw errAt(ctx, last.source.startIdx, 'an integral sign at the end of a product integrates nothing: write it before the fields (∫ λ f(x)^4 dx)');
        }
      }
      let out = (first['poly'](ctx) as Poly).map((m) => ({ ...m, at }));
      for (const op of ops.children) {
        const opNode = op.children[0]!;
        if (op.ctorName === 'ProdOp' && opNode.ctorName === 'ProdOp_div') {
          const divisor = opNode.children[1]!;
          const d = divisor['poly'](ctx) as Poly;
          const dm = d[0];
          if (d.length !== 1 || !dm || dm.couplings.size || dm.fields.size || dm.weight.size
            || dm.spellings.some((sp) => sp !== NOTHING_WRITTEN)) {
            throw errAt(ctx, divisor.source.startIdx, 'can only divide by a number', ['a number']);
          }
          if (dm.coef.isZero()) throw errAt(ctx, divisor.source.startIdx, 'division by zero');
          out = scale(out, dm.coef.inverse());
        } else {
          const f = opNode.children[1]!;
          out = mulPoly(ctx, f.source.startIdx, out, f['poly'](ctx) as Poly);
        }
      }
      return out;
    },
    Factor_integral(_i) {
      const at = this.source.startIdx;
      return [mono(at, { spellings: [{ integrals: [at], measures: [] }] })];
    },
    Factor_measure(m) {
      const at = this.source.startIdx;
      // The variable is the last child of every measure alternative (dx, d^3x, d³x).
      const alt = m.children[0]!;
      const v = alt.children[alt.numChildren - 1]!;
      return [mono(at, { spellings: [{ integrals: [], measures: [{ variable: normaliseName(v.sourceString), at }] }] })];
    },
    Factor_field(f) { return f['poly'](this.args['ctx']); },
    Factor_weight(w) { return w['poly'](this.args['ctx']); },
    Factor_number(n) { return n['poly'](this.args['ctx']); },
    Factor_coupling(c) { return c['poly'](this.args['ctx']); },
    Factor_paren(_o, sum, _c) { return sum['poly'](this.args['ctx']); },
    Factor_bracket(_o, sum, _c) { return sum['poly'](this.args['ctx']); },
    Field(_f, arg, power) {
      const ctx = this.args['ctx'] as Ctx;
      let variable = 'x';
      if (arg.numChildren) {
        const v = arg.children[0]!.children[1]!;
        variable = normaliseName(v.sourceString);
        if (!/^[xyz](?:\d+|_\d+)?$/.test(variable)) {
          throw errAt(ctx, v.source.startIdx, `f(${v.sourceString}): a point is x, y or z, optionally with digits (x1, y_2)`, ['a position variable']);
        }
      }
      const k = power.numChildren ? (power.children[0]!['power'](ctx) as number) : 1;
      return [mono(this.source.startIdx, { fields: new Map([[variable, k]]) })];
    },
    Weight_plain(v, power) { return weightPoly(this.args['ctx'] as Ctx, this.source.startIdx, v.sourceString, power); },
    Weight_abs(_a, v, _b, power) { return weightPoly(this.args['ctx'] as Ctx, this.source.startIdx, v.sourceString, power); },
    Num(n, bang) {
      const ctx = this.args['ctx'] as Ctx;
      const at = this.source.startIdx;
      let value = parseDecimal(ctx, at, n.sourceString);
      if (bang.numChildren) {
        if (!value.isInteger() || value.sign() < 0 || value.num > BigInt(MAX_FACTORIAL)) {
          throw errAt(ctx, at, `factorial needs an integer from 0 to ${MAX_FACTORIAL}`);
        }
        value = Rational.of(factorial(Number(value.num)));
      }
      return [mono(at, { coef: value })];
    },
    Coupling(name, power) {
      const ctx = this.args['ctx'] as Ctx;
      const k = power.numChildren ? (power.children[0]!['power'](ctx) as number) : 1;
      return [mono(this.source.startIdx, { couplings: new Map([[normaliseName(name.sourceString), k]]) })];
    },
  });
  s.addOperation<number>('power(ctx)', {
    Power_caret(_c, n) { return positiveInt(this.args['ctx'] as Ctx, n.source.startIdx, n.sourceString, 'power'); },
    Power_braced(_c, _o, n, _e) { return positiveInt(this.args['ctx'] as Ctx, n.source.startIdx, n.sourceString, 'power'); },
    Power_sup(ds) {
      const digits = [...ds.sourceString].map((c) => SUP[c] ?? '').join('');
      return positiveInt(this.args['ctx'] as Ctx, this.source.startIdx, digits, 'power');
    },
  });
  // Dimensions written in measures (d^3x, d³x, d^{d_in}x), in order.
  s.addOperation<Dim[]>('dims', {
    _nonterminal(...children) { return children.flatMap((c) => c['dims']() as Dim[]); },
    _iter(...children) { return children.flatMap((c) => c['dims']() as Dim[]); },
    _terminal() { return []; },
    measure_caret(_d, _c, spec, _s, _v) {
      const inner = spec.sourceString.replace(/[{}\s]/g, '');
      const dim: number | 'd_in' = /^\d+$/.test(inner) ? Number(inner) : 'd_in';
      return [{ dim, at: this.source.startIdx }];
    },
    measure_sup(_d, ds, _v) {
      return [{ dim: Number([...ds.sourceString].map((c) => SUP[c] ?? '').join('')), at: this.source.startIdx }];
    },
    measure_plain(_d, _v) { return []; },
  });
  return s;

  function weightPoly(ctx: Ctx, at: number, name: string, power: ohm.Node): Poly {
    const k = power.numChildren ? (power.children[0]!['power'](ctx) as number) : 1;
    return [mono(at, { weight: new Map([[normaliseName(name), { k, at }]]) })];
  }
}

const SEMANTICS = makeSemantics();

// ---------------------------------------------------------------------------
// Entry point

/** C0 controls except tab, newline and carriage return; DEL; C1 controls. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Checks the input's size, control characters and bracket nesting before ohm sees it (ohm recurses per level). */

function precheck(text: string): void {
  const ctx = { text };
  if (text.length > MAX_ACTION_LENGTH) {
    throw errAt(ctx, MAX_ACTION_LENGTH, `action text longer than ${MAX_ACTION_LENGTH} characters`);
  }
  let depth = 0;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    // ohm's default `space` is every code point up to U+0020, so a stray control character
    // (a pasted BEL, ESC, NUL) would be skipped silently: name it at its column instead.
    if (CONTROL.test(c)) throw errAt(ctx, i, `control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in the action`, ['a visible character, space, tab or newline']);
    if (inComment) { if (c === '\n') inComment = false; continue; }
    if (c === '#') inComment = true;
    else if (c === '(' || c === '[' || c === '{') {
      if (++depth > MAX_NESTING) throw errAt(ctx, i, `brackets nested deeper than ${MAX_NESTING}`);
    } else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
}

function expectedList(m: ohm.MatchResult): string[] {
  const r = m as unknown as { getRightmostFailures?: () => { isFluffy(): boolean; toString(): string }[] };
  if (typeof r.getRightmostFailures === 'function') {
    const list = r.getRightmostFailures().filter((f) => !f.isFluffy()).map((f) => f.toString());
    if (list.length) return [...new Set(list)];
  }
  return [(m as ohm.FailedMatchResult).getExpectedText()];
}

/**
 * Parses action text (see grammar/action.ohm) into an {@link Action}.
 *
 * @throws DslSyntaxError with 1-based line/column and the expected tokens for
 *   every bad input: syntax, zero or too-large powers, a term without a field,
 *   a position weight on a variable that is not one of the term's points,
 *   integrals or measures that do not match the term's points (module doc),
 *   division by a non-number, conflicting measure dimensions, oversize input.
 */
export function parseAction(text: string): Action {
  if (typeof text !== 'string') throw new DslSyntaxError('action text must be a string', 1, 1);
  precheck(text);
  const ctx: Ctx = { text };
  const m = GRAMMAR.match(text);
  if (m.failed()) {
    const expected = expectedList(m);
    throw errAt(ctx, (m as ohm.FailedMatchResult).getRightmostFailurePosition(), `expected ${expected.join(', ')}`, expected);
  }
  const node = SEMANTICS(m);
  const poly = node['poly'](ctx) as Poly;

  let dimension: number | 'd_in' | undefined;
  for (const d of node['dims']() as Dim[]) {
    if (typeof d.dim === 'number' && !(d.dim <= 1_000_000)) throw errAt(ctx, d.at, 'measure dimension too large');
    if (dimension === undefined) dimension = d.dim;
    else if (dimension !== d.dim) throw errAt(ctx, d.at, `measure dimension ${d.dim} conflicts with ${dimension}`);
  }

  // A monomial without fields can only be a cancelled constant (a non-zero one is
  // refused by toTerm), e.g. the "0" of "∫ d^3x [ 0 ]": nothing to integrate.
  for (const mo of poly) if (mo.fields.size) for (const sp of mo.spellings) checkSpelling(ctx, mo, sp);
  const terms: Term[] = poly.filter((mo) => !mo.coef.isZero()).map((mo) => toTerm(ctx, mo, dimension));
  return dimension === undefined ? { terms } : { terms, dimension };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Integrals and measures written for a term must match its points (module doc):
 * the number of ∫ is the number of points, the measures name each point once.
 * Errors point at the first surplus ∫ (or the first ∫ when some are missing) and
 * at the offending measure.
 */
function checkSpelling(ctx: Ctx, m: Mono, sp: Spelling): void {
  const points = [...m.fields.keys()];
  const depends = `the term's fields depend on ${plural(points.length, 'point')} (${points.join(', ')})`;
  const integrals = [...sp.integrals].sort((a, b) => a - b);
  if (integrals.length > 0 && integrals.length !== points.length) {
    const at = integrals.length > points.length ? integrals[points.length]! : integrals[0]!;
    // The usual slip: "∫ dx [ … λNL ∫∫ f(x)² f(y)² ]", the outer ∫ counted twice.
    const framed = /[[(]/.test(ctx.text.slice(integrals[0]!, integrals[integrals.length - 1]!));
    const hint = framed ? ' (an integral before [ … ] or ( … ) counts for every term inside)' : '';
    throw errAt(ctx, at, `${plural(integrals.length, 'integral')} but ${depends}${hint}`);
  }
  if (sp.measures.length === 0) return;
  const measures = [...sp.measures].sort((a, b) => a.at - b.at);
  const named = new Set<string>();
  for (const { variable, at } of measures) {
    if (!m.fields.has(variable)) throw errAt(ctx, at, `measure d${variable}, but no field of the term depends on ${variable}: ${depends}`);
    if (named.has(variable)) throw errAt(ctx, at, `measure d${variable} written twice for one term`);
    named.add(variable);
  }
  const missing = points.filter((p) => !named.has(p));
  if (missing.length) {
    throw errAt(ctx, measures[0]!.at, `${plural(measures.length, 'measure')} (${measures.map((x) => 'd' + x.variable).join(' ')}) but ${depends}: no ${missing.map((p) => 'd' + p).join(', ')}`);
  }
  if (integrals.length === 0) {
    throw errAt(ctx, measures[0]!.at, `measure d${measures[0]!.variable} without an integral sign ∫`, ['∫']);
  }
}

function toTerm(ctx: Ctx, m: Mono, dimension: number | 'd_in' | undefined): Term {
  if (m.fields.size === 0) throw errAt(ctx, m.at, 'a term needs at least one field f (a Latin name runs to the next space or *: write "g f^4", not "gf^4")', ['the field f']);
  for (const [v, w] of m.weight) {
    if (!m.fields.has(v)) throw errAt(ctx, w.at, `position ${v} is not a point this term integrates over (no f(${v}))`);
    // In d > 1 a weight x^k means |x|^k, a scalar only for even k (types.ts).
    if (typeof dimension === 'number' && dimension > 1 && w.k % 2 !== 0) {
      throw errAt(ctx, w.at, `odd position power ${v}^${w.k} in ${dimension} dimensions (|x|^k needs even k)`);
    }
  }
  const points: TermPoint[] = [...m.fields].map(([variable, power]) => ({ variable, power }));
  return {
    couplings: Object.fromEntries(m.couplings),
    prefactor: m.coef,
    weight: Object.fromEntries([...m.weight].map(([v, w]) => [v, w.k])),
    points,
  };
}
