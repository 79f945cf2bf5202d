/**
 * The JSON document of `nnqft diagrams --json` (issue 2 §5; CONVENTIONS §5):
 * {"n","order","mode","diagrams":[{label, order, coefficient, symmetryFactor,
 * couplings, externals, vertices:[{id,term,points,legs}], edges, connected,
 * onePI[, multiplicity]}][, "warnings": [string…]]}, exact rationals as strings.
 * `warnings` (diagramWarnings) appears only when there is one, so the document of
 * an ordinary request keeps exactly its original keys.
 */
import type { Diagram, DiagramMode } from './types.js';

/** One diagram in the JSON shape of the CLI contract. */
export interface DiagramJson {
  label: string;
  order: number;
  coefficient: string;
  symmetryFactor: string;
  couplings: Record<string, number>;
  externals: string[];
  vertices: { id: string; term: string; points: string[]; legs: number }[];
  edges: [string, string][];
  connected: boolean;
  onePI: boolean;
  multiplicity?: number;
}

/** The CLI contract's projection of a diagram (fields in the documented order; nothing else). */
export function diagramToJson(d: Diagram): DiagramJson {
  const out: DiagramJson = {
    label: d.label,
    order: d.order,
    coefficient: d.coefficient.toString(),
    symmetryFactor: d.symmetryFactor.toString(),
    couplings: { ...d.couplings },
    externals: [...d.externals],
    vertices: d.vertices.map((v) => ({ id: v.id, term: v.term, points: [...v.points], legs: v.legs })),
    edges: d.edges.map(([a, b]) => [a, b] as [string, string]),
    connected: d.connected,
    onePI: d.onePI,
  };
  if (d.multiplicity !== undefined) out.multiplicity = d.multiplicity;
  return out;
}

/** The whole document; `meta.warnings`, when non-empty, is appended as `warnings`. */
export function diagramsDocument(
  ds: readonly Diagram[],
  meta: { n: number; order: number; mode: DiagramMode; warnings?: readonly string[] },
): { n: number; order: number; mode: DiagramMode; diagrams: DiagramJson[]; warnings?: string[] } {
  const doc: { n: number; order: number; mode: DiagramMode; diagrams: DiagramJson[]; warnings?: string[] } =
    { n: meta.n, order: meta.order, mode: meta.mode, diagrams: ds.map(diagramToJson) };
  if (meta.warnings?.length) doc.warnings = [...meta.warnings];
  return doc;
}
