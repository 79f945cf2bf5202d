/**
 * The explorer's computations, one function per panel (web/, `nnqft explore`), each from
 * the library and each returning plain data (SVG and MathML as strings) that a Web Worker
 * can post to the page. Browser-safe: nothing here imports a Node module (the DSL's
 * grammar text is inlined by the bundler, web/build.mjs). The physics is the library's:
 * diagrams (CONVENTIONS §5), kernels of any depth (§2, §8), the exact one-layer engine
 * (§3–4), the M1 fit (§6); Halverson, Maiti, Stoner, arXiv:2008.08601 §3–5.
 */
import katex from 'katex';
import { BudgetExceededError, DslSyntaxError, InvalidArgumentError, isNnqftError } from '../core/errors.js';
import { parseInputs, parseNumberList, validatePoints, type Point } from '../core/inputs.js';
import { Rational } from '../core/rational.js';
import { diagramWarnings, generateDiagrams, groupByTopology } from '../diagrams/generate.js';
import type { Diagram, DiagramMode } from '../diagrams/types.js';
import { parseAction } from '../dsl/parse.js';
import { printAction } from '../dsl/print.js';
import { exactCorrelators } from '../exact/correlators.js';
import { targetsFromEntries } from '../fit/adapters.js';
import { features } from '../fit/features.js';
import { fitCouplings, predictRows } from '../fit/fit.js';
import { TABLE5_MODELS } from '../fit/table5.js';
import { layerKernels } from '../kernels/network.js';
import { getArchitecture, resolveParams } from '../kernels/registry.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { diagramCaption, diagramSvg } from '../render/diagram-svg.js';
import { linePlotSvg, type PlotSeries } from '../render/plot.js';
import { diagramTikz } from '../render/tikz.js';
import { diagramLatex } from '../symbolic/expression.js';
import { EXPLORE_ARCHITECTURES, type ExploreState } from './state.js';

/** An error as the page shows it: the library's code and message, plus where and how much. */
export interface ErrorInfo {
  code: string;
  message: string;
  /** DSL_SYNTAX: 1-based line and column (code points) and what the parser expected. */
  line?: number;
  column?: number;
  expected?: string[];
  /** BUDGET_EXCEEDED: the estimate that triggered the refusal and the limit. */
  estimate?: number;
  limit?: number;
}

/** Any thrown value as {@link ErrorInfo}; errors nnqft did not raise on purpose keep code "INTERNAL". */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof DslSyntaxError) return { code: e.code, message: e.message, line: e.line, column: e.column, expected: e.expected };
  if (e instanceof BudgetExceededError) return { code: e.code, message: e.message, estimate: e.estimate, limit: e.limit };
  if (isNnqftError(e)) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

// ---------------------------------------------------------------------------
// Action editor and diagrams

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

/** Small non-negative integer field of the page. */
function intField(text: string, what: string, min: number, max: number): number {
  const t = text.trim();
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!(Number.isInteger(v) && v >= min && v <= max)) throw new InvalidArgumentError(`${what} must be an integer from ${min} to ${max}, got "${text}"`);
  return v;
}

/** Finite number field of the page. */
function numField(text: string, what: string, ok: (x: number) => boolean = Number.isFinite): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!(Number.isFinite(v) && ok(v))) throw new InvalidArgumentError(`bad ${what} "${text}"`);
  return v;
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

/** Action editor and diagrams panel: parse, canonical form, diagrams of G(n) grouped by topology. */
export function computeDiagrams(s: Pick<ExploreState, 'action' | 'n' | 'order' | 'mode'>): DiagramsResult {
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
    });
    return { canonical, warnings: diagramWarnings(action, mode), classes, labelled: labelled.length };
  } catch (e) {
    return { canonical, error: errorInfo(e), warnings: [], classes: [], labelled: 0 };
  }
}

// ---------------------------------------------------------------------------
// Architecture

