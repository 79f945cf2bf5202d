/**
 * Feynman diagrams of G(n) = <f(x1)…f(xn) e^{-ΔS}>_GP / <e^{-ΔS}>_GP with exact
 * coefficients (CONVENTIONS §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4).
 *
 * Expansion. With ΔS = Σ_t T_t, e^{-ΔS} = Σ_c Π_t (−T_t)^{c_t}/c_t!. Wick's
 * theorem pairs all line ends (each point p of a vertex carries power_p
 * distinguishable ends). A labelled multigraph L (adjacency A over externals and
 * internal points) arises from Π_p deg_p! / (Π_{a<b} A_ab! · Π_a A_aa! 2^{A_aa})
 * contractions. A diagram is an orbit of L under H = Π_t S_{c_t} ⋉ Π_v Sym(term_v)
 * (relabelling integration variables leaves the integral unchanged); the orbit
 * has |H| / |Aut_H(L)| members, |H| = Π_t c_t! |Sym_t|^{c_t}. Hence
 *
 *   coefficient = (−1)^k Π_t (prefactor_t |Sym_t|)^{c_t} · Π_internal deg_p! / S,
 *   S = |Aut_H(L)| · Π_{a<b} A_ab! · Π_a A_aa! 2^{A_aa}
 *
 * where S is the conventional symmetry factor. Components without an external
 * point (vacuum bubbles) cancel against the denominator and are never generated.
 * Checks: λf⁴ X diagram −24, κf⁶ with a loop −360, λNL f(x)²f(y)² −8 per pairing.
 *
 * Generation (no Wick enumeration): the adjacency matrix is filled row by row
 * (each row completed at once, columns ascending, so each labelled multigraph
 * appears at most once), vertex degrees fixed by the legs. Symmetry is broken
 * lazily: within a row, vertices of one term that are still untouched are
 * interchangeable, so their column vectors must be lexicographically
 * non-increasing. A row that starts a vertex with nothing before it reaching
 * that vertex or any later one can only build vacuum parts and is pruned. The
 * remaining duplicates are merged by canonical form (canonical.ts). In skeleton
 * mode the (isomorphism-invariant) self-energy test runs on each labelled graph
 * first, so dropped graphs are never canonicalised or stored.
 *
 * Skeleton rule (CONVENTIONS §5): a diagram is dropped when a connected set of
 * internal vertices (a multi-local vertex is one vertex) meets the rest through
 * exactly two line ends. With every line dressed by the exact G2 this
 * reproduces the full series for even (Z2-symmetric) actions; with odd terms,
 * one-point insertions (G1 ≠ 0) are not resummed by this rule.
 */
import { BudgetExceededError, InvalidArgumentError } from '../core/errors.js';
import { Rational, factorial } from '../core/rational.js';
import type { Action, Term } from '../dsl/types.js';
import { MAX_SELF_ENERGY_VERTICES, connectivity, hasSelfEnergy, hasSelfEnergyCounts, type NodeGraph } from './analysis.js';
import { canonicalize, makeLayout, type Layout } from './canonical.js';
import { vertexKinds, type VertexKind } from './terms.js';
import { printTerm } from '../dsl/print.js';
import type { Diagram, DiagramMode, DiagramVertex } from './types.js';

/** Options of {@link generateDiagrams}. */
export interface GenerateOptions {
  /** Number of external points x1..xn (0..30). */
  readonly n: number;
  /** Highest total order (number of vertices); every order 0..order is returned. */
  readonly order: number;
  /** `skeleton` (default; the paper's convention) or `full`. */
  readonly mode?: DiagramMode;
  /** Refuse when the estimated amount of work exceeds this many diagrams (default 200 000). */
  readonly maxDiagrams?: number;
  /** Canonical text of a term (the DSL printer); defaults to a local printer. */
  readonly termText?: (t: Term, index: number) => string;
}

/** Default budget of {@link generateDiagrams}: about 1 GB of diagrams and a minute of work at most. */
export const DEFAULT_MAX_DIAGRAMS = 250_000;

/**
 * Skeleton mode: fraction of the full mode's cost. Every labelled graph is still
 * enumerated, but those with a self-energy insertion (75–85% of the full series
 * for λf⁴+κf⁶ at orders 3–4) are dropped before canonicalisation and never stored.
 */
export const SKELETON_WORK_FRACTION = 0.25;

