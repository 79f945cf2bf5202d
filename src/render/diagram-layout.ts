/**
 * Deterministic, rule-based layout of a Feynman diagram (src/diagrams/types.ts;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4): the same diagram gives the same
 * coordinates on every run and platform, which is what golden files and a
 * paper's figures need (a force layout would drift with the engine's version).
 *
 * Rules: each connected piece (lines plus the dashed links of multi-local
 * vertices) is laid out on its own and the pieces are set side by side; the
 * internal points of a piece sit on a segment or a regular polygon; every
 * external point and self-loop takes an angular slot around its internal point,
 * in the gaps left by the lines to other internal points; parallel lines bulge
 * alternately to either side. Coordinates are mathematical (y up), in px.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Diagram } from '../diagrams/types.js';

/** A point in the plane. */
export interface Pt { readonly x: number; readonly y: number }

/** One drawn line. */
export type LaidEdge =
  | { readonly kind: 'straight'; readonly from: string; readonly to: string; readonly a: Pt; readonly b: Pt }
  /** Quadratic Bézier from a to b through control point c. */
  | { readonly kind: 'arc'; readonly from: string; readonly to: string; readonly a: Pt; readonly c: Pt; readonly b: Pt }
  /** Cubic Bézier from p back to p; `angle` is the loop's direction (radians). */
  | { readonly kind: 'loop'; readonly from: string; readonly to: string; readonly a: Pt; readonly c1: Pt; readonly c2: Pt; readonly angle: number };

/** A laid-out point with where its label goes. */
export interface LaidPoint {
  readonly id: string;
  readonly external: boolean;
  readonly pos: Pt;
  readonly labelPos: Pt;
}

/** The layout of a diagram: points, one entry per edge (in the diagram's order), and the dashed links. */
export interface DiagramLayout {
  readonly points: readonly LaidPoint[];
  readonly edges: readonly LaidEdge[];
  readonly links: readonly { readonly from: string; readonly to: string; readonly a: Pt; readonly b: Pt }[];
  /** Bounding box of everything drawn, labels included. */
  readonly box: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
}

/** Geometry constants (px). */
const LEG = 62;          // external line length
const SPACING = 96;      // distance between neighbouring internal points
const LOOP = 34;         // self-loop size
const LABEL = 15;        // label distance from its point
const PIECE_GAP = 34;    // gap between disconnected pieces
const TAU = 2 * Math.PI;

const dir = (t: number): Pt => ({ x: Math.cos(t), y: Math.sin(t) });
const add = (p: Pt, q: Pt, s = 1): Pt => ({ x: p.x + s * q.x, y: p.y + s * q.y });
const norm = (t: number): number => ((t % TAU) + TAU) % TAU;

/** Checks the diagram's references; a renderer must never draw a line to nowhere. */
export function checkDiagram(d: Diagram): void {
  const ids = new Set<string>();
  const addId = (id: string, what: string) => {
    if (typeof id !== 'string' || id === '') throw new InvalidArgumentError(`diagram ${what} has an empty id`);
    if (ids.has(id)) throw new InvalidArgumentError(`diagram point id "${id}" is used twice`, { id });
    ids.add(id);
  };
  for (const x of d.externals) addId(x, 'external point');
  for (const v of d.vertices) {
    if (v.points.length === 0) throw new InvalidArgumentError(`diagram vertex "${v.id}" has no points`, { vertex: v.id });
    for (const p of v.points) addId(p, 'internal point');
  }
  for (const e of d.edges) {
    if (!Array.isArray(e) || e.length !== 2) throw new InvalidArgumentError('a diagram edge must be a pair of point ids');
    for (const p of e) if (!ids.has(p)) throw new InvalidArgumentError(`diagram edge refers to unknown point "${p}"`, { point: p });
  }
}

/**
 * Places the items (`count` of them) in the angular gaps between the fixed
 * directions: each goes to the gap whose spacing stays widest, then items are
 * spread evenly inside their gap. Returns the angles in item order.
 */
function placeInGaps(fixed: number[], count: number): number[] {
  if (count === 0) return [];
  const f = [...new Set(fixed.map((t) => Number(norm(t).toFixed(9))))].sort((a, b) => a - b);
  const gaps = f.map((start, i) => ({ start, width: i + 1 < f.length ? f[i + 1]! - start : f[0]! + TAU - start, n: 0 }));
  const choice: number[] = [];
  for (let k = 0; k < count; k++) {
    let best = 0;
    for (let g = 1; g < gaps.length; g++) {
      // Strict comparison with a tolerance: ties go to the first gap, so the result is stable.
      if (gaps[g]!.width / (gaps[g]!.n + 2) > gaps[best]!.width / (gaps[best]!.n + 2) + 1e-9) best = g;
    }
    choice.push(best);
    gaps[best]!.n++;
  }
  const used = gaps.map(() => 0);
  return choice.map((g) => {
    const gap = gaps[g]!;
    used[g]!++;
    // Items go counter-clockwise from the gap's start, as the externals do around the whole diagram.
    return gap.start + (gap.width * used[g]!) / (gap.n + 1);
  });
}

