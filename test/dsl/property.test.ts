/**
 * Property tests: generated Actions survive print -> parse; a randomised writer
 * (independent of printAction) spells the same Action many ways; fuzzing finds
 * no input that crashes or hangs the parser.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAction } from '../../src/dsl/parse.js';
import { actionsEqual, printAction } from '../../src/dsl/print.js';
import { Rational } from '../../src/core/rational.js';
import { DslSyntaxError } from '../../src/core/errors.js';
import type { Action, Term } from '../../src/dsl/types.js';

const NAMES = ['λ', 'κ', 'λ0', 'λ_2', 'λNL', 'Λ', 'α1', 'g', 'g3', 'g_eff', 'm', 'lambda', 'kappa', 'c12'];
const VARS = ['x', 'y', 'z', 'x1', 'y_2', 'z3'];

/** Key of a monomial as the parser merges them: couplings, weight, set of points. */
function monoKey(t: Term): string {
  const s = (r: Readonly<Record<string, number>>) => JSON.stringify(Object.entries(r).sort());
  return s(t.couplings) + s(t.weight) + JSON.stringify(t.points.map((p) => [p.variable, p.power]).sort());
}

const termArb: fc.Arbitrary<Term> = fc
  .record({
    couplings: fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 1, max: 4 })), { maxLength: 3, selector: (c) => c[0] }),
    num: fc.integer({ min: -60, max: 60 }).filter((n) => n !== 0),
    den: fc.integer({ min: 1, max: 40 }),
    points: fc.uniqueArray(fc.tuple(fc.constantFrom(...VARS), fc.integer({ min: 1, max: 8 })), { minLength: 1, maxLength: 4, selector: (p) => p[0] }),
    weightMask: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ couplings, num, den, points, weightMask }) => ({
    couplings: Object.fromEntries(couplings),
    prefactor: Rational.of(num, den),
    weight: Object.fromEntries(points.map((p, i) => [p[0], weightMask[i]!] as const).filter(([, k]) => k > 0)),
    points: points.map(([variable, power]) => ({ variable, power })),
  }));

const actionArb: fc.Arbitrary<Action> = fc
  .record({
    terms: fc.uniqueArray(termArb, { maxLength: 6, selector: monoKey }),
    dimension: fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant('d_in' as const)), { nil: undefined }),
  })
  .map(({ terms, dimension }) => {
    if (dimension === undefined) return { terms };
    // In d > 1 position weights are |x|^k with k even.
    if (typeof dimension === 'number' && dimension > 1) {
      terms = terms.map((t) => ({ ...t, weight: Object.fromEntries(Object.entries(t.weight).map(([v, k]) => [v, 2 * k])) }));
    }
    return { terms, dimension };
  });

// --- an independent, randomised writer ---------------------------------------

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/**
 * integrals: 0 none, 1 "∫…∫" without measures, 2 "∫…∫ dx dy", 3 "int dx int dy"
 * (when the action has a dimension, measures are always written, with it).
 * frame: "S = S_GP + ∫ d^dx [ … ]" around the action when every term has the point x.
 */
type Choice = {
  sup: boolean; mul: string; explicitX: boolean; fracStyle: number; comment: boolean; braces: boolean;
  integrals: number; frame: boolean;
};
const choiceArb: fc.Arbitrary<Choice> = fc.record({
  sup: fc.boolean(), mul: fc.constantFrom(' ', '*', '·', '⋅', ' * '), explicitX: fc.boolean(),
  fracStyle: fc.integer({ min: 0, max: 3 }), comment: fc.boolean(), braces: fc.boolean(),
  integrals: fc.integer({ min: 0, max: 3 }), frame: fc.boolean(),
});

function powText(base: string, k: number, c: Choice): string {
  if (k === 1 && !c.braces) return base;
  if (c.sup) return base + [...String(k)].map((d) => SUP[Number(d)]).join('');
  return c.braces ? `${base}^${'{'}${k}}` : `${base}^${k}`;
}

/** A measure for variable v: "dv" without a dimension, else d^3v, d^{3}v, d³v, d^{d_in}v, d^d v. */
function measureText(v: string, dim: number | 'd_in' | undefined, c: Choice): string {
  if (dim === undefined) return `d${v}`;
  if (dim === 'd_in') return c.braces ? `d^{d_in}${v}` : c.sup ? `d^d ${v}` : `d^d_in ${v}`;
  if (c.sup) return 'd' + [...String(dim)].map((d) => SUP[Number(d)]).join('') + v;
  return c.braces ? `d^{${dim}}${v}` : `d^${dim}${v}`;
}

