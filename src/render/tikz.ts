/**
 * TikZ-Feynman export of a diagram of the NN-QFT expansion (CONVENTIONS §5;
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §4): a
 * `\begin{tikzpicture}\begin{feynman} … \end{feynman}\end{tikzpicture}` block
 * to paste into a paper (needs `\usepackage{tikz-feynman}`). Vertex positions
 * come from the same deterministic layout as the SVG, so the block compiles
 * with pdfLaTeX (no LuaLaTeX graph drawing needed) and looks like the SVG.
 */
import { Rational } from '../core/rational.js';
import type { Diagram } from '../diagrams/types.js';
import { layoutDiagram } from './diagram-layout.js';
import { coefficientTex, fmt, nameTex } from './text.js';
import { diagramCaption } from './diagram-svg.js';

/** Options of {@link diagramTikz}. */
export interface DiagramTikzOptions {
  /** Wrap in a compilable `standalone` document (default false: the picture only). */
  readonly standalone?: boolean;
  /** Add the caption node (coefficient · monomial) under the picture (default true). */
  readonly caption?: boolean;
  /** Pixels of the SVG layout per cm (default 50). */
  readonly pxPerCm?: number;
}

/** A TikZ node name for a point id: letters and digits only, prefixed so it cannot clash with TikZ keywords. */
function node(id: string): string {
  const safe = Array.from(id).map((c) => (/[A-Za-z0-9]/.test(c) ? c : `u${c.codePointAt(0)!.toString(16)}`)).join('');
  return `p${safe}`;
}

/**
 * The TikZ-Feynman code of a diagram: one `\vertex` per point (internal points
 * as dots), one edge per propagator inside `\diagram*`, self-loops as
 * `\draw … controls …` curves after it (the graph library drops self-edges), parallel lines bent alternately, and a `dashed` edge between
 * consecutive points of a multi-local vertex.
 */
export function diagramTikz(d: Diagram, opts: DiagramTikzOptions = {}): string {
  const lay = layoutDiagram(d);
  const s = 1 / (opts.pxPerCm ?? 50);
  const c = (v: number) => fmt(v * s, 3);
  const lines: string[] = [];
  lines.push(`% nnqft diagram ${d.label.replace(/[\r\n]/g, ' ')}`);
  lines.push(`% ${diagramCaption(d)}`);
  lines.push('\\begin{tikzpicture}');
  lines.push('\\begin{feynman}');
  for (const p of lay.points) {
    const label = `\\(${nameTex(p.id)}\\)`;
    if (p.external) {
      lines.push(`  \\vertex (${node(p.id)}) at (${c(p.pos.x)}, ${c(p.pos.y)}) {${label}};`);
    } else {
      // The label goes where the SVG puts it, as a TikZ angle (degrees, counter-clockwise).
      const ang = Math.round((Math.atan2(p.labelPos.y - p.pos.y, p.labelPos.x - p.pos.x) * 180) / Math.PI);
      lines.push(`  \\vertex[dot, label={${ang}:${label}}] (${node(p.id)}) at (${c(p.pos.x)}, ${c(p.pos.y)}) {};`);
    }
  }
  const edges: string[] = [];
  const loops: string[] = [];
  for (const e of lay.edges) {
    if (e.kind === 'straight') edges.push(`(${node(e.from)}) -- [plain] (${node(e.to)})`);
    else if (e.kind === 'arc') {
      // Bend angle from the Bézier control point: the tangent at the start deviates by atan(2h/len).
      const mx = (e.a.x + e.b.x) / 2, my = (e.a.y + e.b.y) / 2;
      const dx = e.b.x - e.a.x, dy = e.b.y - e.a.y;
      const cross = dx * (e.c.y - my) - dy * (e.c.x - mx);
      const off = Math.hypot(e.c.x - mx, e.c.y - my);
      const bend = Math.round((Math.atan2(off, Math.hypot(dx, dy) / 2) * 180) / Math.PI);
      edges.push(`(${node(e.from)}) -- [plain, bend ${cross > 0 ? 'left' : 'right'}=${bend}] (${node(e.to)})`);
    } else {
      // A self-edge inside \diagram* is dropped by the graph library: draw the loop as the
      // same cubic Bézier as the SVG, with controls relative to the vertex.
      const t = (e.angle * 180) / Math.PI;
      const r = fmt(Math.hypot(e.c1.x - e.a.x, e.c1.y - e.a.y) * s, 3);
      loops.push(`  \\draw (${node(e.from)}.center) .. controls +(${Math.round(t + 31.5)}:${r}) and +(${Math.round(t - 31.5)}:${r}) .. (${node(e.from)}.center);`);
    }
  }
  for (const l of lay.links) edges.push(`(${node(l.from)}) -- [dashed] (${node(l.to)})`);
  if (edges.length > 0) {
    lines.push('  \\diagram* {');
    lines.push(edges.map((e) => `    ${e}`).join(',\n'));
    lines.push('  };');
  }
  lines.push(...loops);
  lines.push('\\end{feynman}');
  if (opts.caption !== false) {
    const cap = coefficientTex(d.coefficient, d.couplings);
    // A topology class carries its total; show the split as the SVG caption does.
    const m = d.multiplicity;
    const each = m !== undefined && m > 1 ? coefficientTex(d.coefficient.div(Rational.of(m)), d.couplings) : '';
    const mult = each ? ` = ${m}\\times${each.startsWith('-') || each.includes('\\,') ? `\\left(${each}\\right)` : each}` : '';
    lines.push(`\\node at (${c((lay.box.minX + lay.box.maxX) / 2)}, ${c(lay.box.minY - 14)}) {\\(${cap}${mult}\\)};`);
  }
  lines.push('\\end{tikzpicture}');
  const body = lines.join('\n') + '\n';
  if (!opts.standalone) return body;
  return [
    '\\documentclass[border=4pt]{standalone}',
    '\\usepackage[compat=1.1.0]{tikz-feynman}',
    '\\begin{document}',
    body.trimEnd(),
    '\\end{document}',
    '',
  ].join('\n');
}
