/**
 * Graph properties of a diagram: connectedness, one-particle irreducibility and
 * self-energy insertions (the skeleton rule of CONVENTIONS §5; Halverson,
 * Maiti, Stoner, arXiv:2008.08601 §4). A multi-local vertex counts as one
 * node: its points are joined through the term's integral.
 *
 * A diagram as a graphology multigraph ({@link toGraphology}) serves the
 * render step and cross-checks; the per-diagram flags use plain arrays (below).
 */
import graphology from 'graphology';
import { BudgetExceededError } from '../core/errors.js';
import type { MultiUndirectedGraph as MultiGraphT } from 'graphology';

// graphology ships CommonJS; the default export carries the classes.
const { MultiUndirectedGraph } = graphology as unknown as { MultiUndirectedGraph: typeof MultiGraphT };

/** Most vertices the self-energy test handles (it checks all 2^V vertex subsets). */
export const MAX_SELF_ENERGY_VERTICES = 20;

/** A diagram reduced to nodes (externals, then vertices) and lines between nodes. */
export interface NodeGraph {
  /** Number of external nodes (0..n-1). */
  readonly n: number;
  /** Number of vertex nodes (n..n+V-1). */
  readonly vertices: number;
  /** Legs of each vertex node. */
  readonly legs: readonly number[];
  /** Lines as node pairs; a line between two points of the same vertex is a self-line. */
  readonly lines: readonly (readonly [number, number])[];
}

/** The graphology multigraph of a node graph (node keys "0", "1", …). */
export function toGraphology(g: NodeGraph): MultiGraphT {
  const G = new MultiUndirectedGraph({ allowSelfLoops: true });
  for (let i = 0; i < g.n + g.vertices; i++) G.addNode(String(i));
  for (const [a, b] of g.lines) G.addEdge(String(a), String(b));
  return G;
}

function components(nodes: number, lines: readonly (readonly [number, number])[], skip: number): number {
  const parent = new Int32Array(nodes);
  for (let i = 0; i < nodes; i++) parent[i] = i;
  const find = (x: number): number => { while (parent[x] !== x) { parent[x] = parent[parent[x]!]!; x = parent[x]!; } return x; };
  let comps = nodes;
  for (let e = 0; e < lines.length; e++) {
    if (e === skip) continue;
    const a = find(lines[e]![0]), b = find(lines[e]![1]);
    if (a !== b) { parent[a] = b; comps--; }
  }
  return comps;
}

/**
 * connected: one component. onePI: connected and still connected after cutting
 * any single line between two vertices (external legs are amputated, never cut).
 * Plain union–find rather than graphology: this runs once per generated diagram
 * (hundreds of thousands at order 5), where building graphology objects
 * dominated the run time; test/diagrams checks it against graphology.
 */
export function connectivity(g: NodeGraph): { connected: boolean; onePI: boolean } {
  const N = g.n + g.vertices;
  const connected = N <= 1 || components(N, g.lines, -1) === 1;
  if (!connected) return { connected, onePI: false };
  const mult = new Map<number, number>();
  for (const [a, b] of g.lines) if (a !== b) { const k = Math.min(a, b) * N + Math.max(a, b); mult.set(k, (mult.get(k) ?? 0) + 1); }
  for (let e = 0; e < g.lines.length; e++) {
    const [a, b] = g.lines[e]!;
    if (a === b || a < g.n || b < g.n) continue;
    if (mult.get(Math.min(a, b) * N + Math.max(a, b))! > 1) continue; // a parallel line keeps it joined
    if (components(N, g.lines, e) > 1) return { connected, onePI: false };
  }
  return { connected, onePI: true };
}

/**
 * True when some connected set S of vertices is joined to the rest of the
 * diagram by exactly two line ends (a self-energy insertion): Σ_{v∈S} legs_v −
 * 2·(lines with both ends in S) = 2. Vertex counts are small (the order), so all
 * 2^V subsets are checked.
 */
export function hasSelfEnergy(g: NodeGraph): boolean {
  const V = g.vertices;
  if (V === 0) return false;
  // Vertex-level line counts.
  const inner = new Int32Array(V * V);
  for (const [a, b] of g.lines) {
    if (a < g.n || b < g.n) continue;
    const x = a - g.n, y = b - g.n;
    inner[x * V + y]++;
    if (x !== y) inner[y * V + x]++;
  }
  return hasSelfEnergyCounts(V, g.legs, inner);
}

/**
 * {@link hasSelfEnergy} on vertex-level counts: `inner[v*V+w]` lines between
 * vertices v ≠ w (symmetric), `inner[v*V+v]` lines with both ends at v.
 */
export function hasSelfEnergyCounts(V: number, legs: ArrayLike<number>, inner: Int32Array): boolean {
  if (V === 0) return false;
  if (V > MAX_SELF_ENERGY_VERTICES) throw new BudgetExceededError('self-energy test (vertex subsets)', 2 ** V, 2 ** MAX_SELF_ENERGY_VERTICES);
  for (let S = 1; S < 1 << V; S++) {
    let ends = 0, internal = 0;
    for (let v = 0; v < V; v++) {
      if (!(S & (1 << v))) continue;
      ends += legs[v]!;
      internal += inner[v * V + v]!;
      for (let w = v + 1; w < V; w++) if (S & (1 << w)) internal += inner[v * V + w]!;
    }
    if (ends - 2 * internal !== 2) continue;
    // Connected within S?
    const first = 31 - Math.clz32(S & -S);
    let reach = 1 << first, frontier = reach;
    while (frontier) {
      let next = 0;
      for (let v = 0; v < V; v++) {
        if (!(frontier & (1 << v))) continue;
        for (let w = 0; w < V; w++) if (S & (1 << w) && !(reach & (1 << w)) && inner[v * V + w]) next |= 1 << w;
      }
      reach |= next; frontier = next;
    }
    if (reach === S) return true;
  }
  return false;
}
