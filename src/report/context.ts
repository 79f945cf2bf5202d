/**
 * What the report's sections share during one run: the plan, progress, the
 * interruption signal, and a memo of exact correlators, feature tables and the
 * exact Table 5 (each computed once and reused by every section that needs it).
 */
import type { Point } from '../core/inputs.js';
import { INPUT_PRESETS } from '../core/inputs.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { PaperArch } from '../core/paper.js';
import { kernelMatrix } from '../kernels/kernel.js';
import { getArchitecture, resolveParams } from '../kernels/registry.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { correlators as measuredCorrelators, features as actionFeatures, type EngineOptions } from '../fit/engines.js';
import type { FitEngines } from '../fit/pipeline.js';
import { fmt, type FeatureTable, type FitResult } from '../fit/fit.js';
import type { CorrelatorEntryLike } from '../fit/adapters.js';
import { table5, TABLE5_MODELS, type Table5Engines, type Table5Row, type Table5Setup } from '../fit/table5.js';
import type { ReproducePlan } from './plan.js';

/** Progress callback: stage name, done, total. */
export type Progress = (stage: string, done: number, total: number) => void;

/** What the sections of one run share. */
export interface Ctx {
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
export interface Memo {
  exact: Map<string, Promise<Map<number, CorrelatorEntryLike[]>>>;
  features: Map<string, Promise<FeatureTable>>;
  table5Exact?: Promise<Table5Row[]>;
}

/** An empty memo for a new run. */
export const emptyMemo = (): Memo => ({ exact: new Map(), features: new Map() });

function memoised<T>(m: Map<string, Promise<T>>, key: string, compute: () => Promise<T>): Promise<T> {
  let hit = m.get(key);
  if (!hit) { hit = compute(); m.set(key, hit); }
  return hit;
}

/** A registered architecture and its resolved parameters. */
export const resolveArch = (name: string, p: { sW: number; sb: number; dIn: number }) => {
  const arch = getArchitecture(name);
  return { arch, params: resolveParams(arch, p) };
};

/** One of the paper's architectures with its parameters and input points. */
export function archSetup(a: PaperArch): { arch: Architecture; params: ArchParams; points: number[][] } {
  const points = INPUT_PRESETS[a.preset]!.points.map((p) => p.slice());
  return { ...resolveArch(a.name, { sW: a.sW, sb: a.sb, dIn: points[0]!.length }), points };
}

/** A number for a table cell ('—' where there is none). */
export const fmtNum = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : fmt(x, digits));

/** Exact data and first-order features of one architecture and width, through the run's memo (propagator K − σ_b²). */
export function exactData(ctx: Ctx, arch: Architecture, params: ArchParams, width: number) {
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
export function exactEngines(ctx: Ctx, action: string, arch: Architecture, params: ArchParams, width: number): FitEngines {
  const d = exactData(ctx, arch, params, width);
  return {
    features: (n, points, cutoff) => d.features(action, n, points, cutoff),
    correlators: d.correlators,
    kernel: (points) => kernelMatrix(arch, params, points),
  };
}

/** The exact Table 5 (all setups and models), computed once per run. */
export function exactTable5(ctx: Ctx): Promise<Table5Row[]> {
  ctx.memo.table5Exact ??= table5((s): Table5Engines => {
    const { arch, params } = resolveArch(s.arch, { sW: s.sW, sb: s.sb, dIn: 1 });
    const d = exactData(ctx, arch, params, s.width);
    return { correlators: d.correlators, features: d.features };
  });
  return ctx.memo.table5Exact;
}

/** The exact M1 fit of a Table 5 setup (from the exact Table 5) and its engines. */
export async function m1Exact(ctx: Ctx, s: Table5Setup): Promise<{ arch: Architecture; engines: FitEngines; fit: FitResult }> {
  const { arch, params } = resolveArch(s.arch, { sW: s.sW, sb: s.sb, dIn: 1 });
  const row = (await exactTable5(ctx)).find((r) => r.arch === s.arch && r.model === 'M1');
  if (!row?.fit) throw new InvalidArgumentError(`no exact M1 fit for ${s.arch}`);
  return { arch, engines: exactEngines(ctx, TABLE5_MODELS.M1!, arch, params, s.width), fit: row.fit };
}
