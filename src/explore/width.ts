/**
 * The explorer's finite-width panel (web/, `nnqft explore`): m4 and m6 against width from the
 * exact one-hidden-layer engine (CONVENTIONS §3–4; Halverson, Maiti, Stoner, arXiv:2008.08601 §3);
 * at depth L ≥ 2 (every hidden width n), m4 from the leading-1/n recursion of CONVENTIONS §8
 * (Roberts, Yaida, Hanin, arXiv:2106.10165 ch. 4) and, where it has a closed form, the exact
 * single-input kurtosis. Browser-safe.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseInputs, parseNumberList, validatePoints } from '../core/inputs.js';
import { exactCorrelators } from '../exact/correlators.js';
import { linePlotSvg, type PlotSeries } from '../render/plot.js';
import { finiteWidthPlan } from '../width/vertex.js';
import { exactSingleInputKurtosis } from '../width/kurtosis.js';
import { archOf, intField } from './fields.js';
import { MAX_EXPLORE_DEPTH } from './kernel.js';
import type { ExploreState } from './state.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import type { NetworkSpec } from '../kernels/network.js';

/** Result of {@link computeWidth}. */
export interface WidthResult {
  svg: string;
  /** Hidden layers L (every hidden width is the swept N). */
  depth: number;
  /** 'exact' at L = 1 (m4, m6 exact); 'leading-1/n' at L ≥ 2 (m4 at leading order, truncation O(1/N²)). */
  method: 'exact' | 'leading-1/n';
  /**
   * m6 is null at L ≥ 2 (not computed: it needs order 1/N²); m4Exact, at L ≥ 2 only, is the exact
   * single-input m4 = kurtosis/3 − 1 of bias-free homogeneous activations (src/width/kurtosis.ts).
   */
  rows: { width: number; m4: number; m6: number | null; m4Exact?: number }[];
  /** Slopes of log m_n against log N (−1 expected for both: ΔG4 ∝ 1/N, ΔG6 ∝ 1/N + 1/N²); empty at L ≥ 2. */
  slopes: Record<string, number>;
  points: number[][];
  /** What the panel says besides the plot (at L ≥ 2: the truncation, and that m6 is not available). */
  notes: string[];
}

/** Label of the leading-order curve (and of the panel's method). */
export const LEADING_ORDER_LABEL = 'leading order in 1/n, truncation O(1/n²)';

/** Most widths plotted. */
const MAX_WIDTHS = 100;

/**
 * Finite-width panel: at depth 1, m4 and m6 against N from the exact one-hidden-layer engine
 * (CONVENTIONS §3–4); at depth L ≥ 2 with every hidden width N, m4 at leading order in 1/N
 * (CONVENTIONS §8) and the exact single-input m4 where a closed form applies.
 */
export function computeWidth(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din' | 'depth' | 'inputs' | 'widths'>): WidthResult {
  const { arch, params } = archOf(s);
  const L = intField(s.depth, 'depth', 1, MAX_EXPLORE_DEPTH);
  const points = parseInputs(s.inputs);
  validatePoints(points, params.dIn);
  const widths = [...new Set(parseNumberList(s.widths, 'width', (x) => Number.isFinite(x) && x > 0))].sort((a, b) => a - b);
  if (widths.length > MAX_WIDTHS) throw new InvalidArgumentError(`at most ${MAX_WIDTHS} widths, got ${widths.length}`);
  if (L >= 2) return deepWidth(arch, params, L, points, widths);
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
  return { svg, depth: 1, method: 'exact', rows, slopes: rep.slopes, points, notes: [] };
}

/** Depth L ≥ 2: the width-independent plan once, then m4 at each width n (all hidden widths n). */
function deepWidth(arch: Architecture, params: ArchParams, L: number, points: number[][], widths: number[]): WidthResult {
  // The plan's widths only fix the depth (and pass validation, which refuses Gauss-net at L > 1); `at` takes any n > 0.
  const net: NetworkSpec = { activation: arch.name, widths: new Array<number>(L).fill(1), sW: params.sW, sb: params.sb, dIn: params.dIn };
  const plan = finiteWidthPlan(arch, net, points, { n: 4 });
  // The closed form needs one input x ≠ 0 (bias-free: K = 0 at x = 0, and m4 is 0/0).
  const closed = points.length === 1 && points[0]!.some((x) => x !== 0);
  const rows = widths.map((w) => {
    const at = new Array<number>(L).fill(w);
    const kurt = closed ? exactSingleInputKurtosis(arch, { ...net, widths: at }) : undefined;
    return { width: w, m4: plan.at(at).m, m6: null, ...(kurt === undefined ? {} : { m4Exact: kurt / 3 - 1 }) };
  });
  const series: PlotSeries[] = [];
  const lead = rows.map((r) => ({ x: r.width, y: r.m4 })).filter((p) => p.y > 0);
  if (lead.length > 0) {
    series.push({ kind: 'line', points: lead, color: '#1f77b4' });
    series.push({ kind: 'points', name: `m₄, ${LEADING_ORDER_LABEL}`, points: lead, color: '#1f77b4' });
  }
  const exact = rows.flatMap((r) => (r.m4Exact !== undefined && r.m4Exact > 0 ? [{ x: r.width, y: r.m4Exact }] : []));
  if (exact.length > 0) series.push({ kind: 'line', name: 'm₄, exact (single input)', points: exact, color: '#2ca02c', dashed: true });
  if (series.length === 0) throw new InvalidArgumentError('m4 vanishes at these inputs: nothing to plot on a log axis');
  const svg = linePlotSvg({
    title: `${arch.title}, depth ${L}: m₄ against width`, xLabel: 'hidden width n (every layer)', yLabel: 'm₄', xAxis: 'log', yAxis: 'log', series,
    width: 520, height: 340,
  });
  const notes = [
    `depth ${L}: m₄ at ${LEADING_ORDER_LABEL} (CONVENTIONS §8)`,
    'm₆ is not available at depth ≥ 2 (it needs order 1/n²)',
  ];
  if (rows.some((r) => r.m4Exact !== undefined)) notes.push('dashed: exact m₄ of the bias-free network at one input (kurtosis/3 − 1)');
  return { svg, depth: L, method: 'leading-1/n', rows, slopes: {}, points, notes };
}
