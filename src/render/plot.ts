/**
 * Plots as standalone SVG strings (no DOM): d3-scale for the geometry and the
 * ticks, d3-shape for lines and bands. Built for the paper's figures
 * (Halverson, Maiti, Stoner, arXiv:2008.08601 §3, §5; CONVENTIONS §3, §7):
 * log–log m_n against width N with the background band and a fitted slope,
 * exact curves beside sampled points, λ against the cutoff Λ, fit residuals.
 * Every coordinate is rounded to 2 decimals, so the bytes are stable.
 */
import { area as d3area, line as d3line, scaleLinear, scaleLog } from 'd3';
import { InvalidArgumentError } from '../core/errors.js';
import { linearRegression } from '../core/regression.js';
import { attrs, escapeXml, fmt, MINUS, superscript } from './text.js';

/** Axis kind. */
export type AxisKind = 'linear' | 'log';

/**
 * A sampled point with an optional error bar: symmetric (± e) or [below, above];
 * `above` may be Infinity (an interval open upwards, e.g. a lower bound).
 */
export interface PlotPoint {
  readonly x: number;
  readonly y: number;
  readonly yErr?: number | readonly [number, number];
}

/** One series of a plot. */
export type PlotSeries =
  | {
      readonly kind: 'line';
      readonly name?: string;
      readonly points: readonly { readonly x: number; readonly y: number }[];
      readonly color?: string;
      readonly dashed?: boolean;
      /** SVG dash pattern (e.g. "2 3"); overrides `dashed`. */
      readonly dash?: string;
      /** Stroke width in pixels (default 1.8). */
      readonly strokeWidth?: number;
    }
  | {
      readonly kind: 'points';
      readonly name?: string;
      readonly points: readonly PlotPoint[];
      readonly color?: string;
      /** Draw vertical stems from y = 0 (residual plots). */
      readonly stems?: boolean;
    }
  | {
      readonly kind: 'band';
      readonly name?: string;
      /** Lower and upper edge at each x (x increasing). */
      readonly points: readonly { readonly x: number; readonly y0: number; readonly y1: number }[];
      readonly color?: string;
      readonly opacity?: number;
    };

/** A plot: axes, series and decorations. */
export interface PlotSpec {
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly xAxis?: AxisKind;
  readonly yAxis?: AxisKind;
  /** Pixel size of the whole SVG (default 560 × 380). */
  readonly width?: number;
  readonly height?: number;
  /** Fixed domains; by default the data's range, made "nice". */
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  readonly series: readonly PlotSeries[];
  /** Legend corner; 'auto' (default) takes the corner covering the fewest data marks; 'none' hides it. Only named series appear. */
  readonly legend?: 'auto' | 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'none';
  /** Horizontal (axis 'y') or vertical (axis 'x') reference lines, e.g. y = 0 in a residual plot. */
  readonly referenceLines?: readonly { readonly axis: 'x' | 'y'; readonly value: number }[];
}

const MARGIN = { top: 34, right: 18, bottom: 50, left: 70 };

/**
 * Default series colours: the Okabe–Ito palette (Okabe & Ito 2008), distinguishable
 * under the common colour-vision deficiencies; yellow last (weak on white).
 */
export const OKABE_ITO: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Validates a number of the data: finite, and positive on a log axis. */
function check(v: number, axis: AxisKind, what: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`plot: ${what} is not a finite number (${v})`);
  if (axis === 'log' && v <= 0) throw new InvalidArgumentError(`plot: ${what} = ${v} cannot go on a log axis`);
}

/** Error bar ends [lo, hi] of a point (lo may be ≤ 0: clamped later on a log axis). */
function errorEnds(p: PlotPoint): [number, number] | undefined {
  if (p.yErr === undefined) return undefined;
  const [below, above] = typeof p.yErr === 'number' ? [p.yErr, p.yErr] : p.yErr;
  if (!Number.isFinite(below) || !(Number.isFinite(above) || above === Infinity) || below < 0 || above < 0) {
    throw new InvalidArgumentError(`plot: error bar at x = ${p.x} must be non-negative (finite below, finite or Infinity above)`);
  }
  return [p.y - below, p.y + above];
}

