/**
 * `nnqft reproduce`: the whole study of Halverson, Maiti, Stoner,
 * "Neural networks and quantum field theory" (arXiv:2008.08601) on embedded
 * defaults, as report sections: diagrams (§4), kernels (§3), non-Gaussian
 * deviations m_n against width, exact and sampled (§3, CONVENTIONS §3–4),
 * coupling fits (Table 5), the 6-point prediction and the RG flow (§5,
 * CONVENTIONS §5–7). Each section is a function of the plan; the CLI writes them.
 */
import { INPUT_PRESETS } from '../core/inputs.js';
import { parseAction } from '../dsl/parse.js';
import { generateDiagrams, groupByTopology } from '../diagrams/generate.js';
import { seriesLatex } from '../symbolic/expression.js';
import { exactCorrelators } from '../exact/correlators.js';
import { kernelFunction } from '../kernels/kernel.js';
import { getArchitecture, resolveParams } from '../kernels/registry.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { sampleCorrelators } from '../nets/sample.js';
import type { SampleResult } from '../nets/result.js';
import { diagramSvg } from '../render/diagram-svg.js';
import { linePlotSvg, logLogFit, powerLawSeries, type PlotSeries } from '../render/plot.js';
import { esc, htmlTable, type Figure, type Section } from './page.js';

/** The three architectures of the paper with its settings (CONVENTIONS §1, §3). */
export const PAPER_ARCHS: readonly { name: string; preset: string; sW: number; sb: number }[] = [
  { name: 'gauss', preset: 'paper-gauss', sW: 1, sb: 1 },
  { name: 'relu', preset: 'paper-relu', sW: 1, sb: 0 },
  { name: 'erf', preset: 'paper-erf', sW: 1, sb: 1 },
];

/** The paper's widths (CONVENTIONS §3). */
export const PAPER_WIDTHS = [2, 3, 4, 5, 10, 20, 50, 100, 500, 1000];

/** How much sampling a run does. */
export interface ReproducePlan {
  quick: boolean;
  seed: number;
  threads?: number;
  widths: number[];
  /** Networks per width and the number of experiments they are split into (the seed: 100 × 1e5). */
  nets: number;
  experiments: number;
  /** Networks per fit replica and replicas for the sampled Table 5. */
  fitNets: number;
  fitReplicas: number;
}

/** The plan of a quick or a full run; `overrides` shrink or grow it (tests use a tiny one). */
export function reproducePlan(quick: boolean, seed = 1, threads?: number, overrides: Partial<ReproducePlan> = {}): ReproducePlan {
  return { ...basePlan(quick, seed, threads), ...overrides };
}

function basePlan(quick: boolean, seed: number, threads?: number): ReproducePlan {
  return quick
    ? { quick, seed, threads, widths: PAPER_WIDTHS, nets: 40_000, experiments: 10, fitNets: 200_000, fitReplicas: 4 }
    : { quick, seed, threads, widths: PAPER_WIDTHS, nets: 10_000_000, experiments: 100, fitNets: 4_000_000, fitReplicas: 10 };
}

/**
 * Expected seconds of the sampling in a plan on this kind of machine (2 cores),
 * from the sampler's measured throughput (conditional estimator, 6 inputs):
 * roughly 1e7 / (N + 25) networks per second and thread pair.
 */
export function estimateSeconds(plan: ReproducePlan): number {
  const netsPerSecond = (N: number) => 1e7 / (N + 25);
  let s = 0;
  for (const _ of PAPER_ARCHS) for (const N of plan.widths) s += plan.nets / netsPerSecond(N);
  s += 3 * plan.fitNets * plan.fitReplicas * 2 / netsPerSecond(20); // Table 5 and 6-point data (widths 5–1000)
  return s + 20; // diagrams, exact engine, predictions, RG: seconds
}

/** Progress callback: stage name, done, total. */
export type Progress = (stage: string, done: number, total: number) => void;

interface Ctx {
  plan: ReproducePlan;
  progress: Progress;
}

function archSetup(a: { name: string; preset: string; sW: number; sb: number }): { arch: Architecture; params: ArchParams; points: number[][] } {
  const arch = getArchitecture(a.name);
  const points = INPUT_PRESETS[a.preset]!.points.map((p) => p.slice());
  return { arch, params: resolveParams(arch, { sW: a.sW, sb: a.sb, dIn: points[0]!.length }), points };
}

const fmtNum = (x: number | null | undefined, digits = 4) =>
  x === null || x === undefined ? '—' : Number.isFinite(x) ? (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(digits) : x.toExponential(digits - 1)) : String(x);