/** Even directions for m externals around a lone point, counter-clockwise from the upper left: X for four, a line for two. */
function evenAngles(m: number): number[] {
  const offset = m % 2 === 0 && m > 2 ? Math.PI / m : 0;
  return Array.from({ length: m }, (_, j) => Math.PI - offset + (TAU * j) / m);
}

/**
 * The middle of the widest free angular gap around a point, given the occupied
 * directions; among equally wide gaps the one nearest `prefer` (labels read
 * best below a vertex, loops sit best above it).
 */
function widestGapMiddle(occupied: number[], fallback: number, prefer = 1.5 * Math.PI): number {
  if (occupied.length === 0) return fallback;
  const f = [...occupied.map(norm)].sort((a, b) => a - b);
  let best = -1, mid = fallback;
  const fromDown = (t: number) => Math.abs(norm(t - prefer + Math.PI) - Math.PI);
  for (let i = 0; i < f.length; i++) {
    const w = i + 1 < f.length ? f[i + 1]! - f[i]! : f[0]! + TAU - f[i]!;
    const m = f[i]! + w / 2;
    if (w > best + 1e-6 || (Math.abs(w - best) <= 1e-6 && fromDown(m) < fromDown(mid) - 1e-9)) { best = Math.max(w, best); mid = m; }
  }
  return mid;
}

interface PieceLayout {
  pos: Map<string, Pt>;
  labelDir: Map<string, number>;
  loopAngle: Map<number, number>; // edge index -> direction
}

