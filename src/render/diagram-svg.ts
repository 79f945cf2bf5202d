/**
 * A Feynman diagram of the NN-QFT expansion (CONVENTIONS §5; Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §4) as a standalone SVG string, built without a DOM.
 * Geometry from the deterministic layout (diagram-layout.ts), curves through
 * d3-path; the caption carries the exact coefficient and coupling monomial.
 */
import { pathRound } from 'd3';
import type { Diagram } from '../diagrams/types.js';
import { layoutDiagram, type LaidEdge, type Pt } from './diagram-layout.js';
import { attrs, coefficientText, escapeXml, fmt, MINUS } from './text.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rational } from '../core/rational.js';

/** Options of {@link diagramSvg}. */
export interface DiagramSvgOptions {
  /** Caption under the drawing: true (default) for "coefficient · monomial", false for none, or a text of one's own. */
  readonly caption?: boolean | string;
  /** Uniform scale of the drawing (default 1). */
  readonly scale?: number;
  /** Show point labels x1…, y1… (default true). */
  readonly labels?: boolean;
}

const MARGIN = 12;
const CAPTION_H = 26;

/** "x1" -> x with a subscript 1; any other id as plain text. */
function labelMarkup(id: string): string {
  const m = /^([A-Za-z]+)(\d+)$/.exec(id);
  if (!m) return escapeXml(id);
  return `${escapeXml(m[1]!)}<tspan class="sub" font-size="9" dy="3">${escapeXml(m[2]!)}</tspan>`;
}

/**
 * The caption text of a diagram: "−24 λ". For a topology class (groupByTopology:
 * `coefficient` is the class total over `multiplicity` labelled diagrams) the
 * total and its split: "−360 λ = 15 × (−24 λ)".
 */
export function diagramCaption(d: Diagram): string {
  const base = coefficientText(d.coefficient, d.couplings);
  const m = d.multiplicity;
  if (m === undefined || m === 1) return base;
  if (!Number.isInteger(m) || m < 1) throw new InvalidArgumentError(`diagram multiplicity must be a positive integer, got ${m}`);
  const each = coefficientText(d.coefficient.div(Rational.of(m)), d.couplings);
  return `${base} = ${m} × ${each.startsWith(MINUS) || each.includes(' ') ? `(${each})` : each}`;
}

/**
 * Renders a diagram as an SVG document string.
 *
 * Elements (for tests and styling): one `<line class="propagator">` or
 * `<path class="propagator …">` per edge (self-loops carry `self-loop`, parallel
 * lines `arc`); one `<circle class="external">` per external point and one
 * `<circle class="internal">` per internal point; one dashed `<line class="link">`
 * between consecutive points of a multi-local vertex; `<text class="label">` per
 * point and `<text class="caption">`. Same diagram, same bytes.
 */
export function diagramSvg(d: Diagram, opts: DiagramSvgOptions = {}): string {
  const lay = layoutDiagram(d);
  const scale = opts.scale ?? 1;
  const caption = opts.caption === false ? '' : typeof opts.caption === 'string' ? opts.caption : diagramCaption(d);
  const { minX, minY, maxX, maxY } = lay.box;
  // Wide enough for the caption too (about 8.2 px per character at 15 px); the drawing is centred.
  const captionW = Array.from(caption).length * 8.2;
  const w = Math.max(maxX - minX, captionW) + 2 * MARGIN;
  const shiftX = (w - (maxX - minX) - 2 * MARGIN) / 2;
  const captionH = caption ? CAPTION_H : 0;
  const h = maxY - minY + 2 * MARGIN + captionH;
  // Mathematical (y up) to SVG (y down) coordinates.
  const X = (p: Pt) => p.x - minX + MARGIN + shiftX;
  const Y = (p: Pt) => maxY - p.y + MARGIN;

  const edgeSvg = (e: LaidEdge): string => {
    if (e.kind === 'straight') {
      return `<line class="propagator"${attrs({ x1: X(e.a), y1: Y(e.a), x2: X(e.b), y2: Y(e.b) })}/>`;
    }
    const p = pathRound(2);
    p.moveTo(X(e.a), Y(e.a));
    if (e.kind === 'arc') p.quadraticCurveTo(X(e.c), Y(e.c), X(e.b), Y(e.b));
    else p.bezierCurveTo(X(e.c1), Y(e.c1), X(e.c2), Y(e.c2), X(e.a), Y(e.a));
    return `<path class="propagator ${e.kind === 'arc' ? 'arc' : 'self-loop'}" d="${p.toString()}"/>`;
  };

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="nnqft-diagram"${attrs({
      width: w * scale, height: h * scale, viewBox: `0 0 ${fmt(w)} ${fmt(h)}`,
    })} font-family="'Latin Modern Roman','CMU Serif','Times New Roman',serif">`,
  );
  out.push(`<title>${escapeXml(`${d.label} : ${caption}`)}</title>`);
  out.push(`<rect class="background" x="0" y="0"${attrs({ width: w, height: h })} fill="#ffffff"/>`);
  out.push('<g class="links" stroke="#555555" stroke-width="1.4" stroke-dasharray="5 4" fill="none">');
  for (const l of lay.links) {
    out.push(`<line class="link"${attrs({ x1: X(l.a), y1: Y(l.a), x2: X(l.b), y2: Y(l.b), 'data-from': l.from, 'data-to': l.to })}/>`);
  }
  out.push('</g>');
  out.push('<g class="propagators" stroke="#1f1f1f" stroke-width="1.8" fill="none" stroke-linecap="round">');
  for (const e of lay.edges) out.push(edgeSvg(e));
  out.push('</g>');
  out.push('<g class="points">');
  for (const p of lay.points) {
    out.push(
      p.external
        ? `<circle class="external"${attrs({ cx: X(p.pos), cy: Y(p.pos), r: 3.5, 'data-id': p.id })} fill="#ffffff" stroke="#1f1f1f" stroke-width="1.5"/>`
        : `<circle class="internal"${attrs({ cx: X(p.pos), cy: Y(p.pos), r: 4.5, 'data-id': p.id })} fill="#1f1f1f"/>`,
    );
  }
  out.push('</g>');
  if (opts.labels !== false) {
    out.push('<g class="labels" font-size="14" font-style="italic" text-anchor="middle" dominant-baseline="central" fill="#1f1f1f">');
    for (const p of lay.points) {
      out.push(`<text class="label"${attrs({ x: X(p.labelPos), y: Y(p.labelPos) })}>${labelMarkup(p.id)}</text>`);
    }
    out.push('</g>');
  }
  if (caption) {
    out.push(`<text class="caption"${attrs({ x: w / 2, y: h - captionH / 2 })} font-size="15" text-anchor="middle" dominant-baseline="central" fill="#1f1f1f">${escapeXml(caption)}</text>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}
