/**
 * Per-network accumulation of the sampler's estimates of G(n)(x_i1..x_in) on the unique
 * index tuples i1 <= … <= in (CONVENTIONS §3): products of outputs (plain estimator) or
 * Wick sums of the conditional covariance (conditional estimator). Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §3 (the correlators it estimates).
 *
 * Two implementations of one recursion, bit for bit the same numbers:
 *   - tables: index arrays per level, read in a loop (any size);
 *   - compiled: the same recursion written out as straight-line JavaScript for the plan at
 *     hand (`new Function`, built from integers only), so the intermediate values live in
 *     registers instead of being loaded through two index arrays each. At the paper's
 *     6 inputs and n = 4 this is the sampler's largest cost after the activations, and the
 *     straight-line form is ~3× faster. Used up to {@link MAX_COMPILED_STATEMENTS}.
 */
import { uniqueTuples } from '../core/combinatorics.js';
import type { Estimator } from './engine.js';

/**
 * Precomputed recursion tables over the unique index tuples (sorted i1 <= … <= ik):
 * plain products P_k(t) = f_t1 · P_{k-1}(t2..tk); conditional Wick sums
 * W_k(t) = Σ_{i≥2} C_{t1 ti} W_{k-2}(t without t1, ti). Sub-tuples of sorted tuples
 * are sorted, so each level indexes into the one below by rank.
 */
export interface TuplePlan {
  m: number;
  ns: number[];
  estimator: Estimator;
  /** Output tuples, concatenated over ns in order. */
  tuples: number[][];
  /** Offset of each n's block in the output. */
  offsets: number[];
  /** Level k (k = 0..nmax): number of tuples, and recursion indices. */
  levels: { count: number; a: Int32Array; b: Int32Array; fan: number }[];
  /** Adds one network's values to out (see {@link accumulateNet}); [without, with] sums of squares. */
  kernels: [NetAccumulator, NetAccumulator];
}

/** Adds one network's values (from v: outputs f, or covariance C row-major) to out = [sums (T), sums of squares (T)]. */
export type NetAccumulator = (v: ArrayLike<number>, out: Float64Array) => void;

/** Largest straight-line accumulator generated (statements); larger plans use the tables. */
export const MAX_COMPILED_STATEMENTS = 4096;

/** Builds the recursion tables of {@link TuplePlan} for m points, orders ns and an estimator. */
export function tuplePlan(m: number, ns: number[], estimator: Estimator, compile = true): TuplePlan {
  const nmax = Math.max(...ns);
  const rank: Map<string, number>[] = [];
  const levels: TuplePlan['levels'] = [];
  for (let k = 0; k <= nmax; k++) {
    const ts = k === 0 ? [[]] : uniqueTuples(m, k);
    rank.push(new Map(ts.map((t, i) => [t.join(','), i])));
    if (estimator === 'plain' || k < 2 || k % 2 === 1) {
      // plain: a = first index, b = rank of the rest in level k-1
      const a = new Int32Array(ts.length), b = new Int32Array(ts.length);
      if (k >= 1) ts.forEach((t, i) => { a[i] = t[0]!; b[i] = rank[k - 1]!.get(t.slice(1).join(','))!; });
      levels.push({ count: ts.length, a, b, fan: 1 });
    } else {
      // conditional: for each tuple, k-1 (pair index into C, rank of the remaining k-2 tuple in level k-2)
      const fan = k - 1;
      const a = new Int32Array(ts.length * fan), b = new Int32Array(ts.length * fan);
      ts.forEach((t, i) => {
        for (let q = 1; q < k; q++) {
          a[i * fan + q - 1] = t[0]! * m + t[q]!;
          b[i * fan + q - 1] = rank[k - 2]!.get(t.filter((_, r) => r !== 0 && r !== q).join(','))!;
        }
      });
      levels.push({ count: ts.length, a, b, fan });
    }
  }
  const tuples: number[][] = [];
  const offsets: number[] = [];
  for (const n of ns) { offsets.push(tuples.length); tuples.push(...uniqueTuples(m, n)); }
  const tables: PlanTables = { m, ns, estimator, tuples, offsets, levels };
  const kernel = (squares: boolean) => (compile && compiledAccumulator(tables, squares)) || tableAccumulator(tables, squares);
  return { ...tables, kernels: [kernel(false), kernel(true)] };
}

/** A plan's recursion tables: what the accumulators are built from. */
export type PlanTables = Omit<TuplePlan, 'kernels'>;

/**
 * Adds one network's values to out = [sums (T), sums of squares (T)]: from its
 * conditional covariance C (m×m, row-major; Wick sums) or its outputs f (m; products),
 * as the plan's estimator says. Sums of squares only when `squares`.
 */
export function accumulateNet(plan: TuplePlan, v: ArrayLike<number>, out: Float64Array, squares = true): void {
  plan.kernels[squares ? 1 : 0](v, out);
}

