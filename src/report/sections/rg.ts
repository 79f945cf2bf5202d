/**
 * Report section: the RG flow λ(Λ) of the quartic coupling, one panel per
 * architecture. Halverson, Maiti, Stoner, arXiv:2008.08601 §5; CONVENTIONS §7.
 */
import { INPUT_PRESETS } from '../../core/inputs.js';
import { RG_CUTOFFS, RG_CUTOFFS_SMOOTH } from '../../core/paper.js';
import { rgAction } from '../../fit/pipeline.js';
import { linePlotSvg, OKABE_ITO, type PlotSeries } from '../../render/plot.js';
import { exactEngines, fmtNum, resolveArch, type Ctx } from '../context.js';
import { htmlTable, type Figure, type Section } from '../page.js';
import { defineSection, fixedStage } from './section.js';

/** CPU seconds of this section (exact engine and quadrature, one thread): measured 16.6 s (test/report/fixtures/timings.json). */
export const RG_SECONDS = 16.6;

/** The cases of the RG flow: architecture, width, input preset, cutoffs. */
const RG_CASES = [
  { arch: 'relu', sb: 0, width: 20, preset: 'paper-relu', cutoffs: RG_CUTOFFS, label: 'ReLU-net, d_in = 1', d: 1 },
  { arch: 'relu', sb: 0, width: 20, preset: 'paper-relu-2d', cutoffs: RG_CUTOFFS, label: 'ReLU-net, d_in = 2', d: 2 },
  { arch: 'relu', sb: 0, width: 20, preset: 'paper-relu-3d', cutoffs: RG_CUTOFFS, label: 'ReLU-net, d_in = 3', d: 3 },
  { arch: 'erf', sb: 1, width: 5, preset: 'table5-erf-test', cutoffs: RG_CUTOFFS_SMOOTH, label: 'Erf-net, d_in = 1', d: 1 },
  { arch: 'gauss', sb: 1, width: 1000, preset: 'table5-gauss-test', cutoffs: RG_CUTOFFS_SMOOTH, label: 'Gauss-net, d_in = 1', d: 1 },
] as const;

/** Section: the RG flow λ(Λ). */
export async function rgSection(ctx: Ctx): Promise<Section> {
  const rows: (string | number)[][] = [];
  const byArch = new Map<string, { title: string; series: PlotSeries[]; data: Record<string, unknown> }>();
  const data: Record<string, unknown> = {};
  for (const c of RG_CASES) {
    ctx.progress('RG flow', rows.length, RG_CASES.length);
    const points = INPUT_PRESETS[c.preset]!.points.map((p) => p.slice());
    const { arch, params } = resolveArch(c.arch, { sW: 1, sb: c.sb, dIn: points[0]!.length });
    const r = await rgAction(exactEngines(ctx, 'λ f^4', arch, params, c.width), { points, cutoffs: [...c.cutoffs] });
    rows.push([c.label, c.width, fmtNum(r.slope, 5), fmtNum(r.r2, 6), `${fmtNum(r.elementSlopes.min, 4)} … ${fmtNum(r.elementSlopes.max, 4)}`, fmtNum(r.predictedSpread, 3), fmtNum(r.frozenSpread, 3)]);
    const panel = byArch.get(arch.name) ?? { title: arch.title, series: [], data: {} };
    panel.series.push({ kind: 'points', name: `d_in = ${c.d}, N = ${c.width}`, points: r.points.map((p) => ({ x: p.cutoff, y: Math.abs(p.lambda) })), color: OKABE_ITO[panel.series.length] });
    const entry = { arch: arch.name, params, width: c.width, inputs: points, ...r };
    panel.data[c.label] = entry;
    data[c.label] = entry;
    byArch.set(arch.name, panel);
  }
  // One panel per architecture: each y axis fits its own data (the flows span 1e-35 to 1 together).
  const figures: Figure[] = [...byArch].map(([name, p]) => ({
    id: `rg-flow-${name}`,
    caption: `${p.title}: |λ(Λ)| against the cutoff Λ (paper sign), exact data; the axis fits this architecture's values.`,
    svg: linePlotSvg({ title: `RG flow of the quartic coupling: ${p.title}`, xLabel: 'cutoff Λ', yLabel: '|λ(Λ)|', xAxis: 'log', yAxis: 'log', series: p.series }),
    data: p.data,
  }));
  const Lambda = 'Λ';
  return {
    id: 'rg',
    title: 'Renormalisation-group flow',
    html:
      `<p>λ(${Lambda}) = ΔG<sub>4</sub> / (24 ∫<sub>−${Lambda}</sub><sup>${Lambda}</sup> ∏<sub>i</sub> K<sub>EFT</sub>(x<sub>i</sub>, y) dy), fitted over the input tuples at each cutoff (CONVENTIONS §7); ` +
      `β(λ) = dλ/d log ${Lambda} is read as the slope of log|λ| against log ${Lambda}. For ReLU-net (σ<sub>b</sub> = 0) the kernel is positively homogeneous of degree 2 in y, ` +
      `so ∫∏K<sub>EFT</sub> grows as ${Lambda}<sup>4+d<sub>in</sub></sup> and λ ∝ ${Lambda}<sup>−(4+d<sub>in</sub>)</sup> exactly: slopes −5, −6, −7 for d<sub>in</sub> = 1, 2, 3. ` +
      `The RG equation dG/d log ${Lambda} = 0 holds when the running λ(${Lambda}) keeps the predicted ΔG<sub>4</sub> fixed: the spread column (max over tuples of ` +
      `the predicted ΔG<sub>4</sub>'s range over ${Lambda}, relative to |ΔG<sub>4</sub>|) is ~0 where one local coupling suffices, against the spread with λ frozen.</p>` +
      htmlTable(['case', 'N', 'slope of log|λ|', 'R²', 'per-element slopes', 'spread of predicted ΔG4 (running λ)', 'spread with λ frozen'], rows),
    figures,
    data: { 'rg-flow': data },
  };
}

export default defineSection({
  id: 'rg',
  estimate: () => fixedStage('RG flow', RG_SECONDS),
  run: rgSection,
});
