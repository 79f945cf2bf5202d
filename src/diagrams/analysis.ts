/**
 * Graph properties of a diagram: connectedness, one-particle irreducibility and
 * self-energy insertions (the skeleton rule of CONVENTIONS §5; Halverson,
 * Maiti, Stoner, arXiv:2008.08601 §4). A multi-local vertex counts as one
 * node: its points are joined through the term's integral.
 *
 * These run once per distinct diagram (not in the generation loop), so the
 * diagram is a graphology multigraph here.
 */
import graphology from 'graphology';
import type { MultiUndirectedGraph as MultiGraphT } from 'graphology';

// graphology ships CommonJS; the default export carries the classes.
const { MultiUndirectedGraph } = graphology as unknown as { MultiUndirectedGraph: typeof MultiGraphT };

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

function componentsCount(G: MultiGraphT, skipEdge?: string): number {
  const seen = new Set<string>();
  let comps = 0;
  for (const start of G.nodes()) {
    if (seen.has(start)) continue;
    comps++;
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const u = stack.pop()!;
      G.forEachEdge(u, (e, _attr, s, t) => {
        if (e === skipEdge) return;
        const w = s === u ? t : s;
        if (!seen.has(w)) { seen.add(w); stack.push(w); }
      });
    }
  }
  return comps;
}

/**
 * connected: one component. onePI: connected and still connected after cutting
 * any single line between two vertices (external legs are amputated, never cut).
 */
export function connectivity(g: NodeGraph): { connected: boolean; onePI: boolean } {
  const G = toGraphology(g);
  const connected = componentsCount(G) === 1;
  if (!connected) return { connected, onePI: false };
  let onePI = true;
  G.forEachEdge((e, _a, s, t) => {
    if (!onePI || s === t) return;
    if (Number(s) < g.n || Number(t) < g.n) return;
    if (componentsCount(G, e) > 1) onePI = false;
  });
  return { connected, onePI };
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
  if (V > 20) throw new Error('hasSelfEnergy: too many vertices');
  // Vertex-level line counts.
  const inner = new Int32Array(V * V);
  for (const [a, b] of g.lines) {
    if (a < g.n || b < g.n) continue;
    const x = a - g.n, y = b - g.n;
    inner[x * V + y]++;
    if (x !== y) inner[y * V + x]++;
  }
  for (let S = 1; S < 1 << V; S++) {
    let ends = 0, internal = 0;
    for (let v = 0; v < V; v++) {
      if (!(S & (1 << v))) continue;
      ends += g.legs[v]!;
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
