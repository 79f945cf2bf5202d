/**
 * Brute-force Wick enumeration (test oracle, tiny cases only): every perfect
 * matching of all line ends of the externals and of the vertex multiset; drop
 * those with a vacuum component; merge by a canonical form taken as the minimum
 * over the whole relabelling group H (all permutations of same-term vertices ×
 * all point symmetries), with no refinement: independent of the generator.
 */
import { Rational, factorial } from '../../src/core/rational.js';
import type { Action, Term } from '../../src/dsl/types.js';
import type { Diagram } from '../../src/diagrams/types.js';

function perms(k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (const p of perms(k - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), k - 1, ...p.slice(i)]);
  return out;
}

function termSyms(t: Term): number[][] {
  const sig = t.points.map((p) => `${p.power}/${t.weight[p.variable] ?? 0}`);
  return perms(t.points.length).filter((s) => s.every((j, i) => sig[j] === sig[i]));
}

interface BLayout {
  n: number;
  /** term index of each vertex, vertices sorted by term */
  vterm: number[];
  /** first point (global index, externals first) of each vertex */
  vstart: number[];
  P: number;
  deg: number[];
}

function layout(action: Action, n: number, comp: number[]): BLayout {
  const vterm: number[] = [], vstart: number[] = [], deg: number[] = new Array(n).fill(1);
  let P = n;
  comp.forEach((c, t) => {
    for (let i = 0; i < c; i++) {
      vterm.push(t); vstart.push(P);
      for (const p of action.terms[t]!.points) { deg.push(p.power); P++; }
    }
  });
  return { n, vterm, vstart, P, deg };
}

/** All elements of H as maps old point -> new point. */
function groupElements(action: Action, L: BLayout): number[][] {
  const V = L.vterm.length;
  const blocks = new Map<number, number[]>();
  L.vterm.forEach((t, v) => { if (!blocks.has(t)) blocks.set(t, []); blocks.get(t)!.push(v); });
  // vertex permutations within blocks
  let vperms: number[][] = [Array.from({ length: V }, (_, i) => i)];
  for (const vs of blocks.values()) {
    const next: number[][] = [];
    for (const base of vperms) for (const p of perms(vs.length)) {
      const q = base.slice();
      vs.forEach((v, i) => { q[v] = vs[p[i]!]!; });
      next.push(q);
    }
    vperms = next;
  }
  const out: number[][] = [];
  for (const vp of vperms) {
    let maps: number[][] = [Array.from({ length: L.P }, (_, i) => i)];
    for (let v = 0; v < V; v++) {
      const syms = termSyms(action.terms[L.vterm[v]!]!);
      const next: number[][] = [];
      for (const base of maps) for (const s of syms) {
        const q = base.slice();
        for (let j = 0; j < s.length; j++) q[L.vstart[v]! + j] = L.vstart[vp[v]!]! + s[j]!;
        next.push(q);
      }
      maps = next;
    }
    out.push(...maps);
  }
  return out;
}

function key(A: number[][], group: number[][], P: number): string {
  let best: string | null = null;
  for (const g of group) {
    const B: number[][] = Array.from({ length: P }, () => new Array(P).fill(0));
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) B[g[a]!]![g[b]!] = A[a]![b]!;
    const s = B.map((r) => r.join('')).join('/');
    if (best === null || s < best) best = s;
  }
  return best!;
}

function hasVacuum(A: number[][], L: BLayout): boolean {
  const own: number[] = new Array(L.P).fill(-1);
  L.vstart.forEach((s, v) => { for (let p = s; p < L.P && (v + 1 >= L.vstart.length || p < L.vstart[v + 1]!); p++) own[p] = v; });
  const owner = (p: number) => own[p]!;
  const V = L.vterm.length;
  const reach = new Array(V).fill(false);
  const stack: number[] = [];
  for (let x = 0; x < L.n; x++) for (let q = L.n; q < L.P; q++) if (A[x]![q]) { const v = owner(q); if (!reach[v]) { reach[v] = true; stack.push(v); } }
  while (stack.length) {
    const v = stack.pop()!;
    for (let p = L.n; p < L.P; p++) {
      if (owner(p) !== v) continue;
      for (let q = L.n; q < L.P; q++) if (A[p]![q]) { const w = owner(q); if (!reach[w]) { reach[w] = true; stack.push(w); } }
    }
  }
  return reach.some((r) => !r);
}

export interface BruteClass { coefficient: Rational; symmetryFactor: Rational }

/** Brute-force diagrams of one vertex multiset: canonical key -> coefficient and S = |H| Π deg! / count. */
export function bruteForce(action: Action, n: number, comp: number[]): Map<string, BruteClass> {
  const L = layout(action, n, comp);
  const ends: number[] = [];
  L.deg.forEach((d, p) => { for (let i = 0; i < d; i++) ends.push(p); });
  const counts = new Map<string, number>();
  if (ends.length % 2 === 1) return new Map();
  const group = groupElements(action, L);
  const A: number[][] = Array.from({ length: L.P }, () => new Array(L.P).fill(0));
  const used = new Array(ends.length).fill(false);
  const rec = () => {
    const i = used.indexOf(false);
    if (i < 0) {
      if (hasVacuum(A, L)) return;
      const k = key(A, group, L.P);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      return;
    }
    used[i] = true;
    for (let j = i + 1; j < ends.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      const a = ends[i]!, b = ends[j]!;
      A[a]![b]++; if (a !== b) A[b]![a]++;
      rec();
      A[a]![b]--; if (a !== b) A[b]![a]--;
      used[j] = false;
    }
    used[i] = false;
  };
  rec();
  const k = comp.reduce((s, x) => s + x, 0);
  let pre = Rational.of(k % 2 === 0 ? 1 : -1);
  comp.forEach((c, t) => { pre = pre.mul(action.terms[t]!.prefactor.pow(c)).div(Rational.of(factorial(c))); });
  const H = group.length;
  const degProd = L.deg.reduce((s, d) => s * factorial(d), 1n);
  const out = new Map<string, BruteClass>();
  for (const [key2, count] of counts) {
    out.set(key2, { coefficient: pre.mul(Rational.of(count)), symmetryFactor: Rational.of(BigInt(H) * degProd, BigInt(count)) });
  }
  return out;
}

/** The brute-force canonical key of a generated diagram. */
export function keyOfDiagram(action: Action, d: Diagram, comp: number[]): string {
  const n = d.externals.length;
  const L = layout(action, n, comp);
  const index = new Map<string, number>();
  d.externals.forEach((x, i) => index.set(x, i));
  const verts = d.vertices.map((v, i) => ({ v, i })).sort((a, b) => a.v.termIndex - b.v.termIndex || a.i - b.i);
  verts.forEach(({ v }, j) => v.points.forEach((p, i) => index.set(p, L.vstart[j]! + i)));
  const A: number[][] = Array.from({ length: L.P }, () => new Array(L.P).fill(0));
  for (const [a, b] of d.edges) {
    const i = index.get(a)!, j = index.get(b)!;
    A[i]![j]++; if (i !== j) A[j]![i]++;
  }
  return key(A, groupElements(action, L), L.P);
}
