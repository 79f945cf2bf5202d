/**
 * The explorer's action editor and diagrams panel (web/, `nnqft explore`): the canonical form,
 * and the diagrams of G(n) grouped by topology with exact coefficients, SVG, KaTeX MathML and
 * TikZ-Feynman (CONVENTIONS §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4). Browser-safe.
 */
import katex from 'katex';
import { Rational } from '../core/rational.js';
import { diagramWarnings, generateDiagrams, groupByTopology } from '../diagrams/generate.js';
import type { Diagram, DiagramMode } from '../diagrams/types.js';
import { parseAction } from '../dsl/parse.js';
import { printAction } from '../dsl/print.js';
import { diagramCaption, diagramSvg } from '../render/diagram-svg.js';
import { diagramTikz } from '../render/tikz.js';
import { diagramLatex } from '../symbolic/expression.js';
import { errorInfo, intField, type ErrorInfo } from './fields.js';
import type { ExploreState } from './state.js';

/** One topology class of G(n) as the page draws it. */
export interface DiagramClass {
  order: number;
  /** "−360 λ = 15 × (−24 λ)" for a class of 15 labelled diagrams. */
  caption: string;
  /** Exact class total and the coupling monomial. */
  coefficient: string;
  couplings: Record<string, number>;
  multiplicity: number;
  svg: string;
  /** KaTeX's MathML of the class (no fonts or CSS needed). */
  mathml: string;
  latex: string;
  tikz: string;
}

/** Result of {@link computeDiagrams}: the canonical action, and its classes or why there are none. */
export interface DiagramsResult {
  /** Canonical form of the action, or undefined where it does not parse. */
  canonical?: string;
  /** The parser's error (DSL_SYNTAX with line and column). */
  parseError?: ErrorInfo;
  /** The diagram engine's refusal (bad n/order, budget with its estimate). */
  error?: ErrorInfo;
  warnings: string[];
  classes: DiagramClass[];
  /** Number of labelled diagrams the classes stand for. */
  labelled: number;
}

/**
 * LaTeX of a class: the representative labelling with its own coefficient, summed over the
 * class's labellings where there are several (the class total alone would read as if one
 * labelling carried it).
 */
export function classLatex(d: Diagram): string {
  const m = d.multiplicity ?? 1;
  if (m === 1) return diagramLatex(d);
  const one = diagramLatex({ ...d, coefficient: d.coefficient.div(Rational.of(m)), multiplicity: 1 });
  return `\\sum_{${m}\\ \\text{labellings}} \\left( ${one} \\right)`;
}

/** Renderings of one class, keyed by the whole class ({@link renderKey}); a cache a caller may keep between calls. */
export type RenderCache = Map<string, DiagramClass>;

/** Most renderings a {@link RenderCache} keeps (it is cleared beyond). */
export const MAX_RENDER_CACHE = 4000;

/** Everything a class's renderings depend on: the whole diagram, exact numbers as text. */
export function renderKey(d: Diagram): string {
  return JSON.stringify(d, (_k, v: unknown) => (v instanceof Rational ? v.toString() : typeof v === 'bigint' ? v.toString() : v));
}

function renderClass(d: Diagram): DiagramClass {
  const latex = classLatex(d);
  return {
    order: d.order,
    caption: diagramCaption(d),
    coefficient: d.coefficient.toString(),
    couplings: { ...d.couplings },
    multiplicity: d.multiplicity ?? 1,
    svg: diagramSvg(d),
    latex,
    mathml: katex.renderToString(latex, { output: 'mathml', throwOnError: false, displayMode: false }),
    tikz: diagramTikz(d),
  };
}

/**
 * Action editor and diagrams panel: parse, canonical form, diagrams of G(n) grouped by topology.
 * With `cache` (the worker keeps one), a class drawn before is not drawn again: typing mostly
 * changes a few classes, and the renderings (LaTeX through nerdamer above all) cost more than
 * generating the diagrams. The result is the same with or without it.
 */
export function computeDiagrams(s: Pick<ExploreState, 'action' | 'n' | 'order' | 'mode'>, cache?: RenderCache): DiagramsResult {
  let action;
  try {
    action = parseAction(s.action);
  } catch (e) {
    return { parseError: errorInfo(e), warnings: [], classes: [], labelled: 0 };
  }
  const canonical = printAction(action);
  try {
    const n = intField(s.n, 'n', 0, 12);
    const order = intField(s.order, 'order', 0, 6);
    const mode: DiagramMode = s.mode;
    const labelled = generateDiagrams(action, { n, order, mode });
    const classes = groupByTopology(labelled).map((d): DiagramClass => {
      if (!cache) return renderClass(d);
      const key = renderKey(d);
      let r = cache.get(key);
      if (!r) {
        r = renderClass(d);
        if (cache.size >= MAX_RENDER_CACHE) cache.clear();
        cache.set(key, r);
      }
      return r;
    });
    return { canonical, warnings: diagramWarnings(action, mode), classes, labelled: labelled.length };
  } catch (e) {
    return { canonical, error: errorInfo(e), warnings: [], classes: [], labelled: 0 };
  }
}

