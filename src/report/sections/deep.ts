/**
 * Report section "Deeper networks" (issue 12; CONVENTIONS §8): m_4 against width for depths 1–3
 * (sampled with their background, the leading order in 1/n of the four-point vertex recursion, and
 * the exact kurtosis of bias-free ReLU at one input), and λ f⁴ fitted to the connected G4c against
 * depth (leading order and sampled). Roberts, Yaida, Hanin, *The Principles of Deep Learning Theory*,
 * arXiv:2106.10165, ch. 4; Halverson, Maiti, Stoner, arXiv:2008.08601 §3, §5 for the one-layer study
 * it extends.
 */
import { join } from 'node:path';
import { DEEP_STUDY, PAPER_ARCHS } from '../../core/paper.js';
import type { Point } from '../../core/inputs.js';
import { makeEngines } from '../../fit/engines.js';
import { fitAction } from '../../fit/pipeline.js';
import type { FitResult } from '../../fit/fit.js';
import type { NetworkSpec } from '../../kernels/network.js';
import { sampleCorrelators } from '../../nets/sample.js';
import { mInterval, type MInterval } from '../../nets/interval.js';
import { linePlotSvg, OKABE_ITO, type PlotSeries } from '../../render/plot.js';
import { finiteWidthPlan } from '../../width/vertex.js';
import { exactSingleInputKurtosis } from '../../width/kurtosis.js';
import { fmtNum, resolveArch, type Ctx } from '../context.js';
import { ESTIMATE_CORES, SAMPLER_START_CPU } from '../cost.js';
import { esc, htmlTable, type Figure, type Section } from '../page.js';
import type { ReproducePlan } from '../plan.js';
import { defineSection } from './section.js';

/**
 * CPU seconds per deep network at one input, a + b·L·n (depth L, every hidden width n; conditional
 * estimator, n = 4): fitted to one-thread runs over the paper's widths, 40 000 networks in 100 experiments
 * per width: 1.5, 2.2 and 3.1 s at depth 1, 2, 3.
 */
export const DEEP_CPU = { a: 1.8e-6, b: 1.2e-8 } as const;

/** CPU seconds of the fits against depth besides their sampling (recursion, features; 3 depths): measured 0.7 s. */
export const DEEP_FIT_FIXED_CPU = 1;

/** CPU seconds per sampled network of the fits (3 inputs, G2 and G4, width 20, depths 1–3): measured 0.8–1.4 s per 80 000, features included. */
export const DEEP_FIT_CPU_PER_NET = 1.5e-5;

/** Wall seconds of the fits against depth: the fixed part (one core) and fitReplicas × fitNets networks per depth (both cores). */
export const deepFitSeconds = (plan: ReproducePlan) =>
  DEEP_FIT_FIXED_CPU + (DEEP_STUDY.depths.length * Math.max(2, plan.fitReplicas) * (SAMPLER_START_CPU + plan.fitNets * DEEP_FIT_CPU_PER_NET)) / ESTIMATE_CORES;

/** Checkpoint file of the m_4 sampling at one depth. */
export const deepCheckpointName = (depth: number) => `deep-m4-L${depth}.checkpoint.json`;

/** Full wall seconds of the m_4 sampling at one depth (all widths, one call) on the estimate's cores. */
export const deepSamplingSeconds = (plan: ReproducePlan, depth: number) =>
  (SAMPLER_START_CPU + plan.widths.reduce((s, n) => s + plan.nets * (DEEP_CPU.a + DEEP_CPU.b * depth * n), 0)) / ESTIMATE_CORES;

/** Colours per depth (Okabe–Ito). */
const COLOR = [OKABE_ITO[0]!, OKABE_ITO[1]!, OKABE_ITO[2]!, OKABE_ITO[3]!];

/** The network of the m_4 study at depth L and width n. */
function mnNet(depth: number, n: number): NetworkSpec {
  const a = PAPER_ARCHS.find((x) => x.name === DEEP_STUDY.mn.arch)!;
  return { activation: a.name, widths: new Array<number>(depth).fill(n), sW: a.sW, sb: a.sb, dIn: 1 };
}

