/**
 * A diagram as a graphology multigraph at the level of points (for the render
 * step and graph algorithms): nodes are the external points x1..xn and the
 * internal points y1..; each propagator line is one edge (parallel lines and
 * self-loops kept). CONVENTIONS §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4.
 */
import graphology from 'graphology';
import type { MultiUndirectedGraph as MultiGraphT } from 'graphology';
import type { Diagram } from './types.js';

// graphology ships CommonJS; the default export carries the classes.
const { MultiUndirectedGraph } = graphology as unknown as { MultiUndirectedGraph: typeof MultiGraphT };

/** Node attributes of {@link diagramGraph}. */
export interface PointAttributes {
  kind: 'external' | 'internal';
  /** Vertex id (internal points only); the points of a multi-local vertex share it. */
  vertex?: string;
  /** The vertex's term text (internal points only). */
  term?: string;
}

/** The point-level multigraph of a diagram: node keys are point ids, one edge per line (edge attribute `line`: index in `d.edges`). */
export function diagramGraph(d: Diagram): MultiGraphT<PointAttributes, { line: number }> {
  const G = new MultiUndirectedGraph<PointAttributes, { line: number }>({ allowSelfLoops: true });
  for (const x of d.externals) G.addNode(x, { kind: 'external' });
  for (const v of d.vertices) for (const p of v.points) G.addNode(p, { kind: 'internal', vertex: v.id, term: v.term });
  d.edges.forEach(([a, b], line) => { G.addEdge(a, b, { line }); });
  return G;
}