/** Empirical ratio of true diagram counts to the simple-graph estimate (see {@link estimateComposition}). */
export const ESTIMATE_CALIBRATION = 40;

/** Most point-symmetry combinations (Π_v |Sym(term_v)|) a diagram's canonical form may try. */
export const MAX_SYMMETRY_PRODUCT = 100_000;

/** Orders above this are refused without enumerating vertex multisets. */
export const MAX_ORDER = 40;

/** Most vertex multisets whose diagram count is estimated before a request is refused outright. */
export const MAX_ESTIMATED_COMPOSITIONS = 20_000;

/** Vertex multisets (compositions c_t) of total size k over T terms, lexicographically descending. */
export function compositions(T: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (t: number, left: number, acc: number[]) => {
    if (t === T - 1) { out.push([...acc, left]); return; }
    for (let c = left; c >= 0; c--) rec(t + 1, left - c, [...acc, c]);
  };
  if (T === 0) return k === 0 ? [[]] : [];
  rec(0, k, []);
  return out;
}

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

/**
 * Estimated number of labelled diagrams (externals labelled, internal points up
 * to relabelling) for one vertex multiset, before anything is generated:
 * (N−1)!! Wick contractions / (Π deg! · |H|) counts the classes as if every
 * graph had simple lines and no symmetry; multiple lines and loops make the
 * true count larger. The factor {@link ESTIMATE_CALIBRATION} is empirical: the
 * ratio measured for λf⁴+κf⁶, G4 and G6 at orders 3–5, was 24–56 (full mode,
 * vacuum parts excluded).
 */
export function estimateComposition(n: number, kinds: readonly VertexKind[], comp: readonly number[]): number {
  let N = n, logDen = 0;
  kinds.forEach((k, t) => {
    const c = comp[t] ?? 0;
    if (!c) return;
    N += c * k.legs;
    logDen += c * k.powers.reduce((s, p) => s + logFactorial(p), 0) + logFactorial(c) + c * Math.log(k.symmetries.length);
  });
  if (N % 2 === 1) return 0;
  // log (N-1)!! = log N! - (N/2) log 2 - log (N/2)!
  const logWick = logFactorial(N) - (N / 2) * Math.log(2) - logFactorial(N / 2);
  return ESTIMATE_CALIBRATION * Math.exp(logWick - logDen);
}

/**
 * Estimated work of {@link generateDiagrams} (diagrams of orders 0..order), the
 * figure compared with the budget before anything is allocated.
 */
export function estimateDiagrams(action: Action, n: number, order: number): number {
  const kinds = vertexKinds(action);
  let total = 0;
  for (let k = 0; k <= order; k++) for (const c of compositions(kinds.length, k)) total += estimateComposition(n, kinds, c);
  return total;
}

/** Run-time guards (a poor estimate must not become a hang or an out-of-memory crash). */
interface Budget {
  /** Search-tree nodes left. */
  left: number;
  /** Distinct classes that may still be stored. */
  classesLeft: number;
  readonly limit: number;
  readonly estimate: number;
}

interface RawClass {
  /** Canonical full adjacency (P×P, externals first, then internal points in canonical order). */
  readonly A: Uint8Array;
  readonly aut: number;
}

/**
 * Enumerates the labelled multigraphs of one layout (see the file header) and
 * merges them by canonical form. `nodeBudget` bounds the search tree.
 */
