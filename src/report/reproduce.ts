/**
 * `nnqft reproduce`: the whole study of Halverson, Maiti, Stoner,
 * "Neural networks and quantum field theory" (arXiv:2008.08601) on embedded
 * defaults, as report sections: diagrams (§4), kernels (§3), non-Gaussian
 * deviations m_n against width, exact and sampled (§3, CONVENTIONS §3–4),
 * coupling fits (Table 5), the 6-point prediction and the RG flow (§5,
 * CONVENTIONS §5–7). Each section is a function of the plan; the CLI writes them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { InterruptedError, InvalidArgumentError, IoError } from '../core/errors.js';
import { ensureDir, writeFileAtomic } from '../core/files.js';
import { INPUT_PRESETS, type Point } from '../core/inputs.js';
import { parseAction } from '../dsl/parse.js';
import { generateDiagrams, groupByTopology } from '../diagrams/generate.js';
import { seriesLatex } from '../symbolic/expression.js';
import { correlatorPolynomials, reportAtWidths } from '../exact/correlators.js';
import { kernelFunction, kernelMatrix } from '../kernels/kernel.js';
import { getArchitecture, resolveParams } from '../kernels/registry.js';
import { join } from 'node:path';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { sampleCorrelators } from '../nets/sample.js';
import type { SampleResult } from '../nets/result.js';
import { readStateFile } from '../nets/state.js';
import { chunkRef } from '../nets/engine.js';
import { diagramSvg } from '../render/diagram-svg.js';
import { linePlotSvg, logLogFit, powerLawSeries, type PlotSeries } from '../render/plot.js';
import { correlators as measuredCorrelators, features as actionFeatures, makeTable5Engines, type EngineOptions } from '../fit/engines.js';
import { rgAction, validateAction, type FitEngines } from '../fit/pipeline.js';
import { fmt, predictRows, type FeatureTable, type FitResult } from '../fit/fit.js';
import { targetsFromEntries, type CorrelatorEntryLike } from '../fit/adapters.js';
import { table5, table5CouplingText, TABLE5_SETUPS, TABLE5_MODELS, type Table5Engines, type Table5Row, type Table5Setup } from '../fit/table5.js';
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
  /**
   * Folder for the checkpoints of the sampling stages (m_n against width and the
   * sampled Table 5: all but ~25 s of a full run): an interrupted run started again
   * with the same plan continues where it stopped, with a bit-identical result.
   * The folder's {@link PLAN_FILE} records the plan; another plan is refused.
   */
  checkpointDir?: string;
}

/** How one call of {@link reproduce} runs (none of it changes the numbers). */
export interface ReproduceRunOptions {
  /**
   * Aborting stops the run after the sampling chunks in flight (or at the end of the
   * current stage); the checkpoints are written and reproduce rejects with INTERRUPTED.
   */
  signal?: AbortSignal;
  /** Test hook: behave as if interrupted once this many (≥ 1) sampling chunks were done in this call (all stages together). */
  stopAfterChunks?: number;
  /** Compute only these sections (default: all, in the report's order). */
  sections?: readonly SectionId[];
}

/** The report's sections, in order. */
export const SECTION_IDS = ['diagrams', 'kernels', 'deviations', 'table5', 'sixpoint', 'rg'] as const;
/** One section of the report. */
export type SectionId = (typeof SECTION_IDS)[number];

/** The plan of a quick or a full run; `overrides` shrink or grow it (tests use a tiny one). */
export function reproducePlan(quick: boolean, seed = 1, threads?: number, overrides: Partial<ReproducePlan> = {}): ReproducePlan {
  return { ...basePlan(quick, seed, threads), ...overrides };
}

function basePlan(quick: boolean, seed: number, threads?: number): ReproducePlan {
  return quick
    ? { quick, seed, threads, widths: PAPER_WIDTHS, nets: 40_000, experiments: 10, fitNets: 20_000, fitReplicas: 4 }
    : { quick, seed, threads, widths: PAPER_WIDTHS, nets: 10_000_000, experiments: 100, fitNets: 1_000_000, fitReplicas: 10 };
}

