/**
 * Index combinatorics shared by the exact engine, the sampler and predictions:
 * perfect matchings (Wick pairings), set partitions (cumulants), unique index tuples.
 */

/** All perfect matchings of {0..n-1} ((n-1)!! of them; none for odd n). Each pair [a, b] has a < b. */
export function perfectMatchings(n: number): [number, number][][] {
  if (n % 2 === 1) return [];
  const out: [number, number][][] = [];
  const rec = (rest: number[], acc: [number, number][]) => {
    if (rest.length === 0) { out.push(acc.slice()); return; }
    const [a, ...others] = rest;
    for (let i = 0; i < others.length; i++) {
      acc.push([a!, others[i]!]);
      rec(others.filter((_, j) => j !== i), acc);
      acc.pop();
    }
  };
  rec(Array.from({ length: n }, (_, i) => i), []);
  return out;
}

/** All set partitions of {0..n-1} (Bell(n) of them), blocks in increasing order of their first element. */
export function setPartitions(n: number): number[][][] {
  const out: number[][][] = [];
  const rec = (i: number, blocks: number[][]) => {
    if (i === n) { out.push(blocks.map((b) => b.slice())); return; }
    for (const b of blocks) { b.push(i); rec(i + 1, blocks); b.pop(); }
    blocks.push([i]);
    rec(i + 1, blocks);
    blocks.pop();
  };
  rec(0, []);
  return out;
}

/** All non-decreasing index tuples i1 <= ... <= in over {0..m-1}, in lexicographic order. */
export function uniqueTuples(m: number, n: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === n) { out.push(acc.slice()); return; }
    for (let i = start; i < m; i++) { acc.push(i); rec(i, acc); acc.pop(); }
  };
  rec(0, []);
  return out;
}

/** Multinomial count of distinct orderings of a tuple (how many full tuples a unique tuple stands for). */
export function orderings(tuple: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const t of tuple) counts.set(t, (counts.get(t) ?? 0) + 1);
  let r = 1;
  for (let i = 2; i <= tuple.length; i++) r *= i;
  for (const c of counts.values()) for (let i = 2; i <= c; i++) r /= i;
  return r;
}

/**
 * Wick (Isserlis) sum: Σ over perfect matchings of Π K[idx[a]][idx[b]] — the
 * Gaussian n-point function G_GP(x_idx1..x_idxn) for covariance matrix K
 * (CONVENTIONS §3). Zero for odd n. Recursive on the first index, so no
 * matching list is materialised.
 */
export function wickSum(K: ArrayLike<ArrayLike<number>>, idx: readonly number[]): number {
  const n = idx.length;
  if (n % 2 === 1) return 0;
  const rec = (rest: number[]): number => {
    if (rest.length === 0) return 1;
    const a = rest[0]!;
    let s = 0;
    for (let i = 1; i < rest.length; i++) {
      const b = rest[i]!;
      const kab = K[a]![b]!;
      if (kab === 0) continue;
      s += kab * rec(rest.filter((_, j) => j !== 0 && j !== i));
    }
    return s;
  };
  return rec(idx.slice());
}