/** Lays out one connected piece around the origin. */
function layoutPiece(d: Diagram, internal: string[], externals: string[], edgeIdx: number[], linkPairs: [string, string][]): PieceLayout {
  const pos = new Map<string, Pt>();
  const labelDir = new Map<string, number>();
  const loopAngle = new Map<number, number>();
  const k = internal.length;

  if (k === 0) {
    // Only external points (a bare propagator K(xa, xb)): a vertical segment or a small ring.
    const m = externals.length;
    externals.forEach((x, j) => {
      const t = m === 1 ? Math.PI / 2 : Math.PI / 2 - (TAU * j) / m;
      pos.set(x, m === 1 ? { x: 0, y: 0 } : add({ x: 0, y: 0 }, dir(t), LEG * 0.55));
      labelDir.set(x, m === 1 ? Math.PI / 2 : t);
    });
    edgeIdx.filter((i) => d.edges[i]![0] === d.edges[i]![1]).forEach((i, j) => loopAngle.set(i, Math.PI - j * 0.9));
    return { pos, labelDir, loopAngle };
  }

  if (k === 1) pos.set(internal[0]!, { x: 0, y: 0 });
  else if (k === 2) {
    pos.set(internal[0]!, { x: -SPACING / 2, y: 0 });
    pos.set(internal[1]!, { x: SPACING / 2, y: 0 });
  } else {
    const r = SPACING / 2 / Math.sin(Math.PI / k);
    internal.forEach((p, i) => pos.set(p, add({ x: 0, y: 0 }, dir(Math.PI - (TAU * i) / k), r)));
  }

  const internalSet = new Set(internal);
  const placedExternal = new Set<string>();
  const angleTo = (p: string, q: string) => {
    const a = pos.get(p)!, b = pos.get(q)!;
    return Math.atan2(b.y - a.y, b.x - a.x);
  };
  for (const p of internal) {
    const fixed: number[] = [];
    const neighbours = new Set<string>();
    for (const i of edgeIdx) {
      const [u, v] = d.edges[i]!;
      if (u === p && v !== p && internalSet.has(v)) neighbours.add(v);
      if (v === p && u !== p && internalSet.has(u)) neighbours.add(u);
    }
    for (const [u, v] of linkPairs) {
      if (u === p) neighbours.add(v);
      if (v === p) neighbours.add(u);
    }
    for (const q of [...neighbours].sort()) fixed.push(angleTo(p, q));
    // Parallel lines to a neighbour bulge out: they block a sector for the label.
    const bundles: number[] = [];
    for (const q of [...neighbours].sort()) {
      const c = edgeIdx.filter((i) => { const [u, v] = d.edges[i]!; return (u === p && v === q) || (u === q && v === p); }).length;
      if (c > 1) bundles.push(angleTo(p, q) - 0.45, angleTo(p, q) + 0.45);
    }
    const exts: string[] = [];
    const loops: number[] = [];
    for (const i of edgeIdx) {
      const [u, v] = d.edges[i]!;
      if (u === p && v === p) loops.push(i);
      else if (u === p && !internalSet.has(v) && !placedExternal.has(v) && !exts.includes(v)) exts.push(v);
      else if (v === p && !internalSet.has(u) && !placedExternal.has(u) && !exts.includes(u)) exts.push(u);
    }
    exts.sort((a, b) => externals.indexOf(a) - externals.indexOf(b));
    let extAngles: number[], loopAngles: number[];
    if (fixed.length === 0) {
      if (exts.length > 0) {
        extAngles = evenAngles(exts.length);
        loopAngles = [];
        const occ = [...extAngles];
        for (let j = 0; j < loops.length; j++) {
          const t = widestGapMiddle(occ, Math.PI / 2, Math.PI / 2);
          loopAngles.push(t);
          occ.push(t);
        }
      } else {
        extAngles = [];
        loopAngles = loops.map((_, j) => Math.PI / 2 - (TAU * j) / loops.length);
      }
    } else {
      const all = placeInGaps(fixed, exts.length + loops.length);
      extAngles = all.slice(0, exts.length);
      loopAngles = all.slice(exts.length);
    }
    exts.forEach((x, j) => {
      pos.set(x, add(pos.get(p)!, dir(extAngles[j]!), LEG));
      labelDir.set(x, extAngles[j]!);
      placedExternal.add(x);
    });
    loops.forEach((i, j) => loopAngle.set(i, loopAngles[j]!));
    // A loop is wide: it blocks a sector, not a ray, for the label.
    labelDir.set(p, widestGapMiddle([...fixed, ...bundles, ...extAngles, ...loopAngles.flatMap((t) => [t - 0.5, t, t + 0.5])], -Math.PI / 2));
  }
  // Externals tied to no internal point of this piece (an external joined only to other externals).
  const rest = externals.filter((x) => !placedExternal.has(x));
  if (rest.length > 0) {
    let r = 0;
    for (const q of pos.values()) r = Math.max(r, Math.hypot(q.x, q.y));
    rest.forEach((x, j) => {
      const t = Math.PI / 2 - (TAU * (j + 0.5)) / rest.length;
      pos.set(x, add({ x: 0, y: 0 }, dir(t), r + LEG));
      labelDir.set(x, t);
    });
  }
  // Loops at external points (not produced by the expansions, drawn outward anyway).
  for (const i of edgeIdx) {
    const [u, v] = d.edges[i]!;
    if (u === v && !internalSet.has(u) && !loopAngle.has(i)) loopAngle.set(i, (labelDir.get(u) ?? 0) + 0.6);
  }
  return { pos, labelDir, loopAngle };
}

/**
 * Lays out a diagram. Throws InvalidArgumentError when an edge refers to an
 * unknown point or an id is repeated.
 */