/** Expected seconds of one stage of a run. */
export interface StageEstimate {
  stage: string;
  seconds: number;
  /** Whether the stage is checkpointed (resumable after an interruption). */
  checkpointed: boolean;
}

/**
 * Expected seconds of each stage of a plan on this kind of machine (2 cores), from
 * the sampler's measured throughput (see `secondsPerNet`). Everything that is not
 * sampling (diagrams, exact engine, fits, predictions, RG flow) takes seconds.
 */
export function estimateStages(plan: ReproducePlan): StageEstimate[] {
  return stageEstimates(plan, (_file, full) => full);
}

/**
 * The same estimate for what is left of a plan, given the checkpoints in its folder
 * (sampling chunks already done are not counted): what a resumed run still takes.
 */
export function estimateRemaining(plan: ReproducePlan): StageEstimate[] {
  const dir = plan.checkpointDir;
  return stageEstimates(plan, (file, full) => (dir ? secondsLeftIn(join(dir, file)) ?? full : full));
}

/**
 * Sampler cost on 2 cores (worker threads, conditional estimator, 6 inputs): seconds
 * per network of width N. With n = 4 and 6 (the m_n stage), (N + 25)·1e-7: a quick
 * run measured 14.5–16.8 CPU-s per architecture against 15.6 predicted. With n = 4
 * only (the sampled Table 5) the 462 six-point tuples are not accumulated:
 * (0.035·N + 2.5)·1e-6, measured 2.4–3.2 µs at N = 5, 20 and 30–38 µs at N = 1000
 * (Gauss-, Erf-net, CPU time / 2), where the first model would say 3–4.5 and 102.5.
 */
const secondsPerNet = (N: number, ns: readonly number[]) =>
  ns.some((n) => n > 4) ? (N + 25) * 1e-7 : (0.035 * N + 2.5) * 1e-6;

/** The m_n stage measures n = 4 and 6. */
const MN_NS = [4, 6];

/** The sampled Table 5 measures ΔG4 only (src/fit/table5.ts asks for n = 4): part of its checkpoint names. */
const TABLE5_NS = [4];

function stageEstimates(plan: ReproducePlan, left: (checkpointFile: string, fullSeconds: number) => number): StageEstimate[] {
  const out: StageEstimate[] = PAPER_ARCHS.map((a) => ({
    stage: `m_n sampling (${a.name})`,
    seconds: left(mnCheckpointName(a.name), plan.widths.reduce((s, N) => s + plan.nets * secondsPerNet(N, MN_NS), 0)),
    checkpointed: true,
  }));
  // Sampled Table 5: the replicas of the training and test sets of each setup.
  let t5 = 0;
  for (const s of TABLE5_SETUPS) for (const points of [s.train, s.test]) for (let r = 0; r < plan.fitReplicas; r++) {
    t5 += left(table5CheckpointName(s, points, TABLE5_NS, r), plan.fitNets * secondsPerNet(s.width, TABLE5_NS));
  }
  out.push({ stage: 'Table 5 sampling', seconds: t5, checkpointed: true });
  out.push({ stage: 'diagrams, exact engine, fits, predictions, RG flow', seconds: 25, checkpointed: false });
  return out;
}

/** Whether the plan's checkpoints already hold sampling work (a run of it continues an earlier one). */
export function hasSamplingDone(plan: ReproducePlan): boolean {
  if (!plan.checkpointDir) return false;
  const full = estimateStages(plan);
  return estimateRemaining(plan).some((e, i) => e.checkpointed && e.seconds < full[i]!.seconds);
}

