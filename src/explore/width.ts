/**
 * The explorer's finite-width panel (web/, `nnqft explore`): m4 and m6 against width from the
 * exact one-hidden-layer engine (CONVENTIONS §3–4; Halverson, Maiti, Stoner, arXiv:2008.08601 §3).
 * Browser-safe.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseInputs, parseNumberList, validatePoints } from '../core/inputs.js';
import { exactCorrelators } from '../exact/correlators.js';
import { linePlotSvg, type PlotSeries } from '../render/plot.js';
import { archOf } from './fields.js';
import type { ExploreState } from './state.js';

/** Result of {@link computeWidth}. */
export interface WidthResult {
  svg: string;
  rows: { width: number; m4: number; m6: number }[];
  /** Slopes of log m_n against log N (−1 expected for both: ΔG4 ∝ 1/N, ΔG6 ∝ 1/N + 1/N²). */
  slopes: Record<string, number>;
  points: number[][];
}

/** Most widths plotted. */
const MAX_WIDTHS = 100;

/** Finite-width panel: m4 and m6 against N from the exact one-hidden-layer engine (CONVENTIONS §3–4). */
export function computeWidth(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din' | 'inputs' | 'widths'>): WidthResult {
  const { arch, params } = archOf(s);
  const points = parseInputs(s.inputs);
  validatePoints(points, params.dIn);
  const widths = [...new Set(parseNumberList(s.widths, 'width', (x) => Number.isFinite(x) && x > 0))].sort((a, b) => a - b);
  if (widths.length > MAX_WIDTHS) throw new InvalidArgumentError(`at most ${MAX_WIDTHS} widths, got ${widths.length}`);
  const rep = exactCorrelators(arch, params, points, { widths, ns: [4, 6] });
  const m = (w: number, n: number) => rep.results.find((r) => r.width === w && r.n === n)!.m;
  const rows = widths.map((w) => ({ width: w, m4: m(w, 4), m6: m(w, 6) }));
  const series: PlotSeries[] = [];
  for (const n of [4, 6] as const) {
    const pts = rows.map((r) => ({ x: r.width, y: n === 4 ? r.m4 : r.m6 })).filter((p) => p.y > 0);
    if (pts.length === 0) continue;
    series.push({ kind: 'line', points: pts, color: n === 4 ? '#1f77b4' : '#d62728' });
    series.push({ kind: 'points', name: `m${n === 4 ? '₄' : '₆'}`, points: pts, color: n === 4 ? '#1f77b4' : '#d62728' });
  }
  if (series.length === 0) throw new InvalidArgumentError('m4 and m6 vanish at these inputs: nothing to plot on a log axis');
  const svg = linePlotSvg({
    title: `${arch.title}: exact m₄, m₆ against width`, xLabel: 'width N', yLabel: 'm_n', xAxis: 'log', yAxis: 'log', series,
    width: 520, height: 340,
  });
  return { svg, rows, slopes: rep.slopes, points };
}