function classesOf(L: Layout, nodeBudget: Budget, dropSelfEnergy: boolean): RawClass[] {
  const n = L.n, m = L.m, P = n + m, V = L.vertexKind.length;
  const deg = new Int32Array(P);
  for (let i = 0; i < n; i++) deg[i] = 1;
  for (let i = 0; i < m; i++) deg[n + i] = L.pointDeg[i]!;
  let total = 0;
  for (let i = 0; i < P; i++) total += deg[i]!;
  if (total % 2 === 1) return [];
  const vert = new Int32Array(P).fill(-1);
  for (let i = 0; i < m; i++) vert[n + i] = L.pointVertex[i]!;
  const firstPointOf = L.vertexStart.map((s) => n + s);
  const blockOf = new Int32Array(V);
  L.blocks.forEach(([b0, b1], b) => { for (let v = b0; v < b1; v++) blockOf[v] = b; });

  const A = new Uint8Array(P * P);
  const rem = deg.slice();
  const touched = new Int32Array(V);
  // Per row: for each vertex, the previous untouched vertex of its block at the row's start (or -1); -2 = touched.
  const prevUntouched = new Int32Array(P * V);
  const found = new Map<string, RawClass>();

  const inner = new Uint8Array(m * m);
  const ext = new Int32Array(m);
  const extLine = new Uint8Array(P); // scratch for the key of external-external lines

  const reach = new Uint8Array(V);
  const stack: number[] = [];
  const vinner = new Int32Array(V * V);
  const vlegs = L.vertexKind.map((k) => k.legs);
  const emit = () => {
    // Vacuum check: every vertex must reach an external (multi-local points joined).
    reach.fill(0);
    stack.length = 0;
    for (let x = 0; x < n; x++) {
      for (let q = n; q < P; q++) if (A[x * P + q]) { const v = vert[q]!; if (!reach[v]) { reach[v] = 1; stack.push(v); } }
    }
    while (stack.length) {
      const v = stack.pop()!;
      const s = firstPointOf[v]!, e = s + L.vertexKind[v]!.powers.length;
      for (let p = s; p < e; p++) {
        for (let q = n; q < P; q++) {
          if (A[p * P + q]) { const w = vert[q]!; if (!reach[w]) { reach[w] = 1; stack.push(w); } }
        }
      }
    }
    for (let v = 0; v < V; v++) if (!reach[v]) return;
    if (dropSelfEnergy) {
      // Skeleton mode: the self-energy test is isomorphism invariant, so it runs on the labelled
      // graph, before the canonical form: dropped graphs cost neither canonicalisation nor memory.
      vinner.fill(0);
      for (let a = n; a < P; a++) {
        const va = vert[a]!;
        for (let b = a; b < P; b++) {
          const c = A[a * P + b]!;
          if (!c) continue;
          const vb = vert[b]!;
          vinner[va * V + vb] += c;
          if (va !== vb) vinner[vb * V + va] += c;
        }
      }
      if (hasSelfEnergyCounts(V, vlegs, vinner)) return;
    }
    for (let i = 0; i < m; i++) {
      let mask = 0;
      for (let x = 0; x < n; x++) if (A[x * P + n + i]) mask |= 1 << x;
      ext[i] = mask;
      for (let j = 0; j < m; j++) inner[i * m + j] = A[(n + i) * P + n + j]!;
    }
    const cf = canonicalize(L, inner, ext);
    let extKey = '';
    for (let x = 0; x < n; x++) {
      extLine[x] = 0;
      for (let y = 0; y < n; y++) if (A[x * P + y]) extLine[x] = y + 1;
      extKey += String.fromCharCode(extLine[x]!);
    }
    const key = extKey + '#' + cf.key;
    if (found.has(key)) return;
    if (--nodeBudget.classesLeft < 0) {
      throw new BudgetExceededError('diagram generation (distinct diagrams)', Math.max(nodeBudget.estimate, nodeBudget.limit + 1), nodeBudget.limit);
    }
    // Store the canonical relabelling of the full matrix.
    const C = new Uint8Array(P * P);
    const newIdx = (p: number) => (p < n ? p : n + cf.newOf[p - n]!);
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) C[newIdx(a) * P + newIdx(b)] = A[a * P + b]!;
    found.set(key, { A: C, aut: cf.aut });
  };

  const row = (p0: number): void => {
    if (--nodeBudget.left < 0) {
      throw new BudgetExceededError('diagram generation (search nodes)', nodeBudget.estimate, nodeBudget.limit);
    }
    let p = p0;
    while (p < P && rem[p] === 0) p++;
    if (p === P) { emit(); return; }
    const vp = vert[p]!;
    if (vp >= 0 && firstPointOf[vp] === p) {
      let any = false;
      for (let v = vp; v < V && !any; v++) if (touched[v]) any = true;
      if (!any) return; // only vacuum parts could follow
    }
    // Untouched vertices after vp, with their predecessor in the block.
    const base = p * V;
    const lastInBlock = new Int32Array(L.blocks.length).fill(-1);
    for (let v = 0; v < V; v++) {
      if (v <= vp || touched[v]) { prevUntouched[base + v] = -2; continue; }
      const b = blockOf[v]!;
      prevUntouched[base + v] = lastInBlock[b]!;
      lastInBlock[b] = v;
    }
    // Capacity of the columns after each q (for pruning).
    const suffix = new Int32Array(P + 1);
    for (let q = P - 1; q > p; q--) suffix[q] = suffix[q + 1]! + rem[q]!;
    const r = rem[p]!;
    rem[p] = 0;
    const cols = (q: number, left: number): void => {
      if (left === 0 || q === P) {
        if (left !== 0) return;
        // Columns q..P-1 stay 0: check the lexicographic rule of untouched vertices not yet checked.
        for (let v = 0; v < V; v++) {
          const pv = prevUntouched[base + v]!;
          if (pv < 0) continue;
          const last = firstPointOf[v]! + L.vertexKind[v]!.powers.length - 1;
          if (last >= q && lexGreater(v, pv)) return;
        }
        row(p + 1);
        return;
      }
      if (left > suffix[q]!) return;
      const max = Math.min(left, rem[q]!);
      for (let a = max; a >= 0; a--) {
        A[p * P + q] = a; A[q * P + p] = a;
        rem[q] = rem[q]! - a;
        const v = vert[q]!;
        if (v >= 0) touched[v] = touched[v]! + a;
        let ok = true;
        if (v >= 0) {
          const pv = prevUntouched[base + v]!;
          const last = firstPointOf[v]! + L.vertexKind[v]!.powers.length - 1;
          if (pv >= 0 && q === last && lexGreater(v, pv)) ok = false;
        }
        if (ok) cols(q + 1, left - a);
        if (v >= 0) touched[v] = touched[v]! - a;
        rem[q] = rem[q]! + a;
        A[p * P + q] = 0; A[q * P + p] = 0;
      }
    };
    const lexGreater = (v: number, pv: number): boolean => {
      const sv = firstPointOf[v]!, sp = firstPointOf[pv]!, len = L.vertexKind[v]!.powers.length;
      for (let j = 0; j < len; j++) {
        const a = A[p * P + sv + j]!, b = A[p * P + sp + j]!;
        if (a !== b) return a > b;
      }
      return false;
    };
    if (vp >= 0) touched[vp] = touched[vp]! + r;
    for (let loops = r >> 1; loops >= 0; loops--) {
      A[p * P + p] = loops;
      cols(p + 1, r - 2 * loops);
    }
    A[p * P + p] = 0;
    if (vp >= 0) touched[vp] = touched[vp]! - r;
    rem[p] = r;
  };
  row(0);
  return [...found.values()];
}