/** The recursion read from the plan's index tables (any plan size); owns its scratch levels. */
export function tableAccumulator(plan: PlanTables, squares: boolean): NetAccumulator {
  const L = plan.levels.map((l) => new Float64Array(l.count));
  L[0]![0] = 1;
  const nmax = plan.levels.length - 1;
  const T = plan.tuples.length;
  const conditional = plan.estimator === 'conditional';
  return (v, out) => {
    if (conditional) {
      for (let k = 2; k <= nmax; k += 2) {
        const lv = plan.levels[k]!, Lk = L[k]!, Lr = L[k - 2]!, A = lv.a, B = lv.b, fan = lv.fan;
        if (fan === 1) {
          for (let t = 0; t < lv.count; t++) Lk[t] = v[A[t]!]!; // W2 = C
        } else if (fan === 3) { // W4: the three pairings, unrolled
          for (let t = 0, o = 0; t < lv.count; t++, o += 3) {
            Lk[t] = v[A[o]!]! * Lr[B[o]!]! + v[A[o + 1]!]! * Lr[B[o + 1]!]! + v[A[o + 2]!]! * Lr[B[o + 2]!]!;
          }
        } else {
          for (let t = 0; t < lv.count; t++) {
            let s = 0;
            const o = t * fan;
            for (let q = 0; q < fan; q++) s += v[A[o + q]!]! * Lr[B[o + q]!]!;
            Lk[t] = s;
          }
        }
      }
    } else {
      const L1 = L[1]!;
      for (let a = 0; a < plan.m; a++) L1[a] = v[a]!;
      for (let k = 2; k <= nmax; k++) {
        const lv = plan.levels[k]!, Lk = L[k]!, Lr = L[k - 1]!, A = lv.a, B = lv.b;
        for (let t = 0; t < lv.count; t++) Lk[t] = v[A[t]!]! * Lr[B[t]!]!;
      }
    }
    for (let q = 0; q < plan.ns.length; q++) {
      const Lk = L[plan.ns[q]!]!, o = plan.offsets[q]!;
      if (squares) {
        for (let t = 0; t < Lk.length; t++) {
          const x = Lk[t]!;
          out[o + t] += x;
          out[T + o + t] += x * x;
        }
      } else {
        for (let t = 0; t < Lk.length; t++) out[o + t] += Lk[t]!;
      }
    }
  };
}

/**
 * The same recursion as {@link tableAccumulator}, written out as straight-line code for
 * this plan: one `const` per tuple of every level, in the same arithmetic order (so the
 * same bits). Undefined when the plan needs more than {@link MAX_COMPILED_STATEMENTS}
 * statements (V8 stops optimising very large functions).
 */
export function compiledAccumulator(plan: PlanTables, squares: boolean): NetAccumulator | undefined {
  const conditional = plan.estimator === 'conditional';
  const nmax = plan.levels.length - 1;
  const step = conditional ? 2 : 1;
  let statements = 0;
  for (let k = step; k <= nmax; k += step) statements += plan.levels[k]!.count;
  for (const n of plan.ns) statements += plan.levels[n]!.count;
  if (statements > MAX_COMPILED_STATEMENTS) return undefined;

  const T = plan.tuples.length;
  const used = new Set<number>();
  const val = (i: number) => { used.add(i); return `v${i}`; };
  const body: string[] = [];
  if (conditional) {
    for (let k = 2; k <= nmax; k += 2) {
      const { count, a: A, b: B, fan } = plan.levels[k]!;
      for (let t = 0; t < count; t++) {
        const o = t * fan;
        const terms = Array.from({ length: fan }, (_, q) => `${val(A[o + q]!)} * l${k - 2}_${B[o + q]!}`);
        // the table loop's association: W2 = C; W4 = p0 + p1 + p2; otherwise 0 + p0 + p1 + …
        const rhs = fan === 1 ? val(A[t]!) : fan === 3 ? terms.join(' + ') : `0 + ${terms.join(' + ')}`;
        body.push(`const l${k}_${t} = ${rhs};`);
      }
    }
  } else {
    for (let a = 0; a < plan.m; a++) body.push(`const l1_${a} = ${val(a)};`);
    for (let k = 2; k <= nmax; k++) {
      const { count, a: A, b: B } = plan.levels[k]!;
      for (let t = 0; t < count; t++) body.push(`const l${k}_${t} = ${val(A[t]!)} * l${k - 1}_${B[t]!};`);
    }
  }
  plan.ns.forEach((n, q) => {
    const o = plan.offsets[q]!;
    for (let t = 0; t < plan.levels[n]!.count; t++) {
      body.push(`out[${o + t}] += l${n}_${t};`);
      if (squares) body.push(`out[${T + o + t}] += l${n}_${t} * l${n}_${t};`);
    }
  });
  const loads = [...used].sort((x, y) => x - y).map((i) => `const v${i} = v[${i}];`);
  try {
    return new Function('v', 'out', `'use strict';\n${loads.join('\n')}\n${body.join('\n')}`) as NetAccumulator;
  } catch {
    return undefined; // code generation disallowed (e.g. a CSP or --disallow-code-generation-from-strings): the tables
  }
}
