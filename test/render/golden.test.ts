/**
 * Golden SVG and TikZ files (test/render/golden/): the renderers' output for
 * the fixture diagrams and two plots, compared with a rounding tolerance.
 * Regenerate with `node test/render/make-golden.mjs` (never by hand); a
 * missing or different file fails.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagramSvg } from '../../src/render/diagram-svg.js';
import { diagramTikz } from '../../src/render/tikz.js';
import { linePlotSvg, logLogFit, powerLawSeries, residualsPlotSvg } from '../../src/render/plot.js';
import { FIXTURES } from './fixtures.js';
import { PAPER_WIDTHS } from '../../src/core/paper.js';
import { goldenDiff, GOLDEN_TOLERANCE } from './golden.js';

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env.NNQFT_UPDATE_GOLDEN === '1';

/** Everything under golden/: file name -> content, generated now. */
function generate(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, d] of Object.entries(FIXTURES)) {
    out[`${name}.svg`] = diagramSvg(d);
    out[`${name}.tex`] = diagramTikz(d);
  }
  const widths = [...PAPER_WIDTHS];
  // Synthetic, closed-form data (no sampling): m4 = 0.8/N with 5 % error bars.
  const pts = widths.map((x) => ({ x, y: 0.8 / x, yErr: 0.04 / x }));
  out['plot-mn.svg'] = linePlotSvg({
    title: 'm4 against width', xLabel: 'width N', yLabel: 'm4', xAxis: 'log', yAxis: 'log',
    series: [
      { kind: 'band', name: 'background', points: widths.map((x) => ({ x, y0: 1e-4, y1: 2e-3 })) },
      { kind: 'line', name: 'exact', points: widths.map((x) => ({ x, y: 0.8 / x })) },
      { kind: 'points', name: 'sampled', points: pts },
      powerLawSeries(logLogFit(pts), 2, 1000),
    ],
  });
  out['plot-residuals.svg'] = residualsPlotSvg({
    title: 'residuals', xLabel: 'tuple', yLabel: 'ΔG4 − fit',
    residuals: [0.3, -0.2, 0.1, -0.05, 0.25].map((y, i) => ({ x: i + 1, y })),
  });
  return out;
}

describe('golden files', () => {
  const files = generate();
  if (UPDATE) {
    it('regenerates the golden files', () => {
      mkdirSync(DIR, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(DIR + name, text);
    });
    return;
  }
  for (const [name, text] of Object.entries(files)) {
    it(`${name} matches its golden file`, () => {
      const path = DIR + name;
      expect(existsSync(path), `missing ${path}: run node test/render/make-golden.mjs`).toBe(true);
      expect(goldenDiff(text, readFileSync(path, 'utf8'))).toBeUndefined();
    });
  }

  it('the comparison tolerates rounding noise and nothing more', () => {
    const g = '<line x1="10.25" y1="3"/>';
    expect(goldenDiff('<line x1="10.26" y1="3"/>', g)).toBeUndefined();
    expect(goldenDiff('<line x1="10.25" y1="3.0000001"/>', g)).toBeUndefined();
    expect(goldenDiff('<line x1="10.27" y1="3"/>', g)).toMatch(/number 0/);
    expect(goldenDiff('<path x1="10.25" y1="3"/>', g)).toMatch(/text differs/);
    expect(goldenDiff('<line x1="10.25" y1="3" r="1"/>', g)).toMatch(/structure/);
    expect(goldenDiff('<line x2="10.25" y1="3"/>', g)).toMatch(/text differs/);
    expect(GOLDEN_TOLERANCE).toBeLessThan(0.02);
  });
});