/** Estimated seconds of the chunks a sampler checkpoint still lacks; undefined without a readable checkpoint. */
function secondsLeftIn(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  let st;
  try { st = readStateFile(file); } catch { return undefined; } // the run itself reports an unreadable checkpoint
  let s = 0;
  for (let id = 0; id < st.layout.total; id++) {
    if (st.done[id]) continue;
    const ref = chunkRef(st.spec, st.layout, id);
    s += ref.count * secondsPerNet(st.spec.widths[ref.w]!, st.spec.ns);
  }
  return s;
}

/** Checkpoint file name of an architecture's m_n sampling. */
const mnCheckpointName = (arch: string) => `mn-${arch}.checkpoint.json`;

/** Expected seconds of a plan: the sum of {@link estimateStages}. */
export function estimateSeconds(plan: ReproducePlan): number {
  return estimateStages(plan).reduce((s, e) => s + e.seconds, 0);
}

/** File in the checkpoint folder that records the plan the checkpoints belong to. */
export const PLAN_FILE = 'reproduce-plan.json';
const PLAN_FORMAT = 'nnqft-reproduce-plan/1';

/** The fields of a plan that fix the numbers (not threads, not where checkpoints go). */
function planIdentity(plan: ReproducePlan): Record<string, unknown> {
  const { seed, widths, nets, experiments, fitNets, fitReplicas } = plan;
  return { seed, widths, nets, experiments, fitNets, fitReplicas };
}

/**
 * Prepares the plan's checkpoint folder: records the plan in {@link PLAN_FILE}, or,
 * when the folder already holds one, checks that it is this plan (INVALID_ARGUMENT
 * naming the differing fields otherwise, before any work); creates the folder
 * when missing. `resumed`: the record was there already. No-op without a
 * checkpoint folder.
 */
export function openCheckpoints(plan: ReproducePlan): { resumed: boolean } {
  const dir = plan.checkpointDir;
  if (!dir) return { resumed: false };
  ensureDir(dir);
  const file = join(dir, PLAN_FILE);
  const mine = planIdentity(plan);
  if (!existsSync(file)) {
    writeFileAtomic(file, JSON.stringify({ format: PLAN_FORMAT, ...mine }, null, 2) + '\n');
    return { resumed: false };
  }
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new IoError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (saved.format !== PLAN_FORMAT) throw new InvalidArgumentError(`${file} is not a reproduce plan (format ${JSON.stringify(saved.format)})`);
  const diffs = Object.keys(mine).filter((k) => JSON.stringify(saved[k]) !== JSON.stringify(mine[k]))
    .map((k) => `${k} ${JSON.stringify(saved[k])} there, ${JSON.stringify(mine[k])} here`);
  if (diffs.length) {
    throw new InvalidArgumentError(
      `${dir} holds the checkpoints of a run with other arguments (${diffs.join('; ')}): use another --out, or delete ${dir} to start over`,
      { checkpointDir: dir, differences: diffs },
    );
  }
  return { resumed: true };
}

/** Progress callback: stage name, done, total. */
export type Progress = (stage: string, done: number, total: number) => void;

/** What the sections of one run share. */
interface Ctx {
  plan: ReproducePlan;
  progress: Progress;
  /** Aborted on interruption (the caller's signal, or the stopAfterChunks test hook). */
  signal: AbortSignal;
  /** Counts one finished sampling chunk (for the test hook). */
  chunkDone: () => void;
  memo: Memo;
}

/**
 * Per-run memo: every exact correlator table, feature table and the exact Table 5
 * are computed once and shared by the sections that need them (the M1 fit of
 * Table 5 is the fit behind the residuals figure and the 6-point prediction; the RG
 * flow of Erf- and Gauss-net reuses Table 5's exact test data).
 */
interface Memo {
  exact: Map<string, Promise<Map<number, CorrelatorEntryLike[]>>>;
  features: Map<string, Promise<FeatureTable>>;
  table5Exact?: Promise<Table5Row[]>;
}

function memoised<T>(m: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let hit = m.get(key);
  if (!hit) { hit = compute(); m.set(key, hit); }
  return hit;
}

