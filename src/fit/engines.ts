/**
 * Wiring of the fit workflows to the rest of nnqft: EFT predictions (features),
 * the exact finite-width engine, the Monte-Carlo sampler, or a sampler's JSON
 * file (CONVENTIONS §3–6; Halverson, Maiti, Stoner, arXiv:2008.08601 §5).
 */
import { InvalidArgumentError, IoError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { kernelMatrix } from '../kernels/kernel.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { entriesFromSampleJson, targetsFromEntries, type CorrelatorEntryLike } from './adapters.js';
import type { FeatureTable } from './fit.js';
import type { FitEngines } from './pipeline.js';
import { features, prefixed } from './features.js';
import { readFileSync } from 'node:fs';
import { exactCorrelators } from '../exact/correlators.js';
import { sampleCorrelators, type SampleOptions } from '../nets/sample.js';
import { poolReplicas } from './fit.js';
import { parseAction } from '../dsl/parse.js';
import type { Action } from '../dsl/types.js';
import type { ProgressCallback } from '../core/progress.js';

export { features } from './features.js';

/** Where measured correlators come from. */
export type DataSource = 'exact' | 'sample';

/** Options of {@link makeEngines}. */
export interface EngineOptions {
  arch: Architecture;
  params: ArchParams;
  width: number;
  /** Propagator inside the integrals: K − σ_b² (`eft`, the paper's fits) or K. */
  propagator: 'eft' | 'kernel';
  source: DataSource;
  /** Feature provider: the prediction engine (default) or the built-in quartic quadrature. */
  /** Progress of long runs (sampling replicas): a short status line. */
  onProgress?: (status: string) => void;
  /**
   * Progress of every long step, phase by phase (see {@link ProgressCallback}): the
   * prediction's and the exact engine's phases, prefixed with the step (e.g.
   * "G4 features, 6 inputs, Λ = 5: integrals"), and each sampling replica's chunks.
   * Does not change any result.
   */
  onPhaseProgress?: ProgressCallback;
  /**
   * Sampler JSON outputs to read instead of sampling (source `sample`), e.g. one
   * for the training and one for the test set: a file is used for the input set
   * equal to its "points"; a single file without "points" serves every set.
   */
  dataFiles?: string[];
  /** Sampler settings (source `sample`). */
  sample?: {
    nets?: number; experiments?: number; seed?: number; threads?: number;
    /**
     * Checkpoint file of replica `replica` (0-based) of a measurement on `points`:
     * the replica resumes from it when it exists (a checkpoint of other arguments is
     * refused by the sampler) and is written atomically while it runs. Undefined: none.
     */
    checkpoint?: (replica: number, points: Point[], ns: number[]) => string | undefined;
    /** Aborting stops the sampling after the chunks in flight (their checkpoint is written); the call then throws. */
    signal?: SampleOptions['signal'];
    /** Called after each chunk of a replica: chunks done / total in this replica's run. */
    onChunk?: (done: number, total: number) => void;
  };
}

/** Engines for one action (text) and setup. */
export function makeEngines(action: string, o: EngineOptions): FitEngines {
  if (!(Number.isFinite(o.width) && o.width > 0)) throw new InvalidArgumentError(`width must be a positive number, got ${o.width}`);
  // Parse first: a syntax error in the action is reported before any work starts.
  const parsed = parseAction(action);
  // Measurements are memoised per (points, ns): workflows ask for the same data more than once.
  const memo = new Map<string, Promise<Map<number, CorrelatorEntryLike[]>>>();
  const repMemo = new Map<string, Promise<Map<number, CorrelatorEntryLike[]>[]>>();
  return {
    features: (n, points, cutoff) => features(parsed, o, n, points, cutoff),
    correlators: (points, ns) => {
      const key = JSON.stringify([points, ns]);
      let hit = memo.get(key);
      if (!hit) { hit = correlators(o, points, ns); memo.set(key, hit); }
      return hit;
    },
    kernel: (points) => kernelMatrix(o.arch, o.params, points),
    ...(o.source === 'sample' && !(o.dataFiles && o.dataFiles.length > 0) ? {
      replicas: (points: Point[], ns: number[]) => {
        const key = JSON.stringify([points, ns]);
        let hit = repMemo.get(key);
        if (!hit) { hit = replicas(o, points, ns); repMemo.set(key, hit); }
        return hit;
      },
    } : {}),
  };
}

/** Measured correlators from the exact engine, the sampler, or a sampler file. */
export async function correlators(o: EngineOptions, points: Point[], ns: number[]): Promise<Map<number, CorrelatorEntryLike[]>> {
  if (o.source === 'sample' && o.dataFiles && o.dataFiles.length > 0) {
    const doc = pickDataFile(o.dataFiles, points);
    return new Map(ns.map((n) => [n, entriesFromSampleJson(doc, n, o.width)] as const));
  }
  if (o.source === 'exact') {
    const onProgress = prefixed(o.onPhaseProgress, `exact G${ns.join(',')}, ${points.length} inputs`);
    const rep = exactCorrelators(o.arch, o.params, points.map((p) => p.slice()), { widths: [o.width], ns, ...(onProgress ? { onProgress } : {}) });
    return new Map(ns.map((n) => {
      const r = rep.results.find((x) => x.n === n);
      if (!r) throw new InvalidArgumentError(`the exact engine returned no ${n}-point result`);
      return [n, r.entries] as const;
    }));
  }
  // Sampled: pool the independent replicas (mean per tuple, error of the mean from their spread).
  const reps = await replicas(o, points, ns);
  return new Map(ns.map((n) => {
    const pooled = poolReplicas(reps.map((m) => targetsFromEntries(m.get(n)!)));
    return [n, pooled.map((t) => ({ index: t.index, delta: { mean: t.value, stdError: t.stdError! } }))] as const;
  }));
}

/** Default number of independent sampling replicas and networks per replica. */
export const DEFAULT_REPLICAS = 10;
export const DEFAULT_NETS_PER_REPLICA = 20_000;

/**
 * Independent sampling replicas (seeds seed, seed + 1, …): the unit from which
 * honest coupling errors are computed (tuples within one replica share networks).
 */
export async function replicas(o: EngineOptions, points: Point[], ns: number[]): Promise<Map<number, CorrelatorEntryLike[]>[]> {
  const R = o.sample?.experiments ?? DEFAULT_REPLICAS;
  if (R < 2) throw new InvalidArgumentError(`sampling needs at least 2 replicas (--experiments) for honest error bars, got ${R}`);
  if (!Number.isInteger(o.width)) throw new InvalidArgumentError(`sampling needs an integer width, got ${o.width}`);
  const nets = o.sample?.nets ?? DEFAULT_NETS_PER_REPLICA;
  const seed = o.sample?.seed ?? 0;
  const out: Map<number, CorrelatorEntryLike[]>[] = [];
  for (let r = 0; r < R; r++) {
    o.onProgress?.(`sampling ${o.arch.name} N = ${o.width}: replica ${r + 1}/${R} (${nets} networks, ${points.length} inputs, n = ${ns.join(',')})`);
    const checkpoint = o.sample?.checkpoint?.(r, points, ns);
    const onChunk = o.sample?.onChunk;
    const cb = o.onPhaseProgress, phase = `sampling replica ${r + 1}/${R}, ${points.length} inputs (chunks)`;
    const res = await sampleCorrelators(o.arch, o.params, points, {
      widths: [o.width], ns, nets, experiments: 1, seed: seed + r, ...(o.sample?.threads ? { threads: o.sample.threads } : {}),
      ...(checkpoint ? { checkpoint, resume: true } : {}),
      ...(o.sample?.signal ? { signal: o.sample.signal } : {}),
      ...(onChunk || cb ? {
        onProgress: (done: number, total: number) => { onChunk?.(done, total); cb?.(done, total, phase); },
      } : {}),
    });
    out.push(new Map(ns.map((n) => {
      const w = res.results.find((x) => x.n === n);
      if (!w) throw new InvalidArgumentError(`the sampler returned no ${n}-point result`);
      return [n, w.entries as CorrelatorEntryLike[]] as const;
    })));
  }
  o.onProgress?.('');
  return out;
}

/** Reads the data files and returns the one measured on `points`. */
export function pickDataFile(files: readonly string[], points: Point[]): unknown {
  const docs = files.map((f) => {
    try {
      return { f, doc: JSON.parse(readFileSync(f, 'utf8')) as { points?: unknown } };
    } catch (e) {
      throw new IoError(`cannot read sampler data "${f}": ${(e as Error).message}`);
    }
  });
  const same = (a: unknown) =>
    Array.isArray(a) && a.length === points.length &&
    a.every((p, i) => Array.isArray(p) && p.length === points[i]!.length && p.every((v, j) => Math.abs(Number(v) - points[i]![j]!) <= 1e-12 * Math.max(1, Math.abs(points[i]![j]!))));
  const hit = docs.find((d) => same(d.doc.points));
  if (hit) return hit.doc;
  if (docs.length === 1 && docs[0]!.doc.points === undefined) return docs[0]!.doc;
  throw new InvalidArgumentError(`none of the data files (${files.join(', ')}) was measured on the inputs ${JSON.stringify(points)}`);
}

/** Engines for one Table 5 setup: data fetched once per input set and shared by the models M0–M3. */
export function makeTable5Engines(
  s: { arch: string; sW: number; sb: number; width: number },
  o: {
    source: DataSource; propagator?: 'eft' | 'kernel'; dataFiles?: string[]; sample?: EngineOptions['sample'];
    onProgress?: (status: string) => void; onPhaseProgress?: ProgressCallback;
  },
  resolve: (name: string, p: { sW: number; sb: number; dIn: number }) => { arch: Architecture; params: ArchParams },
): { correlators: FitEngines['correlators']; features: (action: string, n: number, points: Point[], cutoff: number) => Promise<FeatureTable> } {
  const { arch, params } = resolve(s.arch, { sW: s.sW, sb: s.sb, dIn: 1 });
  const eo: EngineOptions = {
    arch, params, width: s.width, propagator: o.propagator ?? 'eft', source: o.source, ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.onPhaseProgress ? { onPhaseProgress: prefixed(o.onPhaseProgress, s.arch)! } : {}),
    ...(o.dataFiles ? { dataFiles: o.dataFiles } : {}), ...(o.sample ? { sample: o.sample } : {}),
  };
  const cache = new Map<string, Promise<Map<number, CorrelatorEntryLike[]>>>();
  const parsed = new Map<string, Action>();
  const sampling = o.source === 'sample' && !(o.dataFiles && o.dataFiles.length > 0);
  const repCache = new Map<string, Promise<Map<number, CorrelatorEntryLike[]>[]>>();
  return {
    ...(sampling ? {
      replicas: (points: Point[], ns: number[]) => {
        const key = JSON.stringify([points, ns]);
        let hit = repCache.get(key);
        if (!hit) { hit = replicas(eo, points, ns); repCache.set(key, hit); }
        return hit;
      },
    } : {}),
    correlators: (points, ns) => {
      const key = JSON.stringify([points, ns]);
      let hit = cache.get(key);
      if (!hit) { hit = correlators(eo, points, ns); cache.set(key, hit); }
      return hit;
    },
    features: (action, n, points, cutoff) => {
      let a = parsed.get(action);
      if (!a) { a = parseAction(action); parsed.set(action, a); }
      return features(a, eo, n, points, cutoff);
    },
  };
}
