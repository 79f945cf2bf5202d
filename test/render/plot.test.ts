/**
 * Plots: well-formed SVG, one mark per data point, positions that follow the
 * scale's definition (log axes: pixel distance proportional to log10 ratio),
 * legends, typed errors on bad data, and the log–log slope fit against exact
 * power laws.
 */
import { describe, expect, it } from 'vitest';
import { linePlotSvg, logLogFit, OKABE_ITO, powerLawSeries, residualsPlotSvg, type PlotSpec } from '../../src/render/plot.js';
import { elements, num, select } from './xml.js';
import { PAPER_WIDTHS } from '../../src/core/paper.js';

const widths = [...PAPER_WIDTHS];
/** A synthetic m4-like series: exactly 0.8/N, with error bars; the background band. */
const mnSpec: PlotSpec = {
  title: 'm4 against width',
  xLabel: 'width N',
  yLabel: 'm4',
  xAxis: 'log',
  yAxis: 'log',
  series: [
    { kind: 'band', name: 'background', points: widths.map((x) => ({ x, y0: 1e-4, y1: 3e-3 })) },
    { kind: 'line', name: 'exact', points: widths.map((x) => ({ x, y: 0.8 / x })) },
    { kind: 'points', name: 'sampled', points: widths.map((x, i) => ({ x, y: 0.8 / x, yErr: i % 2 ? 0.01 / x : ([0.9 / x, 0.02 / x] as const) })) },
  ],
};