/** m_4 against width at one depth: exact line (where it exists), leading-order line, sampled points. */
async function m4At(ctx: Ctx, depth: number) {
  const { plan } = ctx;
  const a = PAPER_ARCHS.find((x) => x.name === DEEP_STUDY.mn.arch)!;
  const { arch, params } = resolveArch(a.name, { sW: a.sW, sb: a.sb, dIn: 1 });
  const points: Point[] = [DEEP_STUDY.mn.point.slice()];
  const grid = Array.from({ length: 61 }, (_, i) => 2 * 500 ** (i / 60));
  // One input: m_4 = |G4 − 3K²| / 3K²; the exact kurtosis is E f⁴/(E f²)² and G2 = K here (σ_b = 0, ReLU).
  const exact = (n: number) => {
    const k = exactSingleInputKurtosis(arch, mnNet(depth, n));
    return k === undefined ? undefined : k / 3 - 1;
  };
  const fw = finiteWidthPlan(arch, mnNet(depth, plan.widths[0]!), points);
  const leading = (n: number) => fw.at(new Array<number>(depth).fill(n)).m;
  const sampled = await sampleCorrelators(arch, params, points, {
    widths: plan.widths, layers: plan.widths.map((n) => new Array<number>(depth).fill(n)), ns: [4],
    nets: plan.nets, experiments: plan.experiments, seed: plan.seed, threads: plan.threads,
    ...(plan.checkpointDir ? { checkpoint: join(plan.checkpointDir, deepCheckpointName(depth)), resume: true } : {}),
    signal: ctx.signal,
    onProgress: (done, all) => {
      ctx.chunkDone();
      ctx.progress(`sampling depth ${depth}`, done, all);
    },
  });
  const rows = plan.widths.map((n, w) => {
    const r = sampled.results[w]!;
    return { n, exact: exact(n) ?? null, leading: leading(n), interval: mInterval(r, plan.experiments), background: r.background };
  });
  return {
    depth,
    exactCurve: grid.map((n) => ({ x: n, y: exact(n) })).filter((p): p is { x: number; y: number } => p.y !== undefined),
    leadingCurve: grid.map((n) => ({ x: n, y: leading(n) })),
    rows,
    warnings: sampled.warnings,
  };
}

/** λ fitted to G4c at one depth: leading order (source finite-width) and sampled (deep sampler, replicas). */
async function fitAt(ctx: Ctx, depth: number): Promise<{ depth: number; leading: FitResult; sampled: FitResult }> {
  const { plan } = ctx;
  const f = DEEP_STUDY.fit;
  const a = PAPER_ARCHS.find((x) => x.name === f.arch)!;
  const { arch, params } = resolveArch(a.name, { sW: a.sW, sb: a.sb, dIn: 1 });
  const network: NetworkSpec = { activation: a.name, widths: new Array<number>(depth).fill(f.width), sW: a.sW, sb: a.sb, dIn: 1 };
  const train = f.inputs.map((p) => p.slice());
  const common = { arch, params, width: f.width, network, propagator: 'eft' as const };
  // Unweighted, both: with a few replicas the per-tuple errors are too noisy to weight by (a weighted fit follows whichever tuple's error came out smallest).
  const leading = await fitAction(makeEngines(f.action, { ...common, source: 'finite-width' }), { train, cutoff: f.cutoff, weighted: false });
  const sampled = await fitAction(makeEngines(f.action, {
    ...common, source: 'sample',
    sample: { nets: plan.fitNets, experiments: Math.max(2, plan.fitReplicas), seed: plan.seed, ...(plan.threads ? { threads: plan.threads } : {}), signal: ctx.signal },
  }), { train, cutoff: f.cutoff, weighted: false });
  return { depth, leading, sampled };
}

/** A sampled m with ±2σ, or open above under heavy tails. */
const cell = (iv: MInterval | null) => (!iv ? '—' : iv.hi === Infinity ? `${fmtNum(iv.m)} (≥ ${fmtNum(iv.lo, 3)}, open)` : `${fmtNum(iv.m)} ± ${fmtNum(iv.hi - iv.m, 3)}`);