function termVertexId(kind: VertexKind, vertexIndex: number, firstPointName: string): string {
  return kind.powers.length === 1 ? firstPointName : `v${vertexIndex + 1}`;
}

/** Builds the public Diagram of one class. */
function toDiagram(L: Layout, cls: RawClass): Diagram {
  const n = L.n, m = L.m, P = n + m, V = L.vertexKind.length;
  const A = cls.A;
  const names = Array.from({ length: P }, (_, p) => (p < n ? `x${p + 1}` : `y${p - n + 1}`));
  const name = (p: number) => names[p]!;
  const externals = Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const vertices: DiagramVertex[] = L.vertexKind.map((k, v) => {
    const s = n + L.vertexStart[v]!;
    const points = k.powers.map((_, j) => name(s + j));
    return { id: termVertexId(k, v, points[0]!), term: k.text, termIndex: k.termIndex, points, legs: k.legs, powers: k.powers, symmetries: k.symmetries };
  });
  const edges: [string, string][] = [];
  let S = BigInt(cls.aut);
  for (let a = 0; a < P; a++) {
    for (let b = a; b < P; b++) {
      const c = A[a * P + b]!;
      for (let i = 0; i < c; i++) edges.push([name(a), name(b)]);
      S *= factorial(c);
      if (a === b) S *= 2n ** BigInt(c);
    }
  }
  let coef = Rational.of(L.vertexKind.length % 2 === 0 ? 1n : -1n);
  const couplings: Record<string, number> = {};
  for (const k of L.vertexKind) {
    coef = coef.mul(k.term.prefactor).mul(Rational.of(k.symmetries.length));
    for (const p of k.powers) coef = coef.mul(Rational.of(factorial(p)));
    for (const [c, e] of Object.entries(k.term.couplings)) couplings[c] = (couplings[c] ?? 0) + e;
  }
  coef = coef.div(Rational.of(S));
  const ng = nodeGraphOf(L, A);
  const { connected, onePI } = connectivity(ng);
  const label = labelOf(vertices, edges);
  return {
    label, order: V, coefficient: coef, symmetryFactor: Rational.of(S), couplings, externals,
    vertices, edges, connected, onePI,
  };
}

