/**
 * Report section: the GP kernels of the paper's three architectures
 * (Halverson, Maiti, Stoner, arXiv:2008.08601 §3; CONVENTIONS §2).
 */
import { PAPER_ARCHS } from '../../core/paper.js';
import { kernelFunction } from '../../kernels/kernel.js';
import { linePlotSvg, type PlotSeries } from '../../render/plot.js';
import { archSetup, fmtNum } from '../context.js';
import { htmlTable, type Section } from '../page.js';
import { defineSection, fixedStage } from './section.js';

/** The GP kernels K(0.5, x′) of the three architectures. */
export function kernelsSection(): Section {
  const ys = Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);
  const series: PlotSeries[] = [];
  const data: Record<string, { y: number; K: number }[]> = {};
  const rows: (string | number)[][] = [];
  for (const a of PAPER_ARCHS) {
    const { arch, params } = archSetup(a);
    const k = kernelFunction(arch, params);
    const x0 = [0.5];
    const pts = ys.map((y) => ({ x: y, y: k(x0, [y]) }));
    data[arch.name] = pts.map((p) => ({ y: p.x, K: p.y }));
    series.push({ kind: 'line', name: `${arch.title} (σ_W=${params.sW}, σ_b=${params.sb})`, points: pts });
    rows.push([arch.title, params.sW, params.sb, fmtNum(k([0.5], [0.5])), fmtNum(k([0.5], [-0.5])), fmtNum(k([0.5], [2]))]);
  }
  return {
    id: 'kernels',
    title: 'Gaussian-process kernels',
    html:
      `<p>K(x, x′) of one-hidden-layer networks at infinite width (CONVENTIONS §2): the free propagator of the field theory. ` +
      `Gauss-net's kernel is translation invariant, σ_b² + σ_W² exp(−σ_W²|x−x′|²/2d); Erf- and ReLU-net's are not.</p>` +
      htmlTable(['architecture', 'σ_W', 'σ_b', 'K(0.5, 0.5)', 'K(0.5, −0.5)', 'K(0.5, 2)'], rows),
    figures: [{
      id: 'kernels',
      caption: 'K(0.5, x′) against x′ for the paper\'s three architectures (d_in = 1).',
      svg: linePlotSvg({ title: 'GP kernels K(0.5, x′)', xLabel: 'x′', yLabel: 'K(0.5, x′)', series }),
      data,
    }],
  };
}

/** CPU seconds of this section: measured 0.02 s (test/report/fixtures/timings.json). */
export const KERNELS_SECONDS = 0.05;

export default defineSection({
  id: 'kernels',
  estimate: () => fixedStage('kernels', KERNELS_SECONDS),
  run: async () => kernelsSection(),
});
