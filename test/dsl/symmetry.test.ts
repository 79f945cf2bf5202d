import { describe, expect, it } from 'vitest';
import { parseAction, termPointSymmetries, termSymmetry } from '../../src/dsl/parse.js';
import { BudgetExceededError } from '../../src/core/errors.js';
import type { Term } from '../../src/dsl/types.js';

const term = (text: string): Term => parseAction(text).terms[0]!;

/** Oracle: every permutation of 0..n-1, kept when it maps each point onto one with the same power and weight. */
function bruteForce(t: Term): number[][] {
  const n = t.points.length;
  const all: number[][] = [];
  const rec = (prefix: number[]) => {
    if (prefix.length === n) { all.push(prefix); return; }
    for (let i = 0; i < n; i++) if (!prefix.includes(i)) rec([...prefix, i]);
  };
  rec([]);
  const w = (i: number) => t.weight[t.points[i]!.variable] ?? 0;
  return all.filter((p) => p.every((j, i) => t.points[j]!.power === t.points[i]!.power && w(j) === w(i)));
}
const sortPerms = (ps: number[][]) => ps.map((p) => p.join(',')).sort();

describe('termPointSymmetries', () => {
  it('local term: only the identity', () => {
    expect(termPointSymmetries(term('λ f^4'))).toEqual([[0]]);
    expect(termSymmetry(term('λ f^4'))).toBe(1n);
  });
  it('λNL ∫∫ f(x)² f(y)²: the swap', () => {
    expect(termPointSymmetries(term('λNL ∫∫ f(x)^2 f(y)^2'))).toEqual([[0, 1], [1, 0]]);
    expect(termSymmetry(term('λNL ∫∫ f(x)^2 f(y)^2'))).toBe(2n);
  });
  it('unequal powers or weights break the swap', () => {
    expect(termPointSymmetries(term('g f(x)^2 f(y)^4'))).toEqual([[0, 1]]);
    expect(termPointSymmetries(term('g x^2 f(x)^2 f(y)^2'))).toEqual([[0, 1]]);
    expect(termPointSymmetries(term('g x^2 y^2 f(x)^2 f(y)^2'))).toEqual([[0, 1], [1, 0]]);
  });
  it('agrees with brute force, identity first, count = termSymmetry', () => {
    for (const text of [
      'g f(x) f(y) f(z)', 'g f(x)^2 f(y) f(z)^2 f(x1)', 'g x^2 f(x)^2 f(y)^2 f(z)^2 f(x1)^3 f(y_2)^3',
      'g f(x) f(y) f(z) f(x1) f(y1) f(z1)', 'g y f(x) f(y) f(z) f(x1)',
    ]) {
      const t = term(text);
      const got = termPointSymmetries(t);
      expect(got[0]).toEqual(t.points.map((_, i) => i));
      expect(sortPerms(got)).toEqual(sortPerms(bruteForce(t)));
      expect(new Set(got.map((p) => p.join(','))).size).toBe(got.length);
      expect(BigInt(got.length)).toBe(termSymmetry(t));
    }
  });
  it('refuses to list more than the budget', () => {
    const nine = 'g ' + Array.from({ length: 9 }, (_, i) => `f(x${i})`).join(' ');
    expect(termSymmetry(term(nine))).toBe(362880n);
    try {
      termPointSymmetries(term(nine));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BudgetExceededError);
      expect((e as BudgetExceededError).code).toBe('BUDGET_EXCEEDED');
    }
  });
});