function labelOf(vertices: readonly DiagramVertex[], edges: readonly (readonly [string, string])[]): string {
  const terms = vertices.map((v) => v.term).join(', ');
  const lines = edges.map(([a, b]) => `${a}-${b}`).join(' ');
  return terms ? `${terms}: ${lines}` : lines || '1'; // '1': the empty diagram (n = 0, order 0)
}

/** Node graph (externals, vertices) of a full adjacency in a layout. */
function nodeGraphOf(L: Layout, A: Uint8Array): NodeGraph {
  const n = L.n, P = n + L.m;
  const node = (p: number) => (p < n ? p : n + L.pointVertex[p - n]!);
  const lines: [number, number][] = [];
  for (let a = 0; a < P; a++) for (let b = a; b < P; b++) for (let i = 0; i < A[a * P + b]!; i++) lines.push([node(a), node(b)]);
  return { n, vertices: L.vertexKind.length, legs: L.vertexKind.map((k) => k.legs), lines };
}

/** Node graph of a public Diagram (for flags and the skeleton rule on any diagram). */
export function diagramNodeGraph(d: Diagram): NodeGraph {
  const n = d.externals.length;
  const nodeOf = new Map<string, number>();
  d.externals.forEach((x, i) => nodeOf.set(x, i));
  d.vertices.forEach((v, j) => v.points.forEach((p) => nodeOf.set(p, n + j)));
  const lines = d.edges.map(([a, b]) => [nodeOf.get(a)!, nodeOf.get(b)!] as [number, number]);
  return { n, vertices: d.vertices.length, legs: d.vertices.map((v) => v.legs), lines };
}

/** True when the diagram contains a self-energy insertion (dropped in skeleton mode). */
export function isSelfEnergyDiagram(d: Diagram): boolean {
  return hasSelfEnergy(diagramNodeGraph(d));
}

/** Stable order: by order, then label. */
export function compareDiagrams(a: Diagram, b: Diagram): number {
  if (a.order !== b.order) return a.order - b.order;
  return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
}

/**
 * Warnings about a diagram request, for the user (the CLI prints them on stderr,
 * the JSON document carries them). Today one: skeleton mode with a term of odd
 * total field power. The skeleton rule (CONVENTIONS §5, file header) reproduces the
 * exact series only for even (Z2-symmetric) actions; an odd term makes tadpoles and
 * G1 ≠ 0, whose one-point insertions the rule does not resum, so the skeleton
 * series is then not the exact G(n) with dressed lines.
 * @param mode as passed to {@link generateDiagrams} (undefined means skeleton)
 */
export function diagramWarnings(action: Action, mode: DiagramMode | undefined, termText: (t: Term, index: number) => string = (t) => printTerm(t)): string[] {
  if ((mode ?? 'skeleton') !== 'skeleton') return [];
  const odd = action.terms
    .map((t, i) => ({ t, i, power: t.points.reduce((s, p) => s + p.power, 0) }))
    .filter((x) => x.power % 2 === 1);
  if (!odd.length) return [];
  const list = odd.map((x) => `${termText(x.t, x.i)} (field power ${x.power})`).join(', ');
  return [
    `skeleton mode is exact only for even actions; odd term${odd.length > 1 ? 's' : ''} ${list}: ` +
    'tadpoles and one-point insertions (G1 ≠ 0) are not covered by dropping self-energies; use --mode full for the complete series',
  ];
}

/**
 * Refuses a correlator that vanishes identically by symmetry: an odd n when every term of the
 * action has an even field power (f → −f is then a symmetry of S, so every odd G(n) is 0 and
 * there are no diagrams). The CLI's diagrams and predict and the library's predictCorrelators
 * refuse it, as exact and sample refuse odd n (the networks are symmetric under W1, b1 → −W1, −b1):
 * one answer, an error naming the cause, rather than a table of zeros in some commands.
 * @throws InvalidArgumentError for an odd n of an even action
 */