/** Integrals and measures for the points `vars` (empty string for none). */
function integralText(vars: string[], dim: number | 'd_in' | undefined, c: Choice): string {
  if (!vars.length) return '';
  const style = dim === undefined ? c.integrals : c.integrals === 3 ? 3 : 2;
  if (style === 0) return '';
  if (style === 1) return '∫'.repeat(vars.length);
  if (style === 2) return '∫'.repeat(vars.length) + ' ' + vars.map((v) => measureText(v, dim, c)).join(' ');
  return vars.map((v) => `int ${measureText(v, dim, c)}`).join(' ');
}

function writeTerm(t: Term, c: Choice, ints: string): { sign: string; body: string } {
  const neg = t.prefactor.sign() < 0;
  const abs = neg ? t.prefactor.neg() : t.prefactor;
  const factors: string[] = [];
  for (const [n, e] of Object.entries(t.couplings)) factors.push(powText(n, e, c));
  if (ints) factors.push(ints);
  for (const [v, k] of Object.entries(t.weight)) factors.push(powText(v, k, c));
  for (const p of t.points) factors.push(powText(p.variable === 'x' && t.points.length === 1 && !c.explicitX ? 'f' : `f(${p.variable})`, p.power, c));
  let body = factors.join(c.mul);
  const n = abs.num.toString(), d = abs.den.toString();
  if (c.fracStyle === 0) body = `(${n}/${d})${c.mul}${body}`;
  else if (c.fracStyle === 1) body = `${body}${c.mul}${n}/${d}`;
  else if (c.fracStyle === 2) body = `${n}${c.mul}${body}/${d}`;
  else body = `${n}/${d} ${body}`;
  return { sign: neg ? '-' : '+', body };
}

function writeAction(a: Action, cs: Choice[]): string {
  const c0 = cs[0]!;
  const dim = a.dimension;
  // A frame "∫ d^dx [ … ]" integrates x in every term inside it, so it needs x in every term;
  // a dimension with no term to carry a measure also needs it.
  const frame = a.terms.length === 0 ? dim !== undefined
    : (c0.frame || dim !== undefined && c0.integrals === 0) && a.terms.every((t) => t.points.some((p) => p.variable === 'x'));
  const frameDim = dim ?? 'plain';
  let s = '';
  a.terms.forEach((t, i) => {
    const c = cs[i % cs.length]!;
    const vars = t.points.map((p) => p.variable).filter((v) => !frame || v !== 'x');
    // Inside a frame with a measure, every other point needs its measure too.
    const ints = integralText(vars, dim, frame && c.integrals < 2 ? { ...c, integrals: 2 } : c);
    const { sign, body } = writeTerm(t, c, ints);
    s += (i === 0 ? (sign === '-' ? '- ' : '') : `\n ${sign} `) + body + (c.comment ? ' # note (x) f^4 [' : '');
  });
  if (!s) s = '0';
  if (!frame) return s;
  return `S = S_GP + ∫ ${frameDim === 'plain' ? 'dx' : measureText('x', frameDim, c0)} [\n${s}\n]`;
}

describe('round trip', () => {
  it('parse(print(a)) equals a for generated Actions', () => {
    fc.assert(fc.property(actionArb, (a) => {
      const text = printAction(a);
      const b = parseAction(text);
      if (!actionsEqual(a, b)) throw new Error(`${text}\n${JSON.stringify(b)}`);
    }), { numRuns: 300 });
  });
  it('a randomised writer (other spellings) parses back to the same Action', () => {
    fc.assert(fc.property(actionArb, fc.array(choiceArb, { minLength: 1, maxLength: 4 }), (a, cs) => {
      const text = writeAction(a, cs);
      const b = parseAction(text);
      if (!actionsEqual(a, b)) throw new Error(`${text}\n${JSON.stringify(b)}`);
    }), { numRuns: 300 });
  });
  it('actionsEqual can fail: a changed prefactor, power, order or dimension is seen', () => {
    const a = parseAction('λ f^4 + κ f^6');
    expect(actionsEqual(a, parseAction('λ f^4 + 2κ f^6'))).toBe(false);
    expect(actionsEqual(a, parseAction('λ f^4 + κ f^5'))).toBe(false);
    expect(actionsEqual(a, parseAction('κ f^6 + λ f^4'))).toBe(false);
    expect(actionsEqual(a, parseAction('∫ d^1x [λ f^4 + κ f^6]'))).toBe(false);
    expect(actionsEqual(a, parseAction('λ f^4 + κ x f^6'))).toBe(false);
  });
});

