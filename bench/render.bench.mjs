// Rendering cost: SVG and TikZ of a first-order λ cross and a 12-line third-order diagram, and a
// 4-series log–log plot, against a baseline measured in the same run (JSON.stringify of the diagram).
import { Rational, diagramSvg, diagramTikz, linePlotSvg } from '../dist/src/index.js';
import { time } from './util.mjs';
import { PAPER_WIDTHS } from '../dist/src/core/paper.js';

function cross() {
  return {
    label: 'x', order: 1, coefficient: Rational.of(-24), symmetryFactor: Rational.ONE, couplings: { λ: 1 },
    externals: ['x1', 'x2', 'x3', 'x4'], vertices: [{ id: 'y1', term: 'λ f^4', termIndex: 0, points: ['y1'], legs: 4 }],
    edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1']], connected: true, onePI: true,
  };
}
function twelve() {
  const v = (id) => ({ id, term: 'κ f^6', termIndex: 1, points: [id], legs: 6 });
  return {
    label: 'k3', order: 3, coefficient: Rational.of(-1, 6), symmetryFactor: Rational.ONE, couplings: { κ: 3 },
    externals: ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'], vertices: [v('y1'), v('y2'), v('y3')],
    edges: [['x1', 'y1'], ['x2', 'y1'], ['y1', 'y1'], ['y1', 'y2'], ['y1', 'y3'], ['x3', 'y2'], ['x4', 'y2'],
      ['y2', 'y3'], ['y2', 'y3'], ['y2', 'y3'], ['x5', 'y3'], ['x6', 'y3']],
    connected: true, onePI: true,
  };
}

export default async function (log) {
  const a = cross(), b = twelve();
  const widths = [...PAPER_WIDTHS];
  const spec = {
    xAxis: 'log', yAxis: 'log', title: 'm4',
    series: [
      { kind: 'band', name: 'bg', points: widths.map((x) => ({ x, y0: 1e-4, y1: 1e-3 })) },
      { kind: 'line', name: 'exact', points: widths.map((x) => ({ x, y: 1 / x })) },
      { kind: 'points', name: 'sampled', points: widths.map((x) => ({ x, y: 1 / x, yErr: 0.05 / x })) },
    ],
  };
  const base = time(() => JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? String(v) : v)), 2000);
  const rows = [
    ['diagramSvg(cross)', time(() => diagramSvg(a), 500)],
    ['diagramSvg(12 lines)', time(() => diagramSvg(b), 500)],
    ['diagramTikz(12 lines)', time(() => diagramTikz(b), 500)],
    ['linePlotSvg(log-log, 3 series)', time(() => linePlotSvg(spec), 200)],
  ];
  log(`baseline JSON.stringify(12-line diagram): ${(base * 1e3).toFixed(1)} µs`);
  for (const [name, ms] of rows) log(`${name}: ${(ms * 1e3).toFixed(0)} µs  (${(ms / base).toFixed(0)}x baseline)`);
}