export function refuseVanishingCorrelator(action: Action, n: number): void {
  if (n % 2 === 0 || action.terms.some((t) => t.points.reduce((s, p) => s + p.power, 0) % 2 === 1)) return;
  throw new InvalidArgumentError(
    `G(${n}) vanishes identically: every term of the action has an even field power, so f → −f is a symmetry and every odd correlator is 0; ask for an even n`,
  );
}

/**
 * Every diagram of G(n) at orders 0..order: externals x1..xn labelled, internal
 * points up to relabelling, exact coefficients (see the file header), in a
 * stable order (by order, then canonical label). Vacuum components never
 * appear; `skeleton` mode (default) drops diagrams with a self-energy insertion.
 * @throws InvalidArgumentError on bad n/order/action
 * @throws BudgetExceededError (with the estimate) before generating a request over `maxDiagrams`
 */
export function generateDiagrams(action: Action, opts: GenerateOptions): Diagram[] {
  const { n, order } = opts;
  const mode: DiagramMode = opts.mode ?? 'skeleton';
  const maxDiagrams = opts.maxDiagrams ?? DEFAULT_MAX_DIAGRAMS;
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new InvalidArgumentError(`n must be an integer in 0..30, got ${n}`);
  if (!Number.isInteger(order) || order < 0) throw new InvalidArgumentError(`order must be a non-negative integer, got ${order}`);
  if (mode !== 'skeleton' && mode !== 'full') throw new InvalidArgumentError(`mode must be skeleton or full, got ${String(mode)}`);
  if (!(maxDiagrams > 0)) throw new InvalidArgumentError(`maxDiagrams must be positive, got ${maxDiagrams}`);
  const kinds = vertexKinds(action, opts.termText);
  if (mode === 'skeleton' && order > MAX_SELF_ENERGY_VERTICES && kinds.length > 0) {
    throw new BudgetExceededError('skeleton mode (self-energy test over 2^order vertex subsets)', 2 ** order, 2 ** MAX_SELF_ENERGY_VERTICES);
  }
  if (order > MAX_ORDER && kinds.length > 0) {
    // Beyond any feasible request; the estimate of the single top-order multiset alone overflows.
    throw new BudgetExceededError('diagram generation (order)', estimateComposition(n, kinds, [order]) || Infinity, maxDiagrams);
  }
  const comps: number[][] = [];
  let estimate = 0;
  let visited = 0;
  for (let k = 0; k <= order && visited < MAX_ESTIMATED_COMPOSITIONS; k++) {
    for (const c of kinds.length === 0 ? (k === 0 ? [[]] : []) : compositions(kinds.length, k)) {
      if (++visited > MAX_ESTIMATED_COMPOSITIONS) break;
      // Canonical forms try every point symmetry at every vertex: bound that product too.
      const symProduct = c.reduce((p, ct, t) => p * kinds[t]!.symmetries.length ** ct, 1);
      if (symProduct > MAX_SYMMETRY_PRODUCT) throw new BudgetExceededError('relabellings per diagram (point symmetries)', symProduct, MAX_SYMMETRY_PRODUCT);
      estimate += estimateComposition(n, kinds, c) * (mode === 'skeleton' ? SKELETON_WORK_FRACTION : 1);
      if (estimate <= maxDiagrams) comps.push(c);
    }
  }
  // Over budget: refuse with the estimate of the whole request (as far as it was summed), before generating.
  if (estimate > maxDiagrams || visited > MAX_ESTIMATED_COMPOSITIONS) {
    throw new BudgetExceededError('diagram generation', estimate, maxDiagrams);
  }
  // The search tree is bounded too (a guard against a poor estimate): never a hang or an out-of-memory crash.
  const budget: Budget = { left: Math.ceil(maxDiagrams * 200) + 10_000, classesLeft: Math.ceil(maxDiagrams * 1.5), limit: maxDiagrams, estimate };
  const out: Diagram[] = [];
  for (const c of comps) {
    const L = makeLayout(n, kinds, c);
    for (const cls of classesOf(L, budget, mode === 'skeleton')) out.push(toDiagram(L, cls));
  }
  return out.sort(compareDiagrams);
}

function permutationsOf(k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutationsOf(k - 1)) for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), k - 1, ...p.slice(i)]);
  return out;
}