// --- fuzz ------------------------------------------------------------------

const DSL_CHARS = [...'λκαΛΔfgxyzdm0123456789_ ^{}()[]|+-−*·⋅×/!.eE#\n\t∫⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃SGPint=,;$\\\'"'];
const VALID = [
  'λf⁴+κf⁶', 'lambda*f^4 + kappa*f^6', 'S = S_GP + ∫ d^1x [ λ f(x)^4 + κ f(x)^6 ]', 'λ/4! f^4', '(1/2) m f^2',
  '(λ0 + λ2 x^2) f^4', 'λNL ∫∫ dx dy f(x)² f(y)²', '# c\nλ_2 f^4\n - g3 f^3', '∫ d^{d_in}x [ 0.5e1 λ^2 κ |x|^2 f^8 ]',
];

/**
 * Parses; the only exception allowed is DslSyntaxError; a success must round-trip.
 * The time limit is a hang guard, not a performance test (speed is in bench/dsl.bench.mjs):
 * generous, because the machine is shared and CI runs two test files at once.
 */
function parseSafely(text: string, limitMs = 5_000): void {
  const t0 = performance.now();
  try {
    const a = parseAction(text);
    expect(actionsEqual(parseAction(printAction(a)), a)).toBe(true);
  } catch (e) {
    if (!(e instanceof DslSyntaxError)) throw new Error(`${JSON.stringify(text)}: ${String(e)}`);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
  }
  const ms = performance.now() - t0;
  if (ms > limitMs) throw new Error(`${JSON.stringify(text.slice(0, 80))}… took ${ms.toFixed(0)} ms`);
}

describe('fuzz: no crash, no hang', () => {
  it('random strings over the DSL alphabet', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...DSL_CHARS), { maxLength: 60 }).map((a) => a.join('')), (s) => parseSafely(s)), { numRuns: 1500 });
  });
  it('arbitrary Unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => parseSafely(s)), { numRuns: 500 });
  });
  it('mutations of valid actions', () => {
    const edit = fc.tuple(fc.nat(), fc.constantFrom('ins', 'del', 'rep'), fc.constantFrom(...DSL_CHARS));
    fc.assert(fc.property(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 5 }), (v, edits) => {
      const cs = [...v];
      for (const [pos, op, ch] of edits) {
        const i = pos % (cs.length + 1);
        if (op === 'ins') cs.splice(i, 0, ch);
        else if (op === 'del') cs.splice(i, 1);
        else cs[Math.min(i, cs.length - 1)] = ch;
      }
      parseSafely(cs.join(''));
    }), { numRuns: 1500 });
  });
  it('large and adversarial inputs stay fast (the only error is DslSyntaxError)', () => {
    const big = [
      'λ f^4 + '.repeat(1_240) + 'κ f^6',                       // ~10k characters, merges to two terms
      Array.from({ length: 800 }, (_, i) => `g${i} f^${(i % 8) + 1}`).join(' + '), // 800 distinct terms
      '('.repeat(64) + 'f' + ')'.repeat(64),                   // deepest nesting allowed
      '('.repeat(65) + 'f' + ')'.repeat(65),                   // one too deep
      '('.repeat(9_000),                                       // would overflow ohm's stack
      ('(f+'.repeat(60) + 'f' + ')'.repeat(60) + '+').repeat(40) + 'f',
      'λ'.repeat(9_990), 'λ₂'.repeat(4_990), '#'.repeat(9_990), 'f'.repeat(9_990), 'x'.repeat(9_990),
      '9'.repeat(9_000) + ' f', 'f ' + 'x '.repeat(70),
      Array.from({ length: 13 }, (_, i) => `(a${i}+b${i})`).join('') + ' f', // 8192 monomials: refused
      'λ f^4 + '.repeat(20_000),                               // over the length limit
    ];
    for (const s of big) parseSafely(s, 20_000);
  });
});
