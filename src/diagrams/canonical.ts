/**
 * Canonical forms of diagrams under relabelling of internal points
 * (CONVENTIONS §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4).
 *
 * The relabelling group H of a vertex multiset is Π_t S_{c_t} (permuting the
 * vertices of one term) ⋉ Π_v Sym(term_v) (the term's point symmetries at each
 * vertex). Externals are fixed. The canonical form is the lexicographically
 * smallest code over H; the number of elements of H reaching it is |Aut_H|,
 * which enters the coefficient. To keep the search small, vertices are first
 * sorted by an isomorphism invariant (their points' external attachments,
 * loops and neighbour kinds), and only permutations among vertices with equal
 * invariants are tried: every automorphism preserves the invariant, so the
 * minimiser count over that restricted set is still |Aut_H|.
 *
 * Plain typed arrays throughout: this runs once per generated labelled graph
 * (the hot loop), where graphology's object graphs would cost far more.
 */
import { BudgetExceededError } from '../core/errors.js';
import type { VertexKind } from './terms.js';

/** Most relabellings one canonical form may try (after refinement) before the request is refused. */
export const MAX_CANDIDATES = 2_000_000;

/** The point layout of one vertex multiset: vertices grouped by term (block), points contiguous. */
export interface Layout {
  /** Number of external points (indices 0..n-1). */
  readonly n: number;
  /** Internal vertices, grouped by term index ascending. */
  readonly vertexKind: readonly VertexKind[];
  /** First internal point (0-based among internal points) of each vertex. */
  readonly vertexStart: readonly number[];
  /** Number of internal points. */
  readonly m: number;
  /** Vertex of each internal point. */
  readonly pointVertex: Int32Array;
  /** Point index within its vertex's term. */
  readonly pointSlot: Int32Array;
  /** Degree (legs) of each internal point. */
  readonly pointDeg: Int32Array;
  /** Blocks: [start, end) vertex ranges of equal term. */
  readonly blocks: readonly (readonly [number, number])[];
  /** Vertices per term index (the composition). */
  readonly composition: readonly number[];
}

/** Builds the layout of `composition[t]` vertices of term t (t ascending). */
export function makeLayout(n: number, kinds: readonly VertexKind[], composition: readonly number[]): Layout {
  const vertexKind: VertexKind[] = [];
  const blocks: [number, number][] = [];
  kinds.forEach((k, t) => {
    const c = composition[t] ?? 0;
    if (c > 0) {
      blocks.push([vertexKind.length, vertexKind.length + c]);
      for (let i = 0; i < c; i++) vertexKind.push(k);
    }
  });
  const vertexStart: number[] = [];
  let m = 0;
  for (const k of vertexKind) { vertexStart.push(m); m += k.powers.length; }
  const pointVertex = new Int32Array(m), pointSlot = new Int32Array(m), pointDeg = new Int32Array(m);
  vertexKind.forEach((k, v) => {
    k.powers.forEach((p, j) => {
      const i = vertexStart[v]! + j;
      pointVertex[i] = v; pointSlot[i] = j; pointDeg[i] = p;
    });
  });
  return { n, vertexKind, vertexStart, m, pointVertex, pointSlot, pointDeg, blocks, composition: composition.slice() };
}

/** Result of canonicalisation. */
export interface CanonicalForm {
  /** Canonical code (string key): equal iff the graphs are H-isomorphic (with equal external data). */
  readonly key: string;
  /** newOf[old internal point] = new internal point index. */
  readonly newOf: Int32Array;
  /** |Aut_H|: elements of H that fix the graph. */
  readonly aut: number;
}