function extent(values: number[], axis: AxisKind, fixed?: readonly [number, number]): [number, number] {
  if (fixed) {
    const [a, b] = fixed;
    check(a, axis, 'domain start');
    check(b, axis, 'domain end');
    if (a === b) throw new InvalidArgumentError('plot: empty domain');
    return [a, b];
  }
  const v = axis === 'log' ? values.filter((x) => x > 0) : values;
  if (v.length === 0) return axis === 'log' ? [1, 10] : [0, 1];
  let lo = Math.min(...v), hi = Math.max(...v);
  if (lo === hi) {
    if (axis === 'log') { lo /= 10; hi *= 10; } else { lo -= lo === 0 ? 1 : Math.abs(lo) * 0.1; hi += hi === 0 ? 1 : Math.abs(hi) * 0.1; }
  }
  // 5 % padding (in log space on a log axis) so that no marker sits on the frame.
  if (axis === 'log') {
    const a = Math.log10(lo), b = Math.log10(hi), pad = (b - a) * 0.05;
    return [10 ** (a - pad), 10 ** (b + pad)];
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** Powers of ten as "10⁻³"; other values in d3's default tick format. */
function logTickLabel(v: number): string | undefined {
  const k = Math.round(Math.log10(v));
  if (Math.abs(v / 10 ** k - 1) < 1e-9) return k === 0 ? '1' : k === 1 ? '10' : `10${superscript(k)}`;
  return undefined;
}

/**
 * Renders a plot as an SVG document string. Elements, for tests and styling:
 * `<circle class="point">` per sampled point, `<line class="errorbar">` per error
 * bar, `<path class="errorbar-cut low|high">` (an arrowhead) where the frame cuts a bar
 * (its lower end ≤ 0 on a log axis, an interval open above, or an end off the domain), `<path class="series-line">` per line series, `<path class="band">` per
 * band, `<line class="tick x|y">` and `<text class="tick-label x|y">` per tick,
 * `<g class="legend">` with one `<text class="legend-label">` per named series.
 * Throws InvalidArgumentError on non-finite data or non-positive data on a log axis.
 */
export function linePlotSvg(spec: PlotSpec): string {
  const W = spec.width ?? 560, H = spec.height ?? 380;
  if (!(W > MARGIN.left + MARGIN.right + 20) || !(H > MARGIN.top + MARGIN.bottom + 20)) {
    throw new InvalidArgumentError(`plot: size ${W} × ${H} is too small`);
  }
  const xAxis = spec.xAxis ?? 'linear', yAxis = spec.yAxis ?? 'linear';
  if (!Array.isArray(spec.series)) throw new InvalidArgumentError('plot: series must be an array');

  // Collect the data's extent (error bars and bands included) and check every value.
  const xs: number[] = [], ys: number[] = [];
  spec.series.forEach((s, i) => {
    for (const p of s.points as readonly Record<string, unknown>[]) {
      const x = p.x as number;
      check(x, xAxis, `x of series ${i}`);
      xs.push(x);
      if (s.kind === 'band') {
        const { y0, y1 } = p as { y0: number; y1: number };
        check(y0, yAxis, `band lower edge of series ${i}`);
        check(y1, yAxis, `band upper edge of series ${i}`);
        ys.push(y0, y1);
      } else {
        const q = p as unknown as PlotPoint;
        check(q.y, yAxis, `y of series ${i}`);
        ys.push(q.y);
        if (s.kind === 'points') {
          const e = errorEnds(q);
          if (e) ys.push(...e.filter((v) => Number.isFinite(v) && (yAxis === 'linear' || v > 0)));
          if (s.stems) ys.push(0);
        }
      }
    }
  });
  for (const r of spec.referenceLines ?? []) {
    check(r.value, r.axis === 'x' ? xAxis : yAxis, `reference line`);
    (r.axis === 'x' ? xs : ys).push(r.value);
  }

  const x0 = MARGIN.left, x1 = W - MARGIN.right, y0 = H - MARGIN.bottom, y1 = MARGIN.top;
  const xDom = extent(xs, xAxis, spec.xDomain), yDom = extent(ys.filter((v) => yAxis === 'linear' || v > 0), yAxis, spec.yDomain);
  const xs_ = (xAxis === 'log' ? scaleLog() : scaleLinear()).domain(xDom).range([x0, x1]);
  const ys_ = (yAxis === 'log' ? scaleLog() : scaleLinear()).domain(yDom).range([y0, y1]);
  const X = (v: number) => xs_(v), Y = (v: number) => ys_(v);
  // Clamp error bars and stems to the plotting area (an error bar below zero on a log axis).
  const Yc = (v: number) => (v === Infinity ? y1 : yAxis === 'log' && v <= 0 ? y0 : Math.min(y0, Math.max(y1, Y(v))));

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="nnqft-plot"${attrs({ width: W, height: H, viewBox: `0 0 ${W} ${H}` })} font-family="'Helvetica Neue',Arial,sans-serif" font-size="12">`);
  out.push(`<title>${escapeXml(spec.title ?? 'plot')}</title>`);
  out.push(`<rect class="background"${attrs({ x: 0, y: 0, width: W, height: H })} fill="#ffffff"/>`);
  // The clip region depends only on the size: equal ids in one HTML page stay correct.
  const clipId = `nnqft-clip-${fmt(W)}x${fmt(H)}`.replace('.', '_');
  out.push(`<defs><clipPath id="${clipId}"><rect${attrs({ x: x0, y: y1, width: x1 - x0, height: y0 - y1 })}/></clipPath></defs>`);

  // Axes: ticks from the scales (d3-axis geometry, written without a DOM).
  out.push('<g class="axes" stroke="#222222" fill="#222222">');
  out.push(`<rect class="frame"${attrs({ x: x0, y: y1, width: x1 - x0, height: y0 - y1 })} fill="none" stroke="#222222"/>`);
  const axisTicks = (scale: typeof xs_, kind: AxisKind) => {
    const span = kind === 'log' ? Math.log10(scale.domain()[1]! / scale.domain()[0]!) : 0;
    // A log axis spanning less than a decade and a half gets ~6 linear ticks (d3's default there is ~10, whose labels crowd the axis).
    const ticks = scale.ticks(kind === 'log' && Math.abs(span) >= 1.5 ? undefined : 6) as number[];
    const fmtLinear = scale.tickFormat(6) as (v: number) => string;
    return ticks.map((v) => {
      let label: string | undefined;
      if (kind === 'log') label = logTickLabel(v) ?? (Math.abs(span) < 1.5 ? (scaleLog().tickFormat(10, '~g')(v)).replace('-', MINUS) : undefined);
      else label = fmtLinear(v);
      return { v, label };
    });
  };
  for (const t of axisTicks(xs_, xAxis)) {
    const px = X(t.v);
    const len = t.label !== undefined ? 6 : 3;
    out.push(`<line class="tick x"${attrs({ x1: px, y1: y0, x2: px, y2: y0 - len })}/>`);
    if (t.label !== undefined) out.push(`<text class="tick-label x"${attrs({ x: px, y: y0 + 16 })} stroke="none" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  for (const t of axisTicks(ys_, yAxis)) {
    const py = Y(t.v);
    const len = t.label !== undefined ? 6 : 3;
    out.push(`<line class="tick y"${attrs({ x1: x0, y1: py, x2: x0 + len, y2: py })}/>`);
    if (t.label !== undefined) out.push(`<text class="tick-label y"${attrs({ x: x0 - 8, y: py })} stroke="none" text-anchor="end" dominant-baseline="central">${escapeXml(t.label)}</text>`);
  }
  out.push('</g>');
  if (spec.xLabel) out.push(`<text class="axis-label x"${attrs({ x: (x0 + x1) / 2, y: H - 12 })} text-anchor="middle" font-size="13">${escapeXml(spec.xLabel)}</text>`);
  if (spec.yLabel) {
    const cx = 16, cy = (y0 + y1) / 2;
    out.push(`<text class="axis-label y"${attrs({ x: cx, y: cy, transform: `rotate(-90 ${fmt(cx)} ${fmt(cy)})` })} text-anchor="middle" dominant-baseline="central" font-size="13">${escapeXml(spec.yLabel)}</text>`);
  }
  if (spec.title) out.push(`<text class="title"${attrs({ x: (x0 + x1) / 2, y: 20 })} text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(spec.title)}</text>`);

  const color = (s: PlotSeries, i: number) => s.color ?? OKABE_ITO[i % OKABE_ITO.length]!;
  const dashOf = (s: PlotSeries) => (s.kind === 'line' ? s.dash ?? (s.dashed ? '6 4' : undefined) : undefined);
  out.push(`<g class="data" clip-path="url(#${clipId})">`);
  for (const r of spec.referenceLines ?? []) {
    out.push(
      r.axis === 'y'
        ? `<line class="reference"${attrs({ x1: x0, y1: Y(r.value), x2: x1, y2: Y(r.value) })} stroke="#888888" stroke-dasharray="4 3"/>`
        : `<line class="reference"${attrs({ x1: X(r.value), y1: y0, x2: X(r.value), y2: y1 })} stroke="#888888" stroke-dasharray="4 3"/>`,
    );
  }
  // Bands first (behind), then lines, then points on top.
  const order = (k: PlotSeries['kind']) => (k === 'band' ? 0 : k === 'line' ? 1 : 2);
  const indexed = spec.series.map((s, i) => ({ s, i })).sort((a, b) => order(a.s.kind) - order(b.s.kind) || a.i - b.i);
  for (const { s, i } of indexed) {
    const c = color(s, i);
    if (s.kind === 'band') {
      const d = d3area<{ x: number; y0: number; y1: number }>().x((p) => X(p.x)).y0((p) => Y(p.y0)).y1((p) => Y(p.y1)).digits(2)([...s.points]);
      if (d) out.push(`<path class="band"${attrs({ 'data-series': i, d, fill: c, 'fill-opacity': s.opacity ?? 0.18 })} stroke="none"/>`);
    } else if (s.kind === 'line') {
      const d = d3line<{ x: number; y: number }>().x((p) => X(p.x)).y((p) => Y(p.y)).digits(2)([...s.points]);
      if (d) out.push(`<path class="series-line"${attrs({ 'data-series': i, d, stroke: c, 'stroke-dasharray': dashOf(s), 'stroke-width': s.strokeWidth ?? 1.8 })} fill="none"/>`);
    } else {
      out.push(`<g class="series-points"${attrs({ 'data-series': i, stroke: c, fill: c })}>`);
      for (const p of s.points) {
        const e = errorEnds(p);
        if (s.stems) out.push(`<line class="stem"${attrs({ x1: X(p.x), y1: Yc(0), x2: X(p.x), y2: Y(p.y) })} stroke-width="1"/>`);
        if (e) {
          const px = X(p.x), lo = Yc(e[0]), hi = Yc(e[1]);
          out.push(`<line class="errorbar"${attrs({ x1: px, y1: lo, x2: px, y2: hi })} stroke-width="1.2"/>`);
          // An end cut by the frame (≤ 0 on a log axis, open above, or off the domain) ends in an arrowhead pointing on.
          const cutLow = yAxis === 'log' && e[0] <= 0 ? true : Y(e[0]) > y0 + 0.01;
          const cutHigh = !Number.isFinite(e[1]) || Y(e[1]) < y1 - 0.01;
          if (cutLow) out.push(`<path class="errorbar-cut low"${attrs({ d: `M${fmt(px - 4)},${fmt(lo - 6)}L${fmt(px)},${fmt(lo)}L${fmt(px + 4)},${fmt(lo - 6)}` })} fill="none" stroke-width="1.2"/>`);
          if (cutHigh) out.push(`<path class="errorbar-cut high"${attrs({ d: `M${fmt(px - 4)},${fmt(hi + 6)}L${fmt(px)},${fmt(hi)}L${fmt(px + 4)},${fmt(hi + 6)}` })} fill="none" stroke-width="1.2"/>`);
        }
        out.push(`<circle class="point"${attrs({ cx: X(p.x), cy: Y(p.y), r: 3.2 })}/>`);
      }
      out.push('</g>');
    }
  }
  out.push('</g>');

  // Legend: named series only, in the order given.
  const named = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => s.name);
  if (named.length > 0 && spec.legend !== 'none') {
    const rowH = 17;
    const textW = Math.max(...named.map(({ s }) => Array.from(s.name!).length)) * 6.6;
    const bw = 34 + textW, bh = named.length * rowH + 8;
    const corners = ['top-right', 'top-left', 'bottom-right', 'bottom-left'] as const;
    const boxAt = (k: (typeof corners)[number]) => ({
      lx: k.endsWith('right') ? x1 - bw - 8 : x0 + 8,
      ly: k.startsWith('top') ? y1 + 8 : y0 - bh - 8,
    });
    // Data marks in pixels (points, line vertices, band edges) to keep the legend off the data.
    const marks: [number, number][] = [];
    for (const s of spec.series) {
      for (const p of s.points as readonly Record<string, number>[]) {
        if (s.kind === 'band') marks.push([X(p.x!), Y(p.y0!)], [X(p.x!), Y(p.y1!)]);
        else marks.push([X(p.x!), Y(p.y!)]);
      }
      // Line segments: sample between vertices so a line crossing a corner counts.
      if (s.kind === 'line') {
        for (let j = 1; j < s.points.length; j++) {
          const a = s.points[j - 1]!, b = s.points[j]!;
          for (let t = 0.1; t < 1; t += 0.1) marks.push([X(a.x) + t * (X(b.x) - X(a.x)), Y(a.y) + t * (Y(b.y) - Y(a.y))]);
        }
      }
    }
    const covered = (k: (typeof corners)[number]) => {
      const { lx, ly } = boxAt(k);
      return marks.filter(([mx, my]) => mx >= lx - 4 && mx <= lx + bw + 4 && my >= ly - 4 && my <= ly + bh + 4).length;
    };
    const corner = spec.legend === undefined || spec.legend === 'auto'
      ? corners.reduce((best, k) => (covered(k) < covered(best) ? k : best), corners[0])
      : spec.legend;
    const { lx, ly } = boxAt(corner);
    out.push(`<g class="legend"${attrs({ transform: `translate(${fmt(lx)} ${fmt(ly)})` })}>`);
    out.push(`<rect${attrs({ x: 0, y: 0, width: bw, height: bh })} fill="#ffffff" fill-opacity="0.85" stroke="#bbbbbb"/>`);
    named.forEach(({ s, i }, row) => {
      const cy = 4 + rowH * row + rowH / 2, c = color(s, i);
      if (s.kind === 'band') out.push(`<rect${attrs({ x: 6, y: cy - 5, width: 20, height: 10, fill: c, 'fill-opacity': s.opacity ?? 0.18 })}/>`);
      else if (s.kind === 'line') out.push(`<line${attrs({ x1: 6, y1: cy, x2: 26, y2: cy, stroke: c, 'stroke-dasharray': dashOf(s), 'stroke-width': s.strokeWidth ?? 1.8 })}/>`);
      else out.push(`<circle${attrs({ cx: 16, cy, r: 3.2, fill: c })}/>`);
      out.push(`<text class="legend-label"${attrs({ x: 32, y: cy })} dominant-baseline="central">${escapeXml(s.name!)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/**
 * Least-squares straight line through (log10 x, log10 y): the power law
 * y = 10^intercept · x^slope, as the paper reads its 1/N and 1/N² slopes.
 * Throws InvalidArgumentError for fewer than two distinct positive x.
 */
export function logLogFit(points: readonly { readonly x: number; readonly y: number }[]): { slope: number; intercept: number } {
  for (const p of points) {
    if (!(p.x > 0) || !(p.y > 0) || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      throw new InvalidArgumentError(`log–log fit needs finite positive data (got ${p.x}, ${p.y})`);
    }
  }
  const r = linearRegression(points.map((p) => Math.log10(p.x)), points.map((p) => Math.log10(p.y)));
  return { slope: r.slope, intercept: r.intercept };
}

/** The fitted power law as a 'line' series over [xMin, xMax], named with its slope ("fit: slope −1.00"). */
export function powerLawSeries(fit: { slope: number; intercept: number }, xMin: number, xMax: number, opts: { name?: string; color?: string; dashed?: boolean; samples?: number } = {}): PlotSeries {
  if (!(xMin > 0) || !(xMax > xMin)) throw new InvalidArgumentError('power-law series needs 0 < xMin < xMax');
  const n = Math.max(2, opts.samples ?? 2);
  const pts = Array.from({ length: n }, (_, i) => {
    const x = 10 ** (Math.log10(xMin) + ((Math.log10(xMax) - Math.log10(xMin)) * i) / (n - 1));
    return { x, y: 10 ** (fit.intercept + fit.slope * Math.log10(x)) };
  });
  const name = opts.name ?? `fit: slope ${fit.slope.toFixed(2).replace('-', MINUS)}`;
  return { kind: 'line', name, points: pts, color: opts.color, dashed: opts.dashed ?? true };
}

/**
 * A residuals plot: residual against x as stems from a y = 0 reference line
 * (linear y axis), e.g. a coupling fit's test-set errors.
 */
export function residualsPlotSvg(spec: Omit<PlotSpec, 'series' | 'yAxis'> & { readonly residuals: readonly PlotPoint[]; readonly name?: string }): string {
  const { residuals, name, ...rest } = spec;
  return linePlotSvg({
    ...rest,
    yAxis: 'linear',
    referenceLines: [...(rest.referenceLines ?? []), { axis: 'y', value: 0 }],
    series: [{ kind: 'points', name, points: residuals, stems: true }],
  });
}