/** Exact data and first-order features of one architecture and width, through the run's memo (propagator K − σ_b²). */
function exactData(ctx: Ctx, arch: Architecture, params: ArchParams, width: number) {
  const eo: EngineOptions = { arch, params, width, propagator: 'eft', source: 'exact' };
  const id = JSON.stringify([arch.name, params]);
  return {
    correlators: (points: Point[], ns: number[]) =>
      memoised(ctx.memo.exact, JSON.stringify([id, width, points, ns]), () => measuredCorrelators(eo, points, ns)),
    // Features do not depend on the width; the cutoff as text keeps ∞ apart from other values.
    features: (action: string, n: number, points: Point[], cutoff: number) =>
      memoised(ctx.memo.features, JSON.stringify([id, action, n, points, String(cutoff)]), () => actionFeatures(action, eo, n, points, cutoff)),
  };
}

/** Fit engines of one action on exact data (shared memo). */
function exactEngines(ctx: Ctx, action: string, arch: Architecture, params: ArchParams, width: number): FitEngines {
  const d = exactData(ctx, arch, params, width);
  return {
    features: (n, points, cutoff) => d.features(action, n, points, cutoff),
    correlators: d.correlators,
    kernel: (points) => kernelMatrix(arch, params, points),
  };
}

/** The exact Table 5 (all setups and models), computed once per run. */
function exactTable5(ctx: Ctx): Promise<Table5Row[]> {
  ctx.memo.table5Exact ??= table5((s): Table5Engines => {
    const { arch, params } = resolveArch(s.arch, { sW: s.sW, sb: s.sb, dIn: 1 });
    const d = exactData(ctx, arch, params, s.width);
    return { correlators: d.correlators, features: d.features };
  });
  return ctx.memo.table5Exact;
}

/** The exact M1 fit of a Table 5 setup (from the exact Table 5) and its engines. */
async function m1Exact(ctx: Ctx, s: Table5Setup): Promise<{ arch: Architecture; engines: FitEngines; fit: FitResult }> {
  const { arch, params } = resolveArch(s.arch, { sW: s.sW, sb: s.sb, dIn: 1 });
  const row = (await exactTable5(ctx)).find((r) => r.arch === s.arch && r.model === 'M1');
  if (!row?.fit) throw new InvalidArgumentError(`no exact M1 fit for ${s.arch}`);
  return { arch, engines: exactEngines(ctx, TABLE5_MODELS.M1!, arch, params, s.width), fit: row.fit };
}

function archSetup(a: { name: string; preset: string; sW: number; sb: number }): { arch: Architecture; params: ArchParams; points: number[][] } {
  const arch = getArchitecture(a.name);
  const points = INPUT_PRESETS[a.preset]!.points.map((p) => p.slice());
  return { arch, params: resolveParams(arch, { sW: a.sW, sb: a.sb, dIn: points[0]!.length }), points };
}