/** 32-bit hash step (murmur3-style mixing). */
function mix(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** All permutations of 0..k-1 (k ≤ 8 in practice: the vertices of one term with equal invariants). */
function allPermutations(k: number): Int32Array[] {
  const out: Int32Array[] = [];
  const a = Array.from({ length: k }, (_, i) => i);
  const rec = (i: number) => {
    if (i === k) { out.push(Int32Array.from(a)); return; }
    for (let j = i; j < k; j++) {
      [a[i], a[j]] = [a[j]!, a[i]!];
      rec(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
  };
  rec(0);
  return out;
}

/** Permutations of 0..k-1 for k ≤ 6, computed once (read-only). */
const SMALL_PERMUTATIONS: readonly (readonly Int32Array[])[] = Object.freeze([0, 1, 2, 3, 4, 5, 6].map(allPermutations));

/**
 * Canonical form of an internal multigraph with per-point external data.
 * @param L layout
 * @param inner m×m symmetric adjacency among internal points (diagonal = self-loops)
 * @param ext per internal point, an H-invariant code of its external attachments
 *   (bitmask of labelled externals, or their count when externals are unlabelled)
 */
export function canonicalize(L: Layout, inner: Uint8Array, ext: Int32Array): CanonicalForm {
  const m = L.m, V = L.vertexKind.length;
  // Invariant of each point, then of each vertex: 32-bit hashes of isomorphism-invariant data
  // (orbit, external code, loops, sorted neighbour kinds). A hash collision only merges runs (more
  // permutations tried), never breaks correctness; hashes avoid string garbage in this hot path.
  const pointInv = new Int32Array(m);
  const nb: number[] = [];
  for (let i = 0; i < m; i++) {
    const vi = L.pointVertex[i]!;
    const k = L.vertexKind[vi]!;
    nb.length = 0;
    for (let j = 0; j < m; j++) {
      const a = inner[i * m + j]!;
      if (a && j !== i) {
        const vj = L.pointVertex[j]!;
        const kj = L.vertexKind[vj]!;
        nb.push(mix(mix(mix(kj.termIndex, kj.orbit[L.pointSlot[j]!]!), a), vj === vi ? 1 : 0));
      }
    }
    nb.sort((x, y) => x - y);
    let h = mix(mix(mix(0x9e3779b9, k.orbit[L.pointSlot[i]!]!), ext[i]!), inner[i * m + i]!);
    for (const x of nb) h = mix(h, x);
    pointInv[i] = h;
  }
  const vertInv = new Float64Array(V);
  const tmp: number[] = [];
  const seen = new Set<number>();
  /** Vertex invariants from point invariants; returns the number of distinct (block, invariant) pairs. */
  const vertexInvariants = (): number => {
    for (let v = 0; v < V; v++) {
      const s0 = L.vertexStart[v]!, e = s0 + L.vertexKind[v]!.powers.length;
      tmp.length = 0;
      for (let i = s0; i < e; i++) tmp.push(pointInv[i]!);
      tmp.sort((x, y) => x - y);
      let h = mix(0x85ebca6b, L.vertexKind[v]!.termIndex);
      for (const x of tmp) h = mix(h, x);
      vertInv[v] = h;
    }
    seen.clear();
    for (let v = 0; v < V; v++) seen.add(vertInv[v]!);
    return seen.size;
  };
  let distinct = vertexInvariants();
  // Colour refinement (1-WL) while vertices of one term still share an invariant (chains of equal
  // vertices, symmetric subgraphs): keeps the permutation search below small. Invariant, so exact.
  const next = new Int32Array(m);
  for (let round = 0; round < m && distinct < V; round++) {
    for (let i = 0; i < m; i++) {
      const vi = L.pointVertex[i]!;
      nb.length = 0;
      for (let j = 0; j < m; j++) {
        if (j === i) continue;
        const a = inner[i * m + j]!;
        const sib = L.pointVertex[j] === vi;
        if (a || sib) nb.push(mix(mix(pointInv[j]!, a), sib ? 1 : 0));
      }
      nb.sort((x, y) => x - y);
      let h = mix(0x27d4eb2f, pointInv[i]!);
      for (const x of nb) h = mix(h, x);
      next[i] = h;
    }
    pointInv.set(next);
    const d = vertexInvariants();
    if (d <= distinct) break;
    distinct = d;
  }
  // Readable numbering (also invariant): vertices nearer the externals first, then by the lowest
  // external attached, then by the hash. Distance = line steps from a vertex carrying an external.
  const dist = new Int32Array(V).fill(0x3fffffff);
  const lowExt = new Int32Array(V).fill(0x3fffffff);
  const queue: number[] = [];
  for (let i = 0; i < m; i++) {
    const e = ext[i]!;
    if (!e) continue;
    const v = L.pointVertex[i]!;
    lowExt[v] = Math.min(lowExt[v]!, 31 - Math.clz32(e & -e));
    if (dist[v] !== 1) { dist[v] = 1; queue.push(v); }
  }
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    const s0 = L.vertexStart[v]!, e0 = s0 + L.vertexKind[v]!.powers.length;
    for (let i = s0; i < e0; i++) {
      for (let j = 0; j < m; j++) {
        if (!inner[i * m + j]) continue;
        const w = L.pointVertex[j]!;
        if (dist[w]! > dist[v]! + 1) { dist[w] = dist[v]! + 1; queue.push(w); }
      }
    }
  }
  const byKey = (x: number, y: number) => dist[x]! - dist[y]! || lowExt[x]! - lowExt[y]! || vertInv[x]! - vertInv[y]! || x - y;
  const sameKey = (x: number, y: number) => dist[x] === dist[y] && lowExt[x] === lowExt[y] && vertInv[x] === vertInv[y];
  // Per block: vertices sorted by invariant; runs of equal invariants are permuted freely.
  const order: number[] = [];
  const runs: [number, number][] = []; // [start, length] in `order`
  for (const [b0, b1] of L.blocks) {
    const vs = Array.from({ length: b1 - b0 }, (_, i) => b0 + i).sort(byKey);
    let i = 0;
    while (i < vs.length) {
      let j = i + 1;
      while (j < vs.length && sameKey(vs[j]!, vs[i]!)) j++;
      if (j - i > 1) runs.push([order.length + i, j - i]);
      i = j;
    }
    order.push(...vs);
  }
  const syms = order.map((v) => L.vertexKind[v]!.symmetries);
  let candidates = 1;
  for (const [, len] of runs) for (let i = 2; i <= len; i++) candidates *= i;
  for (const sy of syms) candidates *= sy.length;
  if (candidates > MAX_CANDIDATES) throw new BudgetExceededError('canonical form (relabellings to try)', candidates, MAX_CANDIDATES);
  const runPerms = runs.map(([, len]) => SMALL_PERMUTATIONS[len] ?? allPermutations(len));
  // Mixed-radix enumeration over run permutations and per-vertex point symmetries.
  const radices = [...runPerms.map((p) => p.length), ...syms.map((s) => s.length)];
  const digits = new Int32Array(radices.length);
  const slotVertex = new Int32Array(V); // new vertex slot -> old vertex
  const oldOfNew = new Int32Array(m);
  const codeLen = 2 * m + (m * (m - 1)) / 2;
  let best: Int32Array | null = null;
  let bestOld: Int32Array | null = null;
  let aut = 0;
  const cur = new Int32Array(codeLen);
  for (;;) {
    // Build the slot -> vertex assignment.
    for (let s = 0; s < V; s++) slotVertex[s] = order[s]!;
    runs.forEach(([start, len], r) => {
      const p = runPerms[r]![digits[r]!]!;
      for (let i = 0; i < len; i++) slotVertex[start + i] = order[start + p[i]!]!;
    });
    let q = 0;
    for (let s = 0; s < V; s++) {
      const v = slotVertex[s]!;
      const sigma = syms[s]![digits[runs.length + s]!]!;
      const st = L.vertexStart[v]!;
      for (let j = 0; j < sigma.length; j++) oldOfNew[q++] = st + sigma[j]!;
    }
    // Code: per new point (ext, loops), then the upper triangle; compare on the fly.
    let cmp = best === null ? -1 : 0;
    let c = 0;
    for (let i = 0; i < m; i++) {
      const o = oldOfNew[i]!;
      cur[c] = ext[o]!; if (cmp === 0) cmp = cur[c]! - best![c]!; c++;
      cur[c] = inner[o * m + o]!; if (cmp === 0) cmp = cur[c]! - best![c]!; c++;
      if (cmp > 0) break;
    }
    if (cmp <= 0) {
      for (let i = 0; i < m && cmp <= 0; i++) {
        const oi = oldOfNew[i]! * m;
        for (let j = i + 1; j < m; j++) {
          cur[c] = inner[oi + oldOfNew[j]!]!;
          if (cmp === 0) { cmp = cur[c]! - best![c]!; if (cmp > 0) break; }
          c++;
        }
      }
    }
    if (cmp < 0) { best = cur.slice(); bestOld = oldOfNew.slice(); aut = 1; }
    else if (cmp === 0) aut++;
    // Next digit tuple.
    let d = 0;
    while (d < radices.length) {
      if (++digits[d]! < radices[d]!) break;
      digits[d] = 0; d++;
    }
    if (d === radices.length) break;
  }
  const newOf = new Int32Array(m);
  for (let i = 0; i < m; i++) newOf[bestOld![i]!] = i;
  let key = '';
  for (let i = 0; i < best!.length; i++) key += String.fromCharCode(best![i]! & 0xffff, best![i]! >>> 16);
  return { key, newOf, aut };
}