/** Section: the diagrams of the paper's expansion (skeleton convention, by topology). */
export function diagramsSection(): Section {
  const action = parseAction('λ f^4 + κ f^6');
  const figures: Figure[] = [];
  const rows: (string | number)[][] = [];
  let latex = '';
  for (const n of [2, 4, 6]) {
    const labelled = generateDiagrams(action, { n, order: 1, mode: 'skeleton' });
    const classes = groupByTopology(labelled);
    latex += `G^{(${n})} = ${seriesLatex(labelled)}\n`;
    classes.forEach((d, i) => {
      const id = `diagram-g${n}-${i + 1}`;
      figures.push({ id, caption: `G${n}, class ${i + 1}: total coefficient ${d.coefficient.toString()} (${d.multiplicity ?? 1} labelled diagram(s))`, svg: diagramSvg(d), data: d });
      rows.push([`G${n}`, i + 1, d.order, Object.keys(d.couplings).join(' ') || '1', d.coefficient.toString(), d.multiplicity ?? 1]);
    });
  }
  return {
    id: 'diagrams',
    title: 'Feynman diagrams of ΔS = ∫ [λ f⁴ + κ f⁶]',
    html:
      `<p>First-order diagrams of G(2), G(4), G(6) in the skeleton convention (no two-point corrections: the network's G2 equals K at every width), ` +
      `grouped by topology. The seed's coefficients are 24 and 360 (G4), 360 = 15 × 24, 720 and 5400 = 15 × 360 (G6), with the action's sign. ` +
      `G2 has no first-order diagram in this convention.</p>` +
      htmlTable(['correlator', 'class', 'order', 'coupling', 'total coefficient', 'labelled diagrams'], rows) +
      `<details><summary>LaTeX of the labelled series</summary><pre>${esc(latex)}</pre></details>`,
    figures,
  };
}

/** Section: the GP kernels of the three architectures. */
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

/** Exact and sampled deviations m_n against width for one architecture (figure + rows). */
async function deviationsFor(ctx: Ctx, a: (typeof PAPER_ARCHS)[number]) {
  const { arch, params, points } = archSetup(a);
  const { plan } = ctx;
  // Exact curves on a fine grid of (non-integer) widths: the 1/N polynomials make this free.
  const grid = Array.from({ length: 61 }, (_, i) => 2 * 500 ** (i / 60));
  const exactGrid = exactCorrelators(arch, params, points, { widths: grid, ns: [4, 6] });
  const exactAt = exactCorrelators(arch, params, points, { widths: plan.widths, ns: [4, 6] });
  const curve = (n: number, key: 'm' | 'mConnected') =>
    exactGrid.results.filter((r) => r.n === n).map((r) => ({ x: r.width, y: r[key] }));
  let sampled: SampleResult | undefined;
  const total = plan.widths.length;
  sampled = await sampleCorrelators(arch, params, points, {
    widths: plan.widths, ns: [4, 6], nets: plan.nets, experiments: plan.experiments,
    seed: plan.seed, threads: plan.threads,
    onProgress: (done, all) => ctx.progress(`sampling ${arch.title}`, Math.round((done / all) * total), total),
  });
  const sampledPts = (n: number) =>
    sampled!.results.filter((r) => r.n === n && r.m !== null && r.m > 0).map((r) => ({ x: r.width, y: r.m!, yErr: [0, r.background ?? 0] as [number, number] }));
  const band = sampled.results.filter((r) => r.n === 4 && (r.background ?? 0) > 0).map((r) => ({ x: r.width, y0: 1e-9, y1: r.background! }));
  const fit4 = logLogFit(curve(4, 'm'));
  const fit6c = logLogFit(curve(6, 'mConnected'));
  const series: PlotSeries[] = [
    { kind: 'band', name: 'background (n = 4)', points: band, opacity: 0.18 },
    { kind: 'line', name: 'exact m₄', points: curve(4, 'm') },
    { kind: 'line', name: 'exact m₆', points: curve(6, 'm') },
    { kind: 'line', name: 'exact m₆ connected', points: curve(6, 'mConnected') },
    { kind: 'points', name: 'sampled m₄', points: sampledPts(4) },
    { kind: 'points', name: 'sampled m₆', points: sampledPts(6) },
    powerLawSeries(fit4, 2, 1000, { name: `m₄ slope ${fit4.slope.toFixed(3)}` }),
  ];
  const allY = series.flatMap((s) => (s.kind === 'band' ? [] : s.points.map((p) => p.y))).filter((y) => y > 0);
  const yDomain: [number, number] = [Math.max(Math.min(...allY) / 2, 1e-9), Math.max(...allY) * 2];
  const rows = plan.widths.map((N) => {
    const e4 = exactAt.results.find((r) => r.n === 4 && r.width === N)!;
    const e6 = exactAt.results.find((r) => r.n === 6 && r.width === N)!;
    const s4 = sampled!.results.find((r) => r.n === 4 && r.width === N)!;
    const s6 = sampled!.results.find((r) => r.n === 6 && r.width === N)!;
    return [N, fmtNum(e4.m), fmtNum(s4.m), fmtNum(s4.background), fmtNum(e6.m), fmtNum(s6.m), fmtNum(s6.background), fmtNum(e6.mConnected)];
  });
  const figure: Figure = {
    id: `mn-${arch.name}`,
    caption: `${arch.title}: m_n against width N, exact (lines) and sampled (${plan.experiments} experiments × ${plan.nets / plan.experiments} networks per width; points, error bars up to the background), background band for n = 4.`,
    svg: linePlotSvg({ title: `${arch.title}: non-Gaussianity against width`, xLabel: 'width N', yLabel: 'm_n', xAxis: 'log', yAxis: 'log', yDomain, series }),
    data: { arch: arch.name, params, points, exact: exactAt, exactCurves: { widths: grid, m4: curve(4, 'm'), m6: curve(6, 'm'), m6c: curve(6, 'mConnected') }, sampled },
  };
  return { arch, figure, rows, slopes: { m4: fit4.slope, m6c: fit6c.slope, exact: exactAt.slopes }, warnings: sampled.warnings };
}