/** Section: m_4 against width for depths 1–3, and λ against depth. */
export async function deepSection(ctx: Ctx): Promise<Section> {
  const depths = DEEP_STUDY.depths;
  const m4: Awaited<ReturnType<typeof m4At>>[] = [];
  for (const L of depths) m4.push(await m4At(ctx, L));
  const fits: Awaited<ReturnType<typeof fitAt>>[] = [];
  for (const L of depths) {
    ctx.progress('fits against depth', fits.length, depths.length);
    fits.push(await fitAt(ctx, L));
  }
  const series: PlotSeries[] = [];
  m4.forEach((d, i) => {
    const color = COLOR[i % COLOR.length]!;
    const pos = d.rows.filter((r) => r.interval && r.interval.m > 0);
    series.push(
      { kind: 'line', name: `depth ${d.depth}: exact`, points: d.exactCurve, color, strokeWidth: 2.4 },
      { kind: 'line', name: `depth ${d.depth}: leading order 1/n`, points: d.leadingCurve, color, dash: '6 3' },
      { kind: 'points', name: `depth ${d.depth}: sampled ± 2σ`, points: pos.map((r) => ({ x: r.n, y: r.interval!.m, yErr: [r.interval!.m - r.interval!.lo, Math.min(r.interval!.hi, 1e12) - r.interval!.m] as [number, number] })), color },
    );
  });
  const bg = m4.flatMap((d) => d.rows).filter((r) => (r.background ?? 0) > 0);
  const ys = series.flatMap((s) => (s.kind === 'band' ? [] : s.points.map((p) => p.y))).filter((y) => y > 0);
  const yDomain: [number, number] = [Math.max(Math.min(...ys) / 2, 1e-9), Math.max(...ys) * 2];
  const a = PAPER_ARCHS.find((x) => x.name === DEEP_STUDY.mn.arch)!;
  const m4Figure: Figure = {
    id: 'deep-m4',
    caption: `m₄ against width n (every hidden width n) for depth ${depths.join(', ')}: ReLU, σ_W = ${a.sW}, σ_b = ${a.sb}, one input x = ${DEEP_STUDY.mn.point[0]}. ` +
      `Solid: exact, (1 + 5/n)^L − 1 (CONVENTIONS §8); dashed: the leading order in 1/n from the four-point vertex recursion (5L/n); points: sampled ` +
      `(${ctx.plan.experiments} experiments × ${ctx.plan.nets / ctx.plan.experiments} networks per width, ±2σ from the spread across experiments). ` +
      `The background (the estimate's spread / G_GP) is in the table: a sampled m₄ below it is noise.`,
    svg: linePlotSvg({ title: 'Deeper networks: non-Gaussianity against width', xLabel: 'width n', yLabel: 'm₄', xAxis: 'log', yAxis: 'log', yDomain, series }),
    data: { arch: a.name, params: { sW: a.sW, sb: a.sb, dIn: 1 }, point: DEEP_STUDY.mn.point, depths: m4, backgrounds: bg.length },
  };
  const lam = (r: FitResult) => r.couplings['λ']!;
  const fitPts = (pick: (f: (typeof fits)[number]) => FitResult) =>
    fits.map((f) => ({ x: f.depth, y: -lam(pick(f)).value!, ...(lam(pick(f)).stdError ? { yErr: 2 * lam(pick(f)).stdError! } : {}) }));
  const F = DEEP_STUDY.fit;
  const lamFigure: Figure = {
    id: 'deep-lambda',
    caption: `λ of ${F.action} fitted to the connected G4c against depth (paper sign, ΔG4 ≈ +λ·24∫ΠK): Erf, σ_W = 1, σ_b = 1, every hidden width ${F.width}, ` +
      `inputs ${F.inputs.map((p) => p[0]).join(', ')}, cutoff Λ = ${F.cutoff}, propagator K − σ_b² of the depth's NNGP kernel. Line: leading order in 1/n ` +
      `(source finite-width); points: sampled (${ctx.plan.fitReplicas} replicas × ${ctx.plan.fitNets} networks, ±2σ from the replicas' spread).`,
    svg: linePlotSvg({
      title: 'Fitted λ against depth', xLabel: 'depth L', yLabel: 'λ (paper sign)', xAxis: 'linear', yAxis: 'linear',
      series: [
        { kind: 'line', name: 'leading order 1/n', points: fitPts((f) => f.leading), color: OKABE_ITO[0]! },
        { kind: 'points', name: 'sampled ± 2σ', points: fitPts((f) => f.sampled), color: OKABE_ITO[1]! },
      ],
    }),
    data: fits.map((f) => ({ depth: f.depth, target: 'connected', leading: { lambda: lam(f.leading).value, mape: f.leading.train.mape }, sampled: { lambda: lam(f.sampled).value, stdError: lam(f.sampled).stdError, mape: f.sampled.train.mape } })),
  };
  const m4Rows = m4.flatMap((d) => d.rows.map((r) => [d.depth, r.n, fmtNum(r.exact), fmtNum(r.leading), cell(r.interval), fmtNum(r.background)]));
  const fitRows = fits.map((f) => {
    const s = lam(f.sampled), l = lam(f.leading);
    return [f.depth, fmtNum(-l.value!), `${fmtNum(-s.value!)} ± ${fmtNum(s.stdError ?? NaN, 2)}`, s.stdError ? ((s.value! - l.value!) / s.stdError).toFixed(1) : '—', fmtNum(f.leading.train.mape, 3), fmtNum(f.sampled.train.mape, 3)];
  });
  const warn = m4.flatMap((d) => d.warnings.map((w) => `depth ${d.depth}: ${w}`));
  return {
    id: 'deep',
    title: 'Deeper networks',
    html:
      `<p>Networks of depth L (CONVENTIONS §8): every hidden width n, weights N(0, σ_W²/fan-in), biases N(0, σ_b²). Deep networks are Gaussian at infinite ` +
      `width with the NNGP kernel of the layer recursion, and their connected four-point function is O(1/n) with a coefficient that grows with depth ` +
      `(Roberts, Yaida, Hanin, ch. 4). For bias-free ReLU at one input the kurtosis is exact at every width, 3 Π<sub>l</sub>(1 + 5/n<sub>l</sub>), ` +
      `so m₄ = (1 + 5/n)<sup>L</sup> − 1, whose leading order 5L/n is what the vertex recursion gives; the sampled points follow the exact curve, ` +
      `and the leading order departs from it where 5L/n is not small.</p>` +
      `<p>Fits at depth ≥ 2 target the connected G4c = G4 − Σ₃ G2·G2 with the dressed G2 (not ΔG4: G2 itself moves from the kernel at O(1/n), ` +
      `which no quartic coupling describes), with features from the depth's NNGP kernel. At depth 1 the two coincide. The sampled λ differs from the ` +
      `leading order by the O(1/n²) terms (z below; its σ comes from ${ctx.plan.fitReplicas} replicas and is itself uncertain by about ` +
      `${Math.round(100 / Math.sqrt(2 * Math.max(1, ctx.plan.fitReplicas - 1)))} %). Both fits are unweighted: with few replicas the per-tuple errors are too noisy to weight by. ` +
      `Subtracting the same networks' G2 also removes most of the sampling noise, so the sampled λ at depth ≥ 2 is far more precise than at depth 1, ` +
      `where the target is G4 − 3K² with the exact kernel.</p>` +
      htmlTable(['depth L', 'n', 'm₄ exact', 'm₄ leading order', 'm₄ sampled ± 2σ', 'background'], m4Rows, 'm₄ against width') +
      htmlTable(['depth L', 'λ leading order', 'λ sampled ± σ', 'z (sampled − leading)', 'MAPE % (leading)', 'MAPE % (sampled)'], fitRows, `λ f⁴ against depth (paper sign), width ${F.width}`) +
      (warn.length ? `<p class="note">Sampler diagnostics: ${warn.map(esc).join('<br>')}</p>` : ''),
    figures: [m4Figure, lamFigure],
  };
}

export default defineSection({
  id: 'deep',
  estimate: (plan, left) => [
    ...DEEP_STUDY.depths.map((L) => ({ stage: `deep m₄ sampling (depth ${L})`, seconds: left(deepCheckpointName(L), deepSamplingSeconds(plan, L)), checkpointed: true })),
    { stage: 'deep fits against depth', seconds: deepFitSeconds(plan), checkpointed: false },
  ],
  run: deepSection,
});