describe('linePlotSvg', () => {
  const svg = linePlotSvg(mnSpec);
  const els = elements(svg);

  it('is a well-formed svg with one mark per point, error bar, line and band', () => {
    expect(els[0]!.tag).toBe('svg');
    expect(select(els, 'circle', 'point')).toHaveLength(widths.length);
    expect(select(els, 'line', 'errorbar')).toHaveLength(widths.length);
    expect(select(els, 'path', 'series-line')).toHaveLength(1);
    expect(select(els, 'path', 'band')).toHaveLength(1);
    expect(select(els, 'text', 'legend-label').map((e) => e.text)).toEqual(['background', 'exact', 'sampled']);
    expect(select(els, 'text', 'title')[0]!.text).toBe('m4 against width');
    expect(select(els, 'text', 'axis-label', 'x')[0]!.text).toBe('width N');
  });

  it('places points by the log scale: pixel offsets proportional to log10 ratios', () => {
    const pts = select(els, 'circle', 'point');
    const cx = pts.map((p) => num(p, 'cx')), cy = pts.map((p) => num(p, 'cy'));
    const kx = (cx[9]! - cx[0]!) / Math.log10(widths[9]! / widths[0]!);
    const ky = (cy[9]! - cy[0]!) / Math.log10((0.8 / widths[9]!) / (0.8 / widths[0]!));
    for (let i = 1; i < widths.length; i++) {
      // 2-decimal rounding of both ends: within 0.02 px.
      expect(Math.abs(cx[i]! - cx[0]! - kx * Math.log10(widths[i]! / widths[0]!))).toBeLessThan(0.02);
      expect(Math.abs(cy[i]! - cy[0]! - ky * Math.log10(widths[0]! / widths[i]!))).toBeLessThan(0.02);
    }
    // x grows to the right; data y grows upward, i.e. toward smaller SVG y.
    expect(kx).toBeGreaterThan(0);
    expect(ky).toBeLessThan(0);
    // Every point lies inside the frame.
    const frame = select(els, 'rect', 'frame')[0]!;
    for (let i = 0; i < pts.length; i++) {
      expect(cx[i]).toBeGreaterThan(num(frame, 'x'));
      expect(cx[i]).toBeLessThan(num(frame, 'x') + num(frame, 'width'));
      expect(cy[i]).toBeGreaterThan(num(frame, 'y'));
      expect(cy[i]).toBeLessThan(num(frame, 'y') + num(frame, 'height'));
    }
  });

  it('draws asymmetric error bars and clamps one reaching below zero on a log axis', () => {
    const bars = select(els, 'line', 'errorbar');
    const pts = select(els, 'circle', 'point');
    const frame = select(els, 'rect', 'frame')[0]!;
    const bottom = num(frame, 'y') + num(frame, 'height');
    // Point 0: [y - 0.9/x, y + 0.02/x] -> lower end below 0 -> clamped to the frame's bottom.
    expect(num(bars[0]!, 'y1')).toBeCloseTo(bottom, 2);
    // Point 1: symmetric 0.01/x around y: in log space the upper arm is shorter than the lower.
    const c1 = num(pts[1]!, 'cy');
    expect(num(bars[1]!, 'y1') - c1).toBeGreaterThan(c1 - num(bars[1]!, 'y2'));
  });

  it('marks a bar cut by the frame with an arrowhead: below zero on a log axis (down), open above (up)', () => {
    const cuts = select(els, 'path', 'errorbar-cut');
    // Even points reach below zero (0.9/x below y = 0.8/x); none is open above.
    expect(cuts.map((c) => c.attrs.class)).toEqual(widths.filter((_, i) => i % 2 === 0).map(() => 'errorbar-cut low'));
    const frame = select(els, 'rect', 'frame')[0]!;
    const top = num(frame, 'y');
    const open = elements(linePlotSvg({ yAxis: 'log', series: [{ kind: 'points', points: [{ x: 1, y: 1, yErr: [0.5, Infinity] }, { x: 2, y: 2, yErr: 0.1 }] }] }));
    const bar = select(open, 'line', 'errorbar')[0]!;
    const openTop = num(select(open, 'rect', 'frame')[0]!, 'y');
    expect(num(bar, 'y2')).toBeCloseTo(openTop, 2);
    expect(select(open, 'path', 'errorbar-cut').map((c) => c.attrs.class)).toEqual(['errorbar-cut high']);
    expect(top).toBeGreaterThan(0);
  });

  it('colours series from the Okabe–Ito palette and draws dash patterns and widths as given', () => {
    const svg = elements(linePlotSvg({ series: [
      { kind: 'line', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
      { kind: 'line', points: [{ x: 0, y: 1 }, { x: 1, y: 0 }], dash: '2 3', strokeWidth: 2.6 },
      { kind: 'line', points: [{ x: 0, y: 0.5 }, { x: 1, y: 0.5 }], dashed: true },
    ] }));
    const lines = select(svg, 'path', 'series-line');
    expect(lines.map((l) => l.attrs.stroke)).toEqual(OKABE_ITO.slice(0, 3));
    expect(lines.map((l) => l.attrs['stroke-dasharray'])).toEqual([undefined, '2 3', '6 4']);
    expect(lines.map((l) => l.attrs['stroke-width'])).toEqual(['1.8', '2.6', '1.8']);
    // Okabe–Ito: the eight colours of the published palette.
    expect(new Set(OKABE_ITO)).toEqual(new Set(['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000']));
  });

  it('labels log ticks as powers of ten', () => {
    const labels = select(els, 'text', 'tick-label', 'y').map((e) => e.text);
    expect(labels).toContain('10⁻²');
    expect(labels).toContain('10⁻³');
    expect(select(els, 'text', 'tick-label', 'x').map((e) => e.text)).toEqual(expect.arrayContaining(['10', '10²', '10³']));
  });

  it('is deterministic, with coordinates rounded to two decimals', () => {
    expect(linePlotSvg(mnSpec)).toBe(svg);
    const decimals = [...svg.matchAll(/\d+\.(\d+)/g)].map((m) => m[1]!.length);
    expect(Math.max(...decimals)).toBeLessThanOrEqual(2);
  });

  it('plots a linear RG-flow axis and keeps the legend off the data', () => {
    const cutoffs = [7, 10, 15, 20, 50, 100, 1000, 1e4, 1e5];
    const pts = cutoffs.map((L) => ({ x: L, y: -0.3 / Math.log(L) }));
    const els2 = elements(linePlotSvg({ xAxis: 'log', series: [{ kind: 'line', name: 'λ(Λ)', points: pts }, { kind: 'points', points: pts }] }));
    const legend = els2.find((e) => e.tag === 'g' && e.attrs.class === 'legend')!;
    const [lx, ly] = legend.attrs.transform!.match(/-?\d+(?:\.\d+)?/g)!.map(Number);
    const box = els2[els2.indexOf(legend) + 1]!;
    const w = num(box, 'width'), h = num(box, 'height');
    for (const p of select(els2, 'circle', 'point')) {
      const inside = num(p, 'cx') > lx! && num(p, 'cx') < lx! + w && num(p, 'cy') > ly! && num(p, 'cy') < ly! + h;
      expect(inside).toBe(false);
    }
    // The rising curve leaves the top-left corner free.
    expect(lx).toBeLessThan(200);
  });

  it('rejects bad data with INVALID_ARGUMENT', () => {
    const bad = (spec: PlotSpec) => expect(() => linePlotSvg(spec)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    bad({ series: [{ kind: 'points', points: [{ x: 1, y: NaN }] }] });
    bad({ series: [{ kind: 'points', points: [{ x: Infinity, y: 1 }] }] });
    bad({ yAxis: 'log', series: [{ kind: 'points', points: [{ x: 1, y: 0 }] }] });
    bad({ xAxis: 'log', series: [{ kind: 'line', points: [{ x: -1, y: 1 }] }] });
    bad({ series: [{ kind: 'points', points: [{ x: 1, y: 1, yErr: -1 }] }] });
    bad({ series: [{ kind: 'points', points: [{ x: 1, y: 1, yErr: [Infinity, 1] }] }] });
    bad({ series: [{ kind: 'points', points: [{ x: 1, y: 1, yErr: [0, NaN] }] }] });
    bad({ width: 10, height: 10, series: [] });
    bad({ xDomain: [1, 1], series: [] });
  });

  it('renders empty and one-point series without NaN', () => {
    for (const spec of [
      { series: [] },
      { xAxis: 'log', yAxis: 'log', series: [{ kind: 'line', points: [] }, { kind: 'band', points: [] }] },
      { yAxis: 'log', series: [{ kind: 'points', name: 'one', points: [{ x: 3, y: 0.5, yErr: 1 }] }] },
      { series: [{ kind: 'band', points: [{ x: 1, y0: 2, y1: 2 }] }] },
    ] as PlotSpec[]) {
      const svg = linePlotSvg(spec);
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(elements(svg)[0]!.tag).toBe('svg');
    }
  });

  it('escapes titles and labels', () => {
    const e = elements(linePlotSvg({ title: 'a < b & c', yLabel: '"q"', series: [{ kind: 'points', name: '<x>', points: [{ x: 0, y: 0 }] }] }));
    expect(select(e, 'text', 'title')[0]!.text).toBe('a < b & c');
    expect(select(e, 'text', 'legend-label')[0]!.text).toBe('<x>');
  });
});

describe('logLogFit and powerLawSeries', () => {
  it('recover exact power laws', () => {
    for (const [a, k] of [[3, -2], [0.5, -1], [2e-3, 0.5]] as const) {
      const pts = widths.map((x) => ({ x, y: a * x ** k }));
      const f = logLogFit(pts);
      expect(f.slope).toBeCloseTo(k, 12);
      expect(f.intercept).toBeCloseTo(Math.log10(a), 12);
    }
  });

  it('names the fitted line by its slope and passes through the power law', () => {
    const s = powerLawSeries({ slope: -1, intercept: Math.log10(0.8) }, 2, 1000, { samples: 3 });
    expect(s.name).toBe('fit: slope \u22121.00');
    expect(s.kind).toBe('line');
    for (const p of s.points as { x: number; y: number }[]) expect(p.y).toBeCloseTo(0.8 / p.x, 12);
    expect((s.points[0] as { x: number }).x).toBeCloseTo(2, 12);
  });

  it('refuses degenerate input', () => {
    expect(() => logLogFit([{ x: 1, y: 1 }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => logLogFit([{ x: 2, y: 1 }, { x: 2, y: 3 }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => logLogFit([{ x: 1, y: 0 }, { x: 2, y: 1 }])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => powerLawSeries({ slope: 1, intercept: 0 }, 0, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('residualsPlotSvg', () => {
  it('draws one stem and point per residual around a zero line', () => {
    const r = [0.3, -0.2, 0.1, -0.05].map((y, i) => ({ x: i + 1, y }));
    const els = elements(residualsPlotSvg({ title: 'residuals', residuals: r }));
    expect(select(els, 'circle', 'point')).toHaveLength(4);
    expect(select(els, 'line', 'stem')).toHaveLength(4);
    const zero = select(els, 'line', 'reference')[0]!;
    expect(num(zero, 'y1')).toBe(num(zero, 'y2'));
    // Stems start on the zero line; positive residuals sit above it (smaller SVG y).
    const stems = select(els, 'line', 'stem');
    for (let i = 0; i < 4; i++) {
      expect(num(stems[i]!, 'y1')).toBeCloseTo(num(zero, 'y1'), 2);
      expect(Math.sign(num(zero, 'y1') - num(stems[i]!, 'y2'))).toBe(Math.sign(r[i]!.y));
    }
  });
});
