import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import { parseAction } from '../../src/dsl/parse.js';
import { generateDiagrams } from '../../src/diagrams/generate.js';
import { couplingLatex, diagramExpression, diagramLatex, seriesExpression, seriesLatex } from '../../src/symbolic/expression.js';

const action = parseAction('λf⁴ + κf⁶ + λNL ∫∫ f(x)^2 f(y)^2 + 1/2 m_2 f^2 - g3/6 f^3');
const ds = generateDiagrams(action, { n: 4, order: 1, mode: 'full' });

/** Zero dimensions (every K and integral 1) at coupling values `vals`: evaluates our text with nerdamer. */
function evalZeroDim(expr: string, vals: Record<string, number>): number {
  const names = Object.keys(vals).sort((a, b) => b.length - a.length);
  let s = expr.replace(/K\([a-z0-9]+,[a-z0-9]+\)/g, '1').replace(/Int\(([^,]*), [y0-9, ]+\)/g, '($1)');
  names.forEach((n, i) => { s = s.split(n).join(`v${i}`); });
  names.forEach((n, i) => { s = s.split(`v${i}`).join(`(${vals[n]})`); });
  // Only numbers, + - * / ^ and parentheses remain: evaluate as JavaScript (independent of nerdamer).
  expect(s).toMatch(/^[-+*/^().0-9 e]+$/);
  return Function(`return (${s.replace(/\^/g, '**')});`)() as number;
}

describe('symbolic form', () => {
  const vals = { λ: 0.3, κ: -0.7, λNL: 1.1, m_2: 0.25, g3: 2 };
  it('each diagram expression evaluates to coefficient × couplings in zero dimensions', () => {
    for (const d of ds) {
      const expected = Object.entries(d.couplings).reduce((p, [c, e]) => p * vals[c as keyof typeof vals] ** e, d.coefficient.toNumber());
      expect(evalZeroDim(diagramExpression(d), vals)).toBeCloseTo(expected, 10);
    }
  });
  it('the series text is the sum of the diagram texts (value check)', () => {
    const total = ds.reduce((s, d) => s + Object.entries(d.couplings).reduce((p, [c, e]) => p * vals[c as keyof typeof vals] ** e, d.coefficient.toNumber()), 0);
    expect(evalZeroDim(seriesExpression(ds), vals)).toBeCloseTo(total, 9);
  });
  it('propagators are collected into powers and internal points integrated', () => {
    const loop2 = ds.find((d) => d.coefficient.equals(Rational.of(-90)))!;
    expect(diagramExpression(loop2)).toMatch(/^-90\*κ\*Int\(.*K\(y1,y1\)\^2, y1\)$/);
    const nl = ds.find((d) => d.couplings['λNL'] && d.coefficient.equals(Rational.of(-8)))!;
    expect(diagramExpression(nl)).toMatch(/, y1, y2\)$/);
    expect(diagramLatex(nl)).toContain('\\lambda_{NL}');
    expect((diagramLatex(nl).match(/\\int/g) ?? []).length).toBe(2);
  });
  it('LaTeX names and the series', () => {
    expect(couplingLatex('λ')).toBe('\\lambda');
    expect(couplingLatex('λ_2')).toBe('\\lambda_{2}');
    expect(couplingLatex('g3')).toBe('g_{3}');
    const x = ds.find((d) => d.coefficient.equals(Rational.of(-24)))!;
    expect(diagramLatex(x)).toBe('-24 \\lambda \\int d^{d}y_{1}\\, K(x_{1},y_{1}) K(x_{2},y_{1}) K(x_{3},y_{1}) K(x_{4},y_{1})');
    const s = seriesLatex(ds);
    expect(s.startsWith('G^{(4)}(x_{1},x_{2},x_{3},x_{4}) = K(x_{1},x_{2}) K(x_{3},x_{4})')).toBe(true);
    expect(s.split('\n')).toHaveLength(ds.length);
  });
});