export function layoutDiagram(d: Diagram): DiagramLayout {
  checkDiagram(d);
  const internalIds = d.vertices.flatMap((v) => [...v.points]);
  const all = [...d.externals, ...internalIds];
  // Union–find over lines and multi-local links: the connected pieces of the drawing.
  const parent = new Map(all.map((p) => [p, p] as [string, string]));
  const find = (p: string): string => {
    let r = p;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  const union = (a: string, b: string) => {
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const linkPairs: [string, string][] = [];
  for (const v of d.vertices) for (let i = 1; i < v.points.length; i++) linkPairs.push([v.points[i - 1]!, v.points[i]!]);
  for (const [a, b] of d.edges) union(a, b);
  for (const [a, b] of linkPairs) union(a, b);

  // Pieces in order of first appearance: externals first (x1's piece leftmost).
  const roots: string[] = [];
  for (const p of all) if (!roots.includes(find(p))) roots.push(find(p));

  const pos = new Map<string, Pt>();
  const labelDir = new Map<string, number>();
  const loopAngle = new Map<number, number>();
  let cursor = 0;
  for (const root of roots) {
    const members = all.filter((p) => find(p) === root);
    const memberSet = new Set(members);
    const internal = internalIds.filter((p) => memberSet.has(p));
    const externals = d.externals.filter((p) => memberSet.has(p));
    const edgeIdx = d.edges.map((_, i) => i).filter((i) => memberSet.has(d.edges[i]![0]));
    const links = linkPairs.filter(([a]) => memberSet.has(a));
    const piece = layoutPiece(d, internal, externals, edgeIdx, links);
    // Horizontal extent of the piece, labels and loops included, to set pieces side by side.
    let lo = Infinity, hi = -Infinity;
    for (const [id, q] of piece.pos) {
      const l = add(q, dir(piece.labelDir.get(id) ?? 0), LABEL + 6);
      lo = Math.min(lo, q.x, l.x);
      hi = Math.max(hi, q.x, l.x);
    }
    for (const [i, t] of piece.loopAngle) {
      const q = add(piece.pos.get(d.edges[i]![0])!, dir(t), LOOP * 1.25);
      lo = Math.min(lo, q.x - 10);
      hi = Math.max(hi, q.x + 10);
    }
    const shift = cursor - lo;
    for (const [id, q] of piece.pos) pos.set(id, { x: q.x + shift, y: q.y });
    for (const [id, t] of piece.labelDir) labelDir.set(id, t);
    for (const [i, t] of piece.loopAngle) loopAngle.set(i, t);
    cursor += hi - lo + PIECE_GAP;
  }

  const points: LaidPoint[] = all.map((id) => ({
    id,
    external: d.externals.includes(id),
    pos: pos.get(id)!,
    labelPos: add(pos.get(id)!, dir(labelDir.get(id) ?? -Math.PI / 2), d.externals.includes(id) ? LABEL : LABEL + 4),
  }));

  // Parallel lines (and a dashed link sharing the same pair) fan out symmetrically.
  const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const multiplicity = new Map<string, number>();
  const linked = new Set(linkPairs.map(([a, b]) => key(a, b)));
  for (const [a, b] of d.edges) if (a !== b) multiplicity.set(key(a, b), (multiplicity.get(key(a, b)) ?? 0) + 1);
  const seen = new Map<string, number>();
  const edges: LaidEdge[] = d.edges.map(([u, v], i) => {
    const a = pos.get(u)!, b = pos.get(v)!;
    if (u === v) {
      const t = loopAngle.get(i)!;
      return {
        kind: 'loop', from: u, to: v, a, angle: t,
        c1: add(a, dir(t + 0.55), LOOP * 1.45),
        c2: add(a, dir(t - 0.55), LOOP * 1.45),
      };
    }
    const k = key(u, v);
    const hasLink = linked.has(k);
    const slot = (seen.get(k) ?? 0) + (hasLink ? 1 : 0);
    seen.set(k, (seen.get(k) ?? 0) + 1);
    const total = multiplicity.get(k)! + (hasLink ? 1 : 0);
    // Offsets 0, +1, -1, +2, -2, ... for an odd count; ±1/2, ±3/2, ... for an even one.
    const rank = total % 2 === 1 ? (slot === 0 ? 0 : Math.ceil(slot / 2) * (slot % 2 === 1 ? 1 : -1))
      : (Math.floor(slot / 2) + 0.5) * (slot % 2 === 0 ? 1 : -1);
    if (rank === 0) return { kind: 'straight', from: u, to: v, a, b };
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    // Orient the normal by the sorted pair so the bulge side does not depend on the edge's direction.
    const [p, q] = u < v ? [a, b] : [b, a];
    const nx = -(q.y - p.y) / len, ny = (q.x - p.x) / len;
    const h = Math.min(24, len * 0.28) * rank;
    // A quadratic Bézier reaches half its control offset: control at twice the bulge.
    const c = { x: (a.x + b.x) / 2 + 2 * h * nx, y: (a.y + b.y) / 2 + 2 * h * ny };
    return { kind: 'arc', from: u, to: v, a, c, b };
  });
  const links = linkPairs.map(([u, v]) => ({ from: u, to: v, a: pos.get(u)!, b: pos.get(v)! }));

  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const grow = (q: Pt, r: number) => {
    minX = Math.min(minX, q.x - r); maxX = Math.max(maxX, q.x + r);
    minY = Math.min(minY, q.y - r); maxY = Math.max(maxY, q.y + r);
  };
  for (const p of points) { grow(p.pos, 5); grow(p.labelPos, 9); }
  for (const e of edges) {
    if (e.kind === 'arc') grow({ x: (e.a.x + 2 * e.c.x + e.b.x) / 4, y: (e.a.y + 2 * e.c.y + e.b.y) / 4 }, 2);
    if (e.kind === 'loop') grow(add(e.a, dir(e.angle), LOOP * 1.1), 14);
  }
  if (points.length === 0) { minX = minY = 0; maxX = maxY = 10; }
  return { points, edges, links, box: { minX, minY, maxX, maxY } };
}
