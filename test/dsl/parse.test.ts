import { describe, expect, it } from 'vitest';
import { parseAction, lineColumn } from '../../src/dsl/parse.js';
import { actionsEqual, printAction, printTerm } from '../../src/dsl/print.js';
import { Rational } from '../../src/core/rational.js';
import { DslSyntaxError } from '../../src/core/errors.js';
import type { Action, Term } from '../../src/dsl/types.js';

/** A term written out from the definitions: prefactor p/q, couplings, weight, points. */
function T(prefactor: string, couplings: Record<string, number>, points: [string, number][], weight: Record<string, number> = {}): Term {
  return { prefactor: Rational.parse(prefactor), couplings, weight, points: points.map(([variable, power]) => ({ variable, power })) };
}
function A(terms: readonly Term[], dimension?: number | 'd_in'): Action {
  return dimension === undefined ? { terms } : { terms, dimension };
}
function expectAction(text: string, want: Action): void {
  const got = parseAction(text);
  if (!actionsEqual(got, want)) {
    throw new Error(`${JSON.stringify(text)}\n got  ${JSON.stringify(got)}\n want ${JSON.stringify(want)}`);
  }
}
/** The DslSyntaxError thrown by parsing `text` (fails the test if none is). */
function syntaxError(text: string): DslSyntaxError {
  try {
    parseAction(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DslSyntaxError);
    return e as DslSyntaxError;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

const LK = A([T('1', { λ: 1 }, [['x', 4]]), T('1', { κ: 1 }, [['x', 6]])]);

describe('parseAction: the issue examples', () => {
  it('λf⁴+κf⁶ in Unicode, ASCII and mixed spellings', () => {
    expectAction('λf⁴+κf⁶', LK);
    expectAction('λ f(x)^4 + κ f(x)^6', LK);
    expectAction('λ·f^4 + κ⋅f⁶', LK);
    expectAction('lambda*f^4 + kappa*f^6', A([T('1', { lambda: 1 }, [['x', 4]]), T('1', { kappa: 1 }, [['x', 6]])]));
  });
  it('the S = S_GP + ∫ d^dx [ … ] frame is optional and records the dimension', () => {
    expectAction('S = S_GP + ∫ d^1x [ λ f(x)^4 + κ f(x)^6 ]', A(LK.terms, 1));
    expectAction('∫ d^3x [ λ f(x)^4 + κ f(x)^6 ]', A(LK.terms, 3));
    expectAction('∫ d³x [ λ f(x)^4 + κ f(x)^6 ]', A(LK.terms, 3));
    expectAction('∫ d^d_in x [ λ f^4 + κ f^6 ]', A(LK.terms, 'd_in'));
    expectAction('∫ d^{d_in}x [ λ f^4 + κ f^6 ]', A(LK.terms, 'd_in'));
    expectAction('∫ d^dx [ λ f^4 + κ f^6 ]', A(LK.terms, 'd_in'));
    expectAction('∫ dx [ λ f^4 + κ f^6 ]', LK);
    expectAction('[ λ f^4 + κ f^6 ]', LK);
    expectAction('ΔS = λ f^4 + κ f^6', LK);
    expectAction('S_GP + λ f^4 + κ f^6', LK);
    expectAction('S = λ f^4 + κ f^6', LK);
    expectAction('S = S_GP - ∫ d^1x [ λ f^4 + κ f^6 ]', A([T('-1', { λ: 1 }, [['x', 4]]), T('-1', { κ: 1 }, [['x', 6]])], 1));
    expectAction('int d^1x [ λ f^4 + κ f^6 ]', A(LK.terms, 1));
    expectAction('∫ d^1x [ g x f^4 ]', A([T('1', { g: 1 }, [['x', 4]], { x: 1 })], 1));
    expectAction('∫ d^3x [ g x^2 f^4 ]', A([T('1', { g: 1 }, [['x', 4]], { x: 2 })], 3));
  });
  it('numeric prefactors and normalisations are exact', () => {
    const l4 = (p: string) => A([T(p, { λ: 1 }, [['x', 4]])]);
    expectAction('λ/4! f^4', l4('1/24'));
    expectAction('λ*f^4/24', l4('1/24'));
    expectAction('λ/(4!) f^4', l4('1/24'));
    expectAction('3λ f^4', l4('3'));
    expectAction('1e-3 λ f^4', l4('1/1000'));
    expectAction('2.5e2 λ f^4', l4('250'));
    expectAction('-g f^3', A([T('-1', { g: 1 }, [['x', 3]])]));
    expectAction('− g f^3', A([T('-1', { g: 1 }, [['x', 3]])]));
    const m = A([T('1/2', { m: 1 }, [['x', 2]])]);
    expectAction('(1/2) m f^2', m);
    expectAction('0.5 m f^2', m);
    expectAction('1/2 m f^2', m);
    expectAction('m f^2 / 2', m);
    expectAction('0.125 f^2', A([T('1/8', {}, [['x', 2]])]));
  });
  it('position-dependent couplings expand into terms with weights', () => {
    const want = A([T('1', { λ0: 1 }, [['x', 4]]), T('1', { λ2: 1 }, [['x', 4]], { x: 2 })]);
    expectAction('(λ0 + λ2 x^2) f^4', want);
    expectAction('λ0 f^4 + λ2 x² f⁴', want);
    expectAction('λ2 x² f⁴', A([want.terms[1]!]));
    expectAction('λ2 |x|^2 f^4', A([want.terms[1]!]));
    expectAction('(λ0 - λ2 x^2)/2 f^4', A([T('1/2', { λ0: 1 }, [['x', 4]]), T('-1/2', { λ2: 1 }, [['x', 4]], { x: 2 })]));
  });
  it('multi-local terms: one point per variable, each with its power', () => {
    const nl = A([T('1', { λNL: 1 }, [['x', 2], ['y', 2]])]);
    expectAction('λNL ∫∫ f(x)^2 f(y)^2', nl);
    expectAction('λNL ∫∫ dx dy f(x)² f(y)²', nl);
    expectAction('λNL int int dx dy f(x)^2 f(y)^2', nl);
    expectAction('g ∫∫∫ f(x) f(y)^3 f(z1)^2 y^2', A([T('1', { g: 1 }, [['x', 1], ['y', 3], ['z1', 2]], { y: 2 })]));
    expectAction('g f(x) f(x)^3', A([T('1', { g: 1 }, [['x', 4]])]));
  });
  it('coupling names: Greek and Latin with digits, subscripts, capitals; powers; products', () => {
    const one = (name: string, e = 1, k = 4) => A([T('1', { [name]: e }, [['x', k]])]);
    expectAction('λ0 f^4', one('λ0'));
    expectAction('λ_2 f^4', one('λ_2'));
    expectAction('λ₂ f^4', one('λ_2'));
    expectAction('λ₂f⁴', one('λ_2'));
    expectAction('λNL f^4', one('λNL'));
    expectAction('g3 f^3', one('g3', 1, 3));
    expectAction('g₃ f^3', one('g_3', 1, 3));
    expectAction('g f^4', one('g'));
    expectAction('lambda f^4', one('lambda'));
    expectAction('λ^2 f^4', one('λ', 2));
    expectAction('λ² f^4', one('λ', 2));
    expectAction('λ^{2} f^4', one('λ', 2));
    expectAction('λ κ f^8', A([T('1', { λ: 1, κ: 1 }, [['x', 8]])]));
    expectAction('λκf⁸', A([T('1', { λ: 1, κ: 1 }, [['x', 8]])]));
    expectAction('λ λ f^4', one('λ', 2));
    expectAction('f^4', A([T('1', {}, [['x', 4]])]));
  });
  it('comments, several lines, + and - between terms', () => {
    expectAction('# quartic and sextic\nλ f^4   # the quartic\n  - κ f^6\n+ g f^3 # odd\n',
      A([T('1', { λ: 1 }, [['x', 4]]), T('-1', { κ: 1 }, [['x', 6]]), T('1', { g: 1 }, [['x', 3]])]));
  });
  it('merges identical monomials, drops zeros, keeps first-appearance order', () => {
    expectAction('κ f^6 + λ f^4 + 2 κ f^6', A([T('3', { κ: 1 }, [['x', 6]]), T('1', { λ: 1 }, [['x', 4]])]));
    expectAction('κ f^6 + λ f^4 - κ f^6', A([T('1', { λ: 1 }, [['x', 4]])]));
    expectAction('λ f^4 - λ f^4', A([]));
    expectAction('λNL f(x)^2 f(y)^2 + λNL f(y)^2 f(x)^2', A([T('2', { λNL: 1 }, [['x', 2], ['y', 2]])]));
    expectAction('0', A([]));
  });
  it('superscripts: every digit, several digits', () => {
    const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
    for (let k = 1; k <= 9; k++) expectAction(`f${sup[k]}`, A([T('1', {}, [['x', k]])]));
    expectAction('f¹⁰', A([T('1', {}, [['x', 10]])]));
    expectAction('f⁶⁴', A([T('1', {}, [['x', 64]])]));
    expectAction('x¹ f²', A([T('1', {}, [['x', 2]], { x: 1 })]));
  });
});

describe('parseAction: errors carry line, column and expected', () => {
  it('syntax error in a multi-line input', () => {
    const e = syntaxError('λ f^4 +\n  κ f^(6)');
    expect(e.code).toBe('DSL_SYNTAX');
    expect([e.line, e.column]).toEqual([2, 7]);
    expect(e.expected.length).toBeGreaterThan(0);
  });
  it('column counts code points after Unicode', () => {
    const e = syntaxError('λ f⁴ + κ f⁶ +');
    expect([e.line, e.column]).toEqual([1, 14]);
  });
  it('semantic errors point at the offending token', () => {
    const at = (t: string) => { const e = syntaxError(t); return [e.line, e.column]; };
    expect(at('λ f^4\n + λ f^0')).toEqual([2, 8]);
    expect(at('λ f^65')).toEqual([1, 5]);
    expect(at('λ f^40 f^40')).toEqual([1, 8]);
    expect(at('λ y^2 f^4')).toEqual([1, 3]);
    expect(at('λ f^4 + g')).toEqual([1, 9]);
    expect(at('gf^4')).toEqual([1, 1]);
    expect(at('λ/κ f^4')).toEqual([1, 3]);
    expect(at('λ/0 f^4')).toEqual([1, 3]);
    expect(at('d^3x f + d^2x f')).toEqual([1, 10]);
    expect(at('')).toEqual([1, 1]);
    expect(at('λ f(w)^4')).toEqual([1, 5]);
    expect(at('λ f(λ)^4')).toEqual([1, 5]);
    expect(at('∫ d^3x [ λ f^4 +\n  g x f^4 ]')).toEqual([2, 5]);
    expect(at('λ f^-1')).toEqual([1, 5]);
    expect(at('λ f^4.5')).toEqual([1, 5]);
  });
  it('refuses oversize input and deep nesting', () => {
    expect(syntaxError('λ f^4 + '.repeat(20_000)).code).toBe('DSL_SYNTAX');
    expect(syntaxError('('.repeat(200) + 'f' + ')'.repeat(200)).code).toBe('DSL_SYNTAX');
    expectAction('('.repeat(30) + 'f' + ')'.repeat(30), A([T('1', {}, [['x', 1]])]));
    expect(syntaxError(Array.from({ length: 20 }, (_, i) => `(a${i}+b${i})`).join('') + ' f').code).toBe('DSL_SYNTAX');
    // (a+b)^20 merges as it goes: 21 monomials, accepted.
    expect(parseAction('(a+b)'.repeat(20) + ' f').terms).toHaveLength(21);
    expect(syntaxError('100000! f').code).toBe('DSL_SYNTAX');
    expect(syntaxError('1e99999 f').code).toBe('DSL_SYNTAX');
  });
  it('lineColumn is 1-based', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('parseAction: integrals and measures must match the term', () => {
  const at = (t: string) => { const e = syntaxError(t); expect(e.code).toBe('DSL_SYNTAX'); return [e.line, e.column]; };
  it('the number of ∫ is the number of distinct points of the fields', () => {
    expect(at('λ ∫∫ dx dy f(x)^4')).toEqual([1, 4]);        // the surplus ∫
    expect(at('λ ∫∫ f(x)^4')).toEqual([1, 4]);
    expect(at('λ ∫ f(x)^2 f(y)^2')).toEqual([1, 3]);        // too few: the first ∫
    expect(at('λ ∫ dx f(x)^2 f(y)^2')).toEqual([1, 3]);
    expect(at('λ int int f^4')).toEqual([1, 7]);
    expect(at('∫∫∫ f(x) f(y)')).toEqual([1, 3]);
    expect(at('κ f^6 +\n λ ∫∫ f(x)^4')).toEqual([2, 5]);
    expect(syntaxError('λ ∫ f(x)^2 f(y)^2').message).toMatch(/1 integral but .* 2 points \(x, y\)/);
  });
  it('an integral sign must come before what it integrates; a measure may close the product', () => {
    expect(at('λ f^4 ∫')).toEqual([1, 7]);
    expect(at('λ f^4 ∫ ∫')).toEqual([1, 9]);
    expect(at('κ f^6 + λ f(x)^2 f(y)^2 ∫∫')).toEqual([1, 26]); // the last ∫
    expect(parseAction('∫ λ f(x)^4 dx')).toEqual(parseAction('λ f^4'));
    expect(parseAction('∫∫ λNL f(x)^2 f(y)^2 dx dy')).toEqual(parseAction('λNL ∫∫ f(x)^2 f(y)^2'));
  });
  it('an integral before [ … ] counts for every term inside it', () => {
    expect(at('∫ d^1x [ λ f^4 + λNL ∫∫ f(x)^2 f(y)^2 ]')).toEqual([1, 23]);
    expect(syntaxError('∫ d^1x [ λ f^4 + λNL ∫∫ f(x)^2 f(y)^2 ]').message).toMatch(/3 integrals .* inside/);
    expect(at('∫ dx [ λ f(y)^4 ]')).toEqual([1, 3]);          // dx, but the term's point is y
    expect(at('∫ dx [ λ f^4 + κ ∫ f(x)^3 f(y)^3 ]')).toEqual([1, 3]); // no dy
  });
  it('measures name the points, each once, one per ∫', () => {
    expect(at('λ ∫ dy f(x)^4')).toEqual([1, 5]);
    expect(at('λ ∫ dx₁ f(x)^4')).toEqual([1, 5]);
    expect(at('∫∫ dx dx f(x) f(y)')).toEqual([1, 7]);
    expect(at('∫∫ dx f(x) f(y)')).toEqual([1, 4]);
    expect(at('dx f^4')).toEqual([1, 1]);
    expect(at('λ f^4 + d^3x κ f^6')).toEqual([1, 9]);
    expect(at('∫∫ d^3x d^2y f(x) f(y)')).toEqual([1, 9]);    // conflicting dimensions
  });
  it('a position in a coupling must be a point the term integrates over', () => {
    expect(at('∫ dx y^2 f(x)^4')).toEqual([1, 6]);
    expect(at('(λ0 + λ2 y²) ∫ dx f(x)^4')).toEqual([1, 10]);
    expect(at('λNL ∫∫ dx dy z^2 f(x)^2 f(y)^2')).toEqual([1, 14]);
  });
  it('every spelling merged into a term is checked, cancelled terms too', () => {
    expect(at('λ f^4 + λ ∫∫ f^4')).toEqual([1, 12]);
    expect(at('λ f^4 - λ ∫∫ f^4')).toEqual([1, 12]);
    expect(at('λ/dx f')).toEqual([1, 3]);
    expect(at('λ/∫ f')).toEqual([1, 3]);
    expect(syntaxError('(1+∫)'.repeat(70) + ' f').code).toBe('DSL_SYNTAX'); // 71 spellings of one term
  });
  it('consistent spellings parse to the same Action as the bare ones', () => {
    const l4 = A([T('1', { λ: 1 }, [['x', 4]])]);
    for (const t of ['∫ λ f^4', 'λ ∫ dx f^4', '∫ dx λ f(x)^4', 'int dx λ f^4', '∫ λ f(x)^4 dx', '∫ dx [ λ f^4 ]', 'λ ∫ f^4 + 0 λ ∫ dx f^4']) expectAction(t, l4);
    expectAction('λ ∫ f^4 + λ f^4', A([T('2', { λ: 1 }, [['x', 4]])]));
    const nl = A([T('1', { λNL: 1 }, [['x', 2], ['y', 2]])]);
    for (const t of ['λNL ∫ dx ∫ dy f(x)^2 f(y)^2', 'λNL ∫∫ dy dx f(x)^2 f(y)^2', 'λNL int dx int dy f(x)^2 f(y)^2', '∫ dx [ λNL ∫ dy f(x)^2 f(y)^2 ]']) expectAction(t, nl);
    expectAction('∫ dx (λ0 + λ2 x^2) f^4', A([T('1', { λ0: 1 }, [['x', 4]]), T('1', { λ2: 1 }, [['x', 4]], { x: 2 })]));
    expectAction('∫ d^1x [ λ f^4 + λNL ∫ d^1y f(x)^2 f(y)^2 ]', A([T('1', { λ: 1 }, [['x', 4]]), nl.terms[0]!], 1));
    expectAction('∫ d^3y λ f(y)^4', A([T('1', { λ: 1 }, [['y', 4]])], 3));
    expectAction('∫ dx₁ f(x₁)^4', A([T('1', {}, [['x_1', 4]])]));
    expectAction('∫ d^2x [ 0 ]', A([], 2));
  });
});

describe('printTerm / printAction', () => {
  it('vertex labels', () => {
    const p = (t: string) => printTerm(parseAction(t).terms[0]!);
    expect(p('λ f^4')).toBe('λ f^4');
    expect(p('κf⁶')).toBe('κ f^6');
    expect(p('λNL ∫∫ f(x)² f(y)²')).toBe('λNL ∫∫ f(x)^2 f(y)^2');
    expect(p('λ2 x² f⁴')).toBe('λ2 x^2 f^4');
    expect(p('-g f^3')).toBe('-g f^3');
    expect(p('(1/2) m f^2')).toBe('1/2 m f^2');
    expect(p('-λ/4! f(y)^4')).toBe('-1/24 λ f(y)^4');
    expect(p('-f')).toBe('-f');
  });
  it('actions', () => {
    expect(printAction(parseAction('S = S_GP + ∫ d^1x [ λ f(x)^4 - κ f(x)^6 ]'))).toBe('∫ d^1x [ λ f^4 - κ f^6 ]');
    expect(printAction(parseAction('λ f^4 - λ f^4'))).toBe('0');
    // With a dimension, integrals and measures match each term (the parser checks them):
    expect(printAction(parseAction('∫ d^1x [ λ f^4 + λNL ∫ d^1y f(x)^2 f(y)^2 ]'))).toBe('∫ d^1x [ λ f^4 + λNL ∫ d^1y f(x)^2 f(y)^2 ]');
    expect(printAction(parseAction('∫ d^3y λ f(y)^4 - ∫ d^3x f^2'))).toBe('λ ∫ d^3y f(y)^4 - ∫ d^3x f^2');
    expect(printAction(parseAction('∫ d^{d_in}x [ 0 ]'))).toBe('∫ d^{d_in}x [ 0 ]');
  });
});