/** The architecture and one-hidden-layer parameters of the page's fields. */
export function archOf(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din'>): { arch: Architecture; params: ArchParams } {
  if (!(EXPLORE_ARCHITECTURES as readonly string[]).includes(s.arch)) throw new InvalidArgumentError(`unknown architecture "${s.arch}"`);
  const arch = getArchitecture(s.arch);
  const params = resolveParams(arch, {
    sW: numField(s.sw, 'σ_W'), sb: numField(s.sb, 'σ_b'), dIn: intField(s.din, 'd_in', 1, 1000),
  });
  return { arch, params };
}

/** Deepest network the kernel plot draws (each layer is one more dual map per plotted point). */
export const MAX_EXPLORE_DEPTH = 50;
/** Points of the kernel curve. */
const KERNEL_SAMPLES = 81;
/** Curves drawn at most (depths 1..L, thinned evenly beyond this). */
const MAX_KERNEL_CURVES = 6;

/** Depths whose curves are drawn: all of 1..L up to {@link MAX_KERNEL_CURVES}, else evenly thinned (1 and L kept). */
function curveDepths(L: number): number[] {
  if (L <= MAX_KERNEL_CURVES) return Array.from({ length: L }, (_, i) => i + 1);
  const out = new Set<number>();
  for (let i = 0; i < MAX_KERNEL_CURVES; i++) out.add(1 + Math.round((i * (L - 1)) / (MAX_KERNEL_CURVES - 1)));
  return [...out];
}

/** Result of {@link computeKernel}. */
export interface KernelResult {
  svg: string;
  /** K(x0, x0) at the deepest layer, for the caption. */
  kxx: number;
  depths: number[];
}

/**
 * Architecture panel: the NNGP kernel K(x0·u, y·u) against y along u = (1,…,1), for depths
 * 1..L (CONVENTIONS §8: K(l+1) = C_b + C_W E[φ(u)φ(v)], (u,v) ~ N(0, Kl)). Along u,
 * x·y/d_in = x0·y for every d_in.
 */
export function computeKernel(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din' | 'depth' | 'x0'>): KernelResult {
  const { arch, params } = archOf(s);
  const L = intField(s.depth, 'depth', 1, MAX_EXPLORE_DEPTH);
  const x0 = numField(s.x0, 'x', (x) => Math.abs(x) <= 100);
  const net = { activation: arch.name, widths: new Array<number>(L).fill(1), sW: params.sW, sb: params.sb, dIn: params.dIn };
  const depths = curveDepths(L);
  const span = Math.max(2, 2 * Math.abs(x0));
  const along = (t: number): Point => new Array<number>(params.dIn).fill(t);
  const curves = depths.map(() => [] as { x: number; y: number }[]);
  let kxx = NaN;
  for (let i = 0; i < KERNEL_SAMPLES; i++) {
    const y = -span + (2 * span * i) / (KERNEL_SAMPLES - 1);
    // layerKernels gives [K1, …, K(L+1)]: Ks[l] is the output kernel of l hidden layers.
    const Ks = layerKernels(arch, net, [along(x0), along(y)]);
    depths.forEach((l, j) => curves[j]!.push({ x: y, y: Ks[l]![0]![1]! }));
    kxx = Ks[L]![0]![0]!;
  }
  const series: PlotSeries[] = depths.map((l, j) => ({
    kind: 'line', name: depths.length > 1 ? `L = ${l}` : undefined, points: curves[j]!, dashed: l !== L,
  }));
  const svg = linePlotSvg({
    title: `${arch.title}: K(x, x′) at x = ${x0}${L > 1 ? `, depth ${L}` : ''}`,
    xLabel: params.dIn > 1 ? 'x′ (inputs along (1,…,1))' : 'x′',
    yLabel: 'K(x, x′)', series, width: 520, height: 340,
  });
  return { svg, kxx, depths };
}

// ---------------------------------------------------------------------------
// Finite width (exact one-layer engine)

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

// ---------------------------------------------------------------------------
// EFT: the M1 fit