const fmtNum = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : fmt(x, digits));

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
  // Exact curves on a fine grid of (non-integer) widths: the 1/N polynomials (computed once) make this free.
  const grid = Array.from({ length: 61 }, (_, i) => 2 * 500 ** (i / 60));
  const polys = correlatorPolynomials(arch, params, points, [4, 6]);
  const exactGrid = reportAtWidths(polys, grid, [4, 6]);
  const exactAt = reportAtWidths(polys, plan.widths, [4, 6]);
  const curve = (n: number, key: 'm' | 'mConnected') =>
    exactGrid.results.filter((r) => r.n === n).map((r) => ({ x: r.width, y: r[key] }));
  let sampled: SampleResult | undefined;
  const total = plan.widths.length;
  sampled = await sampleCorrelators(arch, params, points, {
    widths: plan.widths, ns: MN_NS, nets: plan.nets, experiments: plan.experiments,
    seed: plan.seed, threads: plan.threads,
    ...(plan.checkpointDir ? { checkpoint: join(plan.checkpointDir, mnCheckpointName(arch.name)), resume: true } : {}),
    signal: ctx.signal,
    onProgress: (done, all) => {
      ctx.chunkDone();
      ctx.progress(`sampling ${arch.title}`, Math.round((done / all) * total), total);
    },
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

const resolveArch = (name: string, p: { sW: number; sb: number; dIn: number }) => {
  const arch = getArchitecture(name);
  return { arch, params: resolveParams(arch, p) };
};


function table5Html(rows: Table5Row[], caption: string): string {
  return htmlTable(
    ['net', 'model', 'nnqft (λ0, λ2, λNL), paper sign', 'test MAPE %', 'test MSE', 'published (λ0, λ2, λNL)', 'published on the determined line', 'published (MAPE, MSE)'],
    rows.map((r) => [
      r.arch, r.model, table5CouplingText(r, (x) => fmtNum(x, 3)), fmtNum(r.test.mape, 3), fmtNum(r.test.mse, 3),
      `(${r.published.couplings.map((x) => fmtNum(x, 2)).join(', ')})`,
      r.publishedOnDetermined === undefined ? '—' : fmtNum(r.publishedOnDetermined, 4),
      `(${fmtNum(r.published.mape, 3)}, ${fmtNum(r.published.mse, 2)})`,
    ]),
    caption,
  );
}

/** Section: the seed's Table 5, from exact and from sampled correlators. */
export async function table5Section(ctx: Ctx): Promise<Section> {
  ctx.progress('Table 5 (exact)', 0, 1);
  const exact = await exactTable5(ctx);
  const sampled = await sampledTable5(ctx);
  const ratios = exact.filter((r) => r.publishedRatio !== undefined).map((r) => [r.arch, r.model, fmtNum(r.publishedRatio!, 3)]);
  const strip = (rows: Table5Row[]) => rows.map(({ fit: _fit, ...r }) => r);
  const residualFigures = [await residualsFigure(ctx)];
  return {
    id: 'table5',
    title: 'Coupling fits: the seed\'s Table 5',
    html:
      `<p>Models linear in their couplings (CONVENTIONS §6): M1 λ0 f⁴, M2 (λ0 + λ2 x²) f⁴, M3 + λNL ∫∫ f(x)² f(y)², fitted to ΔG4 = G4 − G4_GP ` +
      `on the unique index tuples of the training inputs by least squares (exact, unlike the paper's gradient descent), tested on the test inputs. ` +
      `Setup: width 1000 (Gauss), 5 (Erf), 20 (ReLU, σ_b = 0); cutoff ∞ (Gauss) or 100; propagator K − σ_b². Couplings in the paper's sign (λ0 = −λ of the action).</p>` +
      table5Html(exact, 'From exact finite-width correlators (no sampling noise)') +
      table5Html(sampled, `From sampled networks: ${ctx.plan.fitReplicas} independent replicas × ${ctx.plan.fitNets} networks (errors from the replicas' spread)`) +
      `<p><strong>Reading the differences.</strong> For ReLU-net with σ_b = 0 on positive inputs every feature is proportional to x1x2x3x4, so M2 and M3 ` +
      `are degenerate: the data fix one combination only, and the published split is one arbitrary point on that line (its value on the line is printed). ` +
      `For Gauss and Erf the published λ0 and the published M0 error differ from the exact ones by the same factor (table below): an overall scale ` +
      `of the paper's sampled ΔG4 (sampling noise; for Gauss-net with σ_b = 1 the outputs are log-normal with heavy tails), not a difference in the model. ` +
      `Where M2/M3 are not degenerate their extra couplings are weakly determined (large condition number): compare along the determined combination.</p>` +
      htmlTable(['net', 'model', 'published / nnqft (M0: RMS ΔG4; M1: λ0)'], ratios, 'Scale check of the published data'),
    figures: residualFigures,
    data: { 'table5-exact': strip(exact), 'table5-sampled': strip(sampled) },
  };
}

/** Checkpoint file name of a Table 5 sampling replica: setup, input set, replica. */
function table5CheckpointName(s: Table5Setup, points: Point[], ns: number[], replica: number): string {
  const key = JSON.stringify(points);
  const set = key === JSON.stringify(s.train) ? 'train' : key === JSON.stringify(s.test) ? 'test'
    : `points-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
  return `table5-${s.arch}-N${s.width}-${set}-n${ns.join('')}-r${replica + 1}.checkpoint.json`;
}

/**
 * The sampled Table 5: independent replicas of each training and test set, each
 * replica checkpointed in the plan's folder (resumed when the file exists).
 */
function sampledTable5(ctx: Ctx): Promise<Table5Row[]> {
  const { plan } = ctx;
  const total = TABLE5_SETUPS.length * 2 * plan.fitReplicas;
  let started = 0;
  ctx.progress('Table 5 (sampled)', 0, total);
  return table5((s) =>
    makeTable5Engines(s, {
      source: 'sample', propagator: 'eft',
      sample: {
        nets: plan.fitNets, experiments: plan.fitReplicas, seed: plan.seed, threads: plan.threads,
        ...(plan.checkpointDir ? { checkpoint: (r: number, points: Point[], ns: number[]) => join(plan.checkpointDir!, table5CheckpointName(s, points, ns, r)) } : {}),
        signal: ctx.signal,
        onChunk: () => ctx.chunkDone(),
      },
      // Called with a status line as each replica starts (and '' when a set is done).
      onProgress: (status) => { if (status) ctx.progress('Table 5 (sampled)', started++, total); },
    }, resolveArch));
}

/** Relative residuals (λ0·F − ΔG4)/|ΔG4| of the exact M1 fits on each test set, per index tuple. */
async function residualsFigure(ctx: Ctx): Promise<Figure> {
  const series: PlotSeries[] = [];
  const data: Record<string, unknown> = {};
  for (const s of TABLE5_SETUPS) {
    const { arch, engines, fit } = await m1Exact(ctx, s);
    const f4 = await engines.features(4, s.test, s.cutoff);
    const targets = targetsFromEntries((await engines.correlators(s.test, [4])).get(4)!);
    const pred = predictRows(f4, fit.lsq.coefficients);
    const pts = targets.map((t, i) => ({ x: i, y: (pred[i]! - t.value) / Math.abs(t.value) }));
    series.push({ kind: 'points', name: `${arch.title} (N = ${s.width})`, points: pts });
    data[arch.name] = { tuples: targets.map((t) => t.index), relativeResidual: pts.map((p) => p.y) };
  }
  return {
    id: 'table5-residuals',
    caption: 'Relative residuals of the M1 fits (λ0 f⁴, exact data) on the test tuples, in the order of the unique index tuples.',
    svg: linePlotSvg({ title: 'M1 fit residuals on the test sets', xLabel: 'test tuple', yLabel: '(fit − ΔG4) / |ΔG4|', series, referenceLines: [{ axis: 'y', value: 0 }] }),
    data,
  };
}

/** Section: the 6-point function predicted from couplings fitted on G4 (model M1, exact data). */
export async function sixPointSection(ctx: Ctx): Promise<Section> {
  const rows: (string | number)[][] = [];
  const data: Record<string, unknown> = {};
  for (const s of TABLE5_SETUPS) {
    ctx.progress('6-point prediction', rows.length, TABLE5_SETUPS.length);
    const { arch, engines, fit } = await m1Exact(ctx, s);
    const v = await validateAction(engines, { train: s.train, test: s.test, cutoff: s.cutoff, fit });
    rows.push([arch.title, s.width, fmtNum(v.fit.test?.mape ?? NaN, 3), fmtNum(v.g6.total.mape, 3), fmtNum(v.g6.disconnected.mape, 3), fmtNum(v.g6.connected.mape, 3), `${fmtNum(100 * v.g6.connectedFraction, 3)} %`]);
    data[arch.name] = { width: s.width, cutoff: s.cutoff, g4: v.fit.test, g6: v.g6 };
  }
  return {
    id: 'sixpoint',
    title: 'Predicting the 6-point function',
    html:
      `<p>With λ0 fitted on ΔG4 (model M1, exact data), the first-order diagrams predict ΔG6 (class totals 360, 720, 5400; CONVENTIONS §5). ` +
      `ΔG6 splits into an O(1/N) part Σ₁₅ K·ΔG4, which the quartic coupling reproduces, and the connected O(1/N²) part G6c, which no first-order ` +
      `quartic coupling can produce: the prediction misses exactly that share.</p>` +
      htmlTable(['architecture', 'N', 'G4 test MAPE %', 'ΔG6 MAPE %', 'O(1/N) part MAPE %', 'connected part MAPE %', 'connected share of ΔG6'], rows),
    figures: [],
    data: { sixpoint: data },
  };
}

/** The paper's RG test cutoffs (CONVENTIONS §7). */
export const RG_CUTOFFS = [7, 10, 15, 20, 30, 50, 70, 100, 200, 500, 1e3, 1e4, 1e5];

/** Section: the RG flow λ(Λ). */
export async function rgSection(ctx: Ctx): Promise<Section> {
  const cases = [
    { arch: 'relu', sb: 0, width: 20, preset: 'paper-relu', cutoffs: RG_CUTOFFS, label: 'ReLU-net, d_in = 1' },
    { arch: 'relu', sb: 0, width: 20, preset: 'paper-relu-2d', cutoffs: RG_CUTOFFS, label: 'ReLU-net, d_in = 2' },
    { arch: 'relu', sb: 0, width: 20, preset: 'paper-relu-3d', cutoffs: RG_CUTOFFS, label: 'ReLU-net, d_in = 3' },
    { arch: 'erf', sb: 1, width: 5, preset: 'table5-erf-test', cutoffs: [1, 2, 5, 10, 20, 50, 100, 1000], label: 'Erf-net, d_in = 1' },
    { arch: 'gauss', sb: 1, width: 1000, preset: 'table5-gauss-test', cutoffs: [1, 2, 5, 10, 20, 50, 100, 1000], label: 'Gauss-net, d_in = 1' },
  ];
  const rows: (string | number)[][] = [];
  const series: PlotSeries[] = [];
  const data: Record<string, unknown> = {};
  for (const c of cases) {
    ctx.progress('RG flow', rows.length, cases.length);
    const points = INPUT_PRESETS[c.preset]!.points.map((p) => p.slice());
    const { arch, params } = resolveArch(c.arch, { sW: 1, sb: c.sb, dIn: points[0]!.length });
    const r = await rgAction(exactEngines(ctx, 'λ f^4', arch, params, c.width), { points, cutoffs: c.cutoffs });
    rows.push([c.label, c.width, fmtNum(r.slope, 5), fmtNum(r.r2, 6), `${fmtNum(r.elementSlopes.min, 4)} … ${fmtNum(r.elementSlopes.max, 4)}`, fmtNum(r.predictedSpread, 3), fmtNum(r.frozenSpread, 3)]);
    series.push({ kind: 'points', name: c.label, points: r.points.map((p) => ({ x: p.cutoff, y: Math.abs(p.lambda) })) });
    data[c.label] = { arch: arch.name, params, width: c.width, inputs: points, ...r };
  }
  return {
    id: 'rg',
    title: 'Renormalisation-group flow',
    html:
      `<p>λ(Λ) = ΔG4 / (24 ∫_{−Λ}^{Λ} Π K_EFT(x_i, y) dy), fitted over the input tuples at each cutoff (CONVENTIONS §7); β(λ) = dλ/d log Λ is read ` +
      `as the slope of log|λ| against log Λ. For ReLU-net (σ_b = 0) the kernel is positively homogeneous of degree 2 in y, so ∫ΠK_EFT grows as Λ^(4+d_in) and ` +
      `λ ∝ Λ^−(4+d_in) exactly: slopes −5, −6, −7 for d_in = 1, 2, 3. The RG equation dG/d log Λ = 0 holds when the running λ(Λ) keeps the predicted ΔG4 fixed: the spread column (max over tuples of ` +
      `the predicted ΔG4's range over Λ, relative to |ΔG4|) is ~0 where one local coupling suffices, against the spread with λ frozen.</p>` +
      htmlTable(['case', 'N', 'slope of log|λ|', 'R²', 'per-element slopes', 'spread of predicted ΔG4 (running λ)', 'spread with λ frozen'], rows),
    figures: [{
      id: 'rg-flow',
      caption: '|λ(Λ)| against the cutoff Λ (paper sign), exact data.',
      svg: linePlotSvg({ title: 'RG flow of the quartic coupling', xLabel: 'cutoff Λ', yLabel: '|λ(Λ)|', xAxis: 'log', yAxis: 'log', series }),
      data,
    }],
  };
}

/**
 * All sections, in order, and the number of sampling chunks this call computed
 * (those already in complete checkpoints are not recomputed). With a checkpoint folder, the sampling stages resume
 * from it (see {@link openCheckpoints}); an interruption (run.signal) rejects with
 * INTERRUPTED after the checkpoints are written.
 */
export async function reproduce(
  plan: ReproducePlan, progress: Progress = () => {}, run: ReproduceRunOptions = {},
): Promise<{ title: string; intro: string; sections: Section[]; meta: Record<string, string>; sampledChunks: number }> {
  openCheckpoints(plan);
  const resumed = hasSamplingDone(plan);
  const stop = new AbortController();
  const outer = run.signal;
  const onAbort = () => stop.abort();
  if (outer?.aborted) stop.abort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  let chunks = 0;
  const ctx: Ctx = {
    plan, progress, signal: stop.signal, memo: { exact: new Map(), features: new Map() },
    chunkDone: () => { if (++chunks === run.stopAfterChunks) stop.abort(); },
  };
  const interrupted = () => new InterruptedError(
    plan.checkpointDir
      ? `interrupted; the sampling done so far is saved in ${plan.checkpointDir}: run the same command again to continue`
      : 'interrupted (no checkpoints were kept: a new run starts over)',
    { checkpointDir: plan.checkpointDir ?? null },
  );
  const builders: Record<SectionId, () => Section | Promise<Section>> = {
    diagrams: () => { progress('diagrams', 0, 1); return diagramsSection(); },
    kernels: kernelsSection,
    deviations: () => deviationsSection(ctx),
    table5: () => table5Section(ctx),
    sixpoint: () => sixPointSection(ctx),
    rg: () => rgSection(ctx),
  };
  const wanted = new Set(run.sections ?? SECTION_IDS);
  const t0 = Date.now();
  const sections: Section[] = [];
  try {
    for (const id of SECTION_IDS) {
      if (!wanted.has(id)) continue;
      if (stop.signal.aborted) throw interrupted();
      try {
        sections.push(await builders[id]());
      } catch (e) {
        // A sampler stopped by the signal reports an incomplete run: that is the interruption.
        if (stop.signal.aborted) throw interrupted();
        throw e;
      }
    }
  } finally {
    outer?.removeEventListener('abort', onAbort);
  }
  const meta = {
    mode: plan.quick ? 'quick' : 'full',
    seed: String(plan.seed),
    'networks per width': plan.nets.toExponential(1),
    experiments: String(plan.experiments),
    'run time': `${((Date.now() - t0) / 1000).toFixed(1)} s${resumed ? ' (this call, continuing from checkpoints)' : ''}`,
  };
  const intro =
    `<p>Reproduction of J. Halverson, A. Maiti, K. Stoner, <em>Neural networks and quantum field theory</em>, ` +
    `Mach. Learn.: Sci. Technol. 2 (2021) 035002 (arXiv:2008.08601), generated by nnqft. Every figure links the SVG and the JSON behind it.</p>`;
  return { title: 'nnqft: neural networks and quantum field theory, reproduced', intro, sections, meta, sampledChunks: chunks };
}