/** Section: m_n against N for the three architectures, exact and sampled. */
export async function deviationsSection(ctx: Ctx): Promise<Section> {
  const parts = [];
  for (const a of PAPER_ARCHS) parts.push(await deviationsFor(ctx, a));
  const slopeRows = parts.map((p) => [p.arch.title, p.slopes.m4.toFixed(4), (p.slopes.exact['6'] ?? NaN).toFixed(4), p.slopes.m6c.toFixed(4)]);
  const warn = parts.flatMap((p) => p.warnings.map((w) => `${p.arch.title}: ${w}`));
  return {
    id: 'deviations',
    title: 'Non-Gaussianity against width',
    html:
      `<p>m_n = |G(n) − G_GP(n)| / G_GP(n), averaged over the unique index tuples of the paper's input sets (CONVENTIONS §3). ` +
      `Exact values come from single-neuron moments and cumulant algebra (no sampling noise, CONVENTIONS §4); sampled values from ` +
      `${(ctx.plan.nets).toExponential(1)} networks per width in ${ctx.plan.experiments} experiments (seed ${ctx.plan.seed}). ` +
      `The background is the spread of the estimate across experiments divided by G_GP: a sampled m_n below it is noise. ` +
      `ΔG4 is exactly ∝ 1/N and the connected 6-point function exactly ∝ 1/N², so the exact slopes below are −1 and −2 up to rounding; ` +
      `ΔG6 mixes 1/N and 1/N².</p>` +
      htmlTable(['architecture', 'slope m₄ (exact)', 'slope m₆ (exact, paper widths)', 'slope m₆ connected (exact)'], slopeRows) +
      parts.map((p) => htmlTable(['N', 'm₄ exact', 'm₄ sampled', 'background₄', 'm₆ exact', 'm₆ sampled', 'background₆', 'm₆ connected exact'], p.rows, p.arch.title)).join('\n') +
      (warn.length ? `<p class="note">Sampler diagnostics: ${warn.map(esc).join('<br>')}</p>` : ''),
    figures: parts.map((p) => p.figure),
  };
}

/** All sections, in order. Later sections (fits, 6-point, RG) are appended by {@link reproduce}. */
export async function reproduce(plan: ReproducePlan, progress: Progress = () => {}): Promise<{ title: string; intro: string; sections: Section[]; meta: Record<string, string> }> {
  const ctx: Ctx = { plan, progress };
  const t0 = Date.now();
  const sections: Section[] = [];
  progress('diagrams', 0, 1);
  sections.push(diagramsSection());
  sections.push(kernelsSection());
  sections.push(await deviationsSection(ctx));
  const meta = {
    mode: plan.quick ? 'quick' : 'full',
    seed: String(plan.seed),
    'networks per width': plan.nets.toExponential(1),
    experiments: String(plan.experiments),
    'run time': `${((Date.now() - t0) / 1000).toFixed(1)} s`,
  };
  const intro =
    `<p>Reproduction of J. Halverson, A. Maiti, K. Stoner, <em>Neural networks and quantum field theory</em>, ` +
    `Mach. Learn.: Sci. Technol. 2 (2021) 035002 (arXiv:2008.08601), generated by nnqft. Every figure links the SVG and the JSON behind it.</p>`;
  return { title: 'nnqft: neural networks and quantum field theory, reproduced', intro, sections, meta };
}