/**
 * Groups labelled diagrams into topologies with unlabelled externals: two
 * diagrams are in one class when some relabelling of the externals (and of
 * the internal points) maps one onto the other. Since an external point has a
 * single line, a class is fixed by the internal multigraph, the number of
 * external legs at each internal point, and the number of external–external
 * lines. Each class is returned once: the first member (in the stable order)
 * with the class's total `coefficient`, its `multiplicity` (number of labelled
 * diagrams) and a canonical class label (externals written "x"). For
 * λf⁴+κf⁶, G6 at first order: λ total −360, κ classes −720 and −5400.
 */
export function groupByTopology(diagrams: readonly Diagram[]): Diagram[] {
  const classes = new Map<string, { rep: Diagram; total: Rational; count: number; label: string }>();
  for (const d of [...diagrams].sort(compareDiagrams)) {
    const { key, label } = topologyKey(d);
    const c = classes.get(key);
    if (c) { c.total = c.total.add(d.coefficient); c.count++; }
    else classes.set(key, { rep: d, total: d.coefficient, count: 1, label });
  }
  return [...classes.values()]
    .map(({ rep, total, count, label }) => ({ ...rep, label, coefficient: total, multiplicity: count }))
    .sort(compareDiagrams);
}

function topologyKey(d: Diagram): { key: string; label: string } {
  const n = d.externals.length;
  const verts = d.vertices.map((v, i) => ({ v, i })).sort((a, b) => a.v.termIndex - b.v.termIndex || a.i - b.i).map((x) => x.v);
  const pointIndex = new Map<string, number>();
  const extSet = new Set(d.externals);
  let m = 0;
  for (const v of verts) for (const p of v.points) pointIndex.set(p, m++);
  const degree = new Int32Array(m);
  for (const [a, b] of d.edges) {
    if (pointIndex.has(a)) degree[pointIndex.get(a)!]++;
    if (pointIndex.has(b)) degree[pointIndex.get(b)!]++;
  }
  // Pseudo vertex kinds per term index (canonicalize needs termIndex, powers, symmetries, orbits).
  const kindsByTerm = new Map<number, VertexKind>();
  for (const v of verts) {
    if (kindsByTerm.has(v.termIndex)) continue;
    const powers = v.powers ? [...v.powers] : v.points.map((p) => degree[pointIndex.get(p)!]!);
    const symmetries = v.symmetries
      ? v.symmetries.map((s) => [...s])
      : permutationsOf(powers.length).filter((s) => s.every((j, i) => powers[j] === powers[i]));
    const orbit = powers.map((_, i) => Math.min(...symmetries.map((s) => s[i]!)));
    kindsByTerm.set(v.termIndex, {
      termIndex: v.termIndex, term: undefined as unknown as Term, text: v.term, powers, legs: v.legs, symmetries, orbit,
    });
  }
  const terms = [...kindsByTerm.keys()].sort((a, b) => a - b);
  const kinds = terms.map((t) => kindsByTerm.get(t)!);
  const comp = terms.map((t) => verts.filter((v) => v.termIndex === t).length);
  const L = makeLayout(n, kinds, comp);
  const inner = new Uint8Array(m * m);
  const ext = new Int32Array(m);
  let extExt = 0;
  for (const [a, b] of d.edges) {
    const ea = extSet.has(a), eb = extSet.has(b);
    if (ea && eb) extExt++;
    else if (ea) ext[pointIndex.get(b)!]++;
    else if (eb) ext[pointIndex.get(a)!]++;
    else {
      const i = pointIndex.get(a)!, j = pointIndex.get(b)!;
      inner[i * m + j]++;
      if (i !== j) inner[j * m + i]++;
    }
  }
  const cf = canonicalize(L, inner, ext);
  const old = new Int32Array(m);
  for (let i = 0; i < m; i++) old[cf.newOf[i]!] = i;
  const lines: string[] = [];
  for (let k = 0; k < extExt; k++) lines.push('x-x');
  for (let i = 0; i < m; i++) for (let k = 0; k < ext[old[i]!]!; k++) lines.push(`x-y${i + 1}`);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) for (let k = 0; k < inner[old[i]! * m + old[j]!]!; k++) lines.push(`y${i + 1}-y${j + 1}`);
  }
  const termsText = kinds.flatMap((k, t) => Array.from({ length: comp[t]! }, () => k.text)).join(', ');
  const label = termsText ? `${termsText}: ${lines.join(' ')}` : lines.join(' ');
  return { key: `${n}|${terms.map((t, i) => `${t}^${comp[i]}`).join(',')}|${label}|${cf.key}`, label };
}