/** Result of {@link computeEft}. */
export interface EftResult {
  /** λ0 in the action convention (ΔS = λ0 ∫ f⁴) and in the paper's (Table 5: the negative). */
  lambda: number | null;
  lambdaPaper: number | null;
  /** MAPE (%) of ΔG4 on the training and test sets. */
  mapeTrain: number;
  mapeTest: number;
  /** Per unique test tuple: exact G4 and G_GP, and the prediction G_GP + ΔG4(M1). */
  rows: { index: number[]; exact: number; predicted: number; gp: number }[];
  svg: string;
}

/** Parses a cutoff Λ: a positive number or inf / ∞. */
export function parseCutoff(text: string): number {
  const v = parseNumberList(text, 'cutoff', (x) => x > 0);
  if (v.length !== 1) throw new InvalidArgumentError(`one cutoff, got "${text}"`);
  return v[0]!;
}

/**
 * EFT panel: λ of the model M1 (ΔS = λ0 ∫ f⁴, propagator K − σ_b², CONVENTIONS §6) fitted by
 * least squares to the exact ΔG4 at width N on the training inputs, tested on the test inputs.
 */
export async function computeEft(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din' | 'width' | 'cutoff' | 'train' | 'test'>): Promise<EftResult> {
  const { arch, params } = archOf(s);
  const N = numField(s.width, 'width N', (x) => x > 0);
  const cutoff = parseCutoff(s.cutoff);
  const train = parseInputs(s.train), test = parseInputs(s.test);
  validatePoints(train, params.dIn);
  validatePoints(test, params.dIn);
  const model = TABLE5_MODELS.M1!;
  const fo = { arch, params, propagator: 'eft' as const };
  const exact = (pts: number[][]) => exactCorrelators(arch, params, pts, { widths: [N], ns: [4] }).results[0]!.entries;
  const eTrain = exact(train), eTest = exact(test);
  const fTrain = await features(model, fo, 4, train, cutoff);
  const fTest = await features(model, fo, 4, test, cutoff);
  const tTest = targetsFromEntries(eTest);
  const fit = fitCouplings(fTrain, targetsFromEntries(eTrain), { test: { features: fTest, targets: tTest } });
  const pred = predictRows(fTest, fit.lsq.coefficients);
  const byKey = new Map(eTest.map((e) => [e.index.join(','), e]));
  const rows = fTest.rows.map((r, i) => {
    const e = byKey.get(r.index.join(','))!;
    return { index: r.index, exact: e.G, gp: e.GP, predicted: e.GP + pred[i]! };
  });
  // M1 has one coupling (λ0).
  const c = Object.values(fit.couplings)[0];
  const pts = rows.map((r) => ({ x: r.exact - r.gp, y: r.predicted - r.gp }));
  // One domain for both axes, so that the diagonal is at 45° and a deviation reads the same either way.
  const lo0 = Math.min(...pts.flatMap((p) => [p.x, p.y])), hi0 = Math.max(...pts.flatMap((p) => [p.x, p.y]));
  const pad = 0.05 * (hi0 - lo0 || Math.abs(hi0) || 1), lo = lo0 - pad, hi = hi0 + pad;
  const svg = linePlotSvg({
    title: `M1 at Λ = ${cutoff === Infinity ? '∞' : cutoff}, N = ${N}: ΔG₄ on the test tuples`,
    xLabel: 'exact ΔG₄ = G₄ − G₄,GP', yLabel: 'predicted ΔG₄ (M1)',
    xDomain: [lo, hi], yDomain: [lo, hi],
    series: [
      { kind: 'line', name: 'prediction = exact', points: [{ x: lo, y: lo }, { x: hi, y: hi }], dashed: true, color: '#888' },
      { kind: 'points', name: 'test tuples', points: pts, color: '#1f77b4' },
    ],
    width: 520, height: 340,
  });
  return {
    lambda: c?.value ?? null, lambdaPaper: c?.value == null ? null : -c.value,
    mapeTrain: fit.train.mape, mapeTest: fit.test?.mape ?? NaN, rows, svg,
  };
}
