/**
 * Symmetries of one action term under permutations of its points: the
 * integration points of a multi-local term (λNL ∫∫ f(x)² f(y)²) are dummy
 * variables, so exchanging two points with the same field power and the same
 * position weight leaves the term unchanged. The diagram engine divides by
 * (or enumerates) these when it counts Wick contractions (CONVENTIONS §5).
 */
import { BudgetExceededError } from '../core/errors.js';
import type { Term } from './types.js';

/** Most permutations {@link termPointSymmetries} will list. */
export const MAX_POINT_SYMMETRIES = 100_000;

/** Class of a point: same power and same weight exponent <=> same class. */
function classes(t: Term): number[][] {
  const byKey = new Map<string, number[]>();
  t.points.forEach((p, i) => {
    const k = `${p.power}|${t.weight[p.variable] ?? 0}`;
    const list = byKey.get(k);
    if (list) list.push(i); else byKey.set(k, [i]);
  });
  return [...byKey.values()];
}

function fact(n: number): bigint {
  let r = 1n;
  for (let i = 2; i <= n; i++) r *= BigInt(i);
  return r;
}

/**
 * The order of the term's point-symmetry group: Π over classes of (class size)!,
 * classes being points with equal power and equal weight exponent.
 */
export function termSymmetry(t: Term): bigint {
  return classes(t).reduce((acc, c) => acc * fact(c.length), 1n);
}

/** All permutations of `items` (as arrays), in lexicographic order of positions. */
function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items.slice()];
  const out: number[][] = [];
  items.forEach((x, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

/**
 * The permutations σ of point indices with points[σ(i)] having the same power and
 * the same weight exponent as points[i], for every i; as arrays `perm` with
 * perm[i] = σ(i). The identity comes first; the list has {@link termSymmetry}(t) entries.
 *
 * @throws BudgetExceededError when there would be more than {@link MAX_POINT_SYMMETRIES}.
 */
export function termPointSymmetries(t: Term): number[][] {
  const count = termSymmetry(t);
  if (count > BigInt(MAX_POINT_SYMMETRIES)) {
    throw new BudgetExceededError('term point symmetries', Number(count), MAX_POINT_SYMMETRIES);
  }
  const n = t.points.length;
  let out: number[][] = [Array.from({ length: n }, (_, i) => i)];
  for (const cls of classes(t)) {
    const perms = permutations(cls);
    const next: number[][] = [];
    for (const base of out) {
      for (const p of perms) {
        const q = base.slice();
        cls.forEach((from, j) => { q[from] = p[j]!; });
        next.push(q);
      }
    }
    out = next;
  }
  return out;
}
