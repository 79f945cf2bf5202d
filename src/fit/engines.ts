/**
 * Wiring of the fit workflows to the rest of nnqft: EFT predictions (features),
 * the exact finite-width engine, the Monte-Carlo sampler, or a sampler's JSON
 * file (CONVENTIONS §3–6; Halverson, Maiti, Stoner, arXiv:2008.08601 §5).
 */
import { InvalidArgumentError, IoError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { kernelMatrix } from '../kernels/kernel.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { valueOf, entriesFromSampleJson, targetsFromEntries, type CorrelatorEntryLike } from './adapters.js';
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
import { uniqueTuples, wickSum } from '../core/combinatorics.js';
import { networkKernel, validateNetwork, type NetworkSpec } from '../kernels/network.js';
import { finiteWidthCorrelators } from '../width/vertex.js';
import { sumOverSpectators } from './sixpoint.js';

export { features } from './features.js';

/**
 * Where measured correlators come from: the exact engine (one hidden layer), the Monte-Carlo sampler,
 * or the leading order in 1/n of any depth (src/width, CONVENTIONS §8; truncation O(1/n²)).
 */
export type DataSource = 'exact' | 'sample' | 'finite-width';

/**
 * What a fit's targets are (CONVENTIONS §8, last paragraph).
 *   'delta':     ΔG = G − G_GP, G_GP the Wick sum of the NNGP kernel K. One hidden layer: G2 = K at
 *                every width, so this is the paper's ΔG4 (= G4c exactly).
 *   'connected': G − Wick(G2) with the dressed (measured) G2; at n = 4 the connected G4c. Depth ≥ 2: G2
 *                differs from K at O(1/n), so ΔG4 would also hold that shift of the Gaussian part, which
 *                no quartic coupling describes; G4c does not. The features keep the NNGP kernel K as
 *                propagator: replacing it by the dressed G2 changes them at O(1/n) relative, i.e. the
 *                prediction at O(1/n²), beyond the leading order a first-order fit determines.
 */
export type FitTarget = 'delta' | 'connected';

/** One-line description of a fit target, for reports. */
export function fitTargetText(t: FitTarget, depth: number): string {
  return t === 'connected'
    ? `target: G4c = G4 − Σ₃ G2·G2 with the dressed G2 (connected); at depth ${depth} G2 moves from the NNGP kernel at O(1/n) (CONVENTIONS §8); features use the depth-${depth} NNGP kernel`
    : 'target: ΔG4 = G4 − G4_GP (one hidden layer: G2 = K at every width, so ΔG4 = G4c)';
}

/** Options of {@link makeEngines}. */
export interface EngineOptions {
  arch: Architecture;
  params: ArchParams;
  width: number;
  /** Propagator inside the integrals: K − σ_b² (`eft`, the paper's fits) or K. */
  propagator: 'eft' | 'kernel';
  source: DataSource;
  /**
   * A network of any depth (CONVENTIONS §8) with the activation of `arch` and σ_W, σ_b, d_in of `params`.
   * Depth ≥ 2: features and kernel are the NNGP kernel K(L+1)'s, the target is connected ({@link fitTarget}),
   * source `exact` is refused. Absent: one hidden layer of width `width`.
   */
  network?: NetworkSpec;
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
  checkNetwork(o);
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
    kernel: (points) => kernelOf(o, points),
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

/** The network's depth (1 without `network`). */
export function depthOf(o: Pick<EngineOptions, 'network'>): number {
  return o.network ? o.network.widths.length : 1;
}

/** The fit target of a setup: connected at depth ≥ 2, ΔG at one hidden layer (see {@link FitTarget}). */
export function fitTarget(o: Pick<EngineOptions, 'network'>): FitTarget {
  return depthOf(o) >= 2 ? 'connected' : 'delta';
}

/** Refuses a network that does not match the setup, and depth > 1 with the exact engine. */
function checkNetwork(o: EngineOptions): void {
  const net = o.network;
  if (!net) {
    if (o.source === 'finite-width') throw new InvalidArgumentError('source finite-width needs a network description (network / --layers)');
    return;
  }
  validateNetwork(o.arch, net);
  if (net.activation !== o.arch.name || net.sW !== o.params.sW || net.sb !== o.params.sb || net.dIn !== o.params.dIn) {
    throw new InvalidArgumentError(`the network (${net.activation}, σ_W = ${net.sW}, σ_b = ${net.sb}, d_in = ${net.dIn}) does not match the architecture ${o.arch.name} with σ_W = ${o.params.sW}, σ_b = ${o.params.sb}, d_in = ${o.params.dIn}`);
  }
  if (net.widths.length > 1 && o.source === 'exact') {
    throw new InvalidArgumentError(`the exact engine handles one hidden layer; for --layers ${net.widths.join(',')} use --source finite-width (leading order in 1/n) or --source sample (Monte Carlo)`);
  }
}

/** The NNGP kernel on the points: the one-layer kernel, or K(L+1) of a deep network. */
function kernelOf(o: EngineOptions, points: Point[]): number[][] {
  return depthOf(o) >= 2 ? networkKernel(o.arch, o.network!, points) : kernelMatrix(o.arch, o.params, points);
}

/**
 * Measured correlators from the exact engine, the sampler, a sampler file, or the leading order in 1/n.
 * Each entry's `delta` is the fit target of the setup ({@link fitTarget}): at depth ≥ 2 the connected
 * G − Wick(dressed G2), otherwise ΔG = G − G_GP.
 */
export async function correlators(o: EngineOptions, points: Point[], ns: number[]): Promise<Map<number, CorrelatorEntryLike[]>> {
  if (o.source === 'finite-width') return finiteWidthEntries(o, points, ns);
  if (o.source === 'sample' && o.dataFiles && o.dataFiles.length > 0) {
    const doc = pickDataFile(o.dataFiles, points);
    checkFileLayers(doc, o);
    if (depthOf(o) >= 2) {
      // The connected scheme needs the same networks' G2 (sample with -n 2,4 or 2,4,6).
      let e2: CorrelatorEntryLike[];
      try {
        e2 = entriesFromSampleJson(doc, 2, o.width);
      } catch {
        throw new InvalidArgumentError(`a deep fit subtracts the same networks' G2: the sampler file needs 2-point entries (sample with --n 2,4 or 2,4,6)`);
      }
      return new Map(ns.map((n) => [n, dressedEntries(entriesFromSampleJson(doc, n, o.width), e2, points.length)] as const));
    }
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

/** Refuses a sampler file of other networks: its `layers` (present for deep runs only) must hold the fit's widths. */
function checkFileLayers(doc: unknown, o: EngineOptions): void {
  const layers = (doc as { layers?: unknown }).layers;
  const have = Array.isArray(layers) ? (layers as unknown[]).filter(Array.isArray).map((l) => (l as unknown[]).join(',')) : [];
  if (depthOf(o) >= 2) {
    const want = o.network!.widths.join(',');
    if (!have.includes(want)) {
      throw new InvalidArgumentError(`the sampler file holds ${have.length ? `layers ${have.join('; ')}` : 'one hidden layer'}, not --layers ${want}`);
    }
  } else if (have.length) {
    throw new InvalidArgumentError(`the sampler file holds deep networks (layers ${have.join('; ')}): give --layers`);
  }
}

/**
 * Targets from the leading-1/n recursion (src/width). n = 4: G4c (depth ≥ 2; `connected`) or ΔG4 (depth 1,
 * where the two agree). n = 6 at O(1/n): G6 − Wick(G2) = Σ₁₅ G2·G4c + G6c with G6c = O(1/n²) and
 * G2 = K + O(1/n), so Σ₁₅ K·G4c (depth 1: ΔG6 = Σ₁₅ K·ΔG4 likewise); its connected part is 0 at this order.
 * Error estimates of the recursion are not carried (the targets are deterministic; the fit is unweighted).
 */
function finiteWidthEntries(o: EngineOptions, points: Point[], ns: number[]): Map<number, CorrelatorEntryLike[]> {
  for (const n of ns) {
    if (n !== 4 && n !== 6) throw new InvalidArgumentError(`source finite-width gives G4 (and G6 at O(1/n)); n = ${n} is not available`);
  }
  const rep = finiteWidthCorrelators(o.arch, o.network!, points, { n: 4, ...(o.onPhaseProgress ? { onProgress: prefixed(o.onPhaseProgress, `finite-width G4, ${points.length} inputs`)! } : {}) });
  const deep = depthOf(o) >= 2;
  const by = new Map(rep.entries.map((e) => [e.index.join(','), deep ? e.connected : e.delta] as const));
  const out = new Map<number, CorrelatorEntryLike[]>();
  if (ns.includes(4)) out.set(4, rep.entries.map((e) => ({ index: e.index, delta: deep ? e.connected : e.delta, connected: e.connected })));
  if (ns.includes(6)) {
    const K = rep.kernel;
    const g4 = (idx4: number[]) => by.get(idx4.join(','))!;
    out.set(6, uniqueTuples(points.length, 6).map((t) => ({ index: t, delta: sumOverSpectators(K, t, g4), connected: 0 })));
  }
  return out;
}

/**
 * Sampled entries of one replica in the connected scheme: G_n − Wick(Ĝ2) with Ĝ2 the same networks'
 * measured G2 (n = 4: G4c). The error is G_n's; the replica spread carries Ĝ2's fluctuation. Using the
 * sample mean Ĝ2 biases G4c by −G4c/N with the conditional estimator (the sampler's default; E Ĝ2Ĝ2 =
 * G2G2 + Cov(Σ̂, Σ̂)/N): 1/N relative, far below the sampling error, and not corrected.
 */
export function dressedEntries(entries: readonly CorrelatorEntryLike[], entries2: readonly CorrelatorEntryLike[], m: number): CorrelatorEntryLike[] {
  const G2 = Array.from({ length: m }, () => new Array<number>(m).fill(NaN));
  for (const e of entries2) {
    if (!e.G) throw new InvalidArgumentError('sampled G2 entries carry no G');
    const [a, b] = e.index as [number, number];
    G2[a]![b] = G2[b]![a] = valueOf(e.G).value;
  }
  return entries.map((e) => {
    if (!e.G) throw new InvalidArgumentError(`sampled entry (${e.index.join(',')}) carries no G`);
    const g = valueOf(e.G);
    return { index: e.index, delta: { mean: g.value - wickSum(G2, e.index), stdError: g.stdError ?? 0 } };
  });
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
  const deep = depthOf(o) >= 2;
  // Deep: the connected scheme needs the same networks' G2 ({@link dressedEntries}).
  const sampledNs = deep && !ns.includes(2) ? [2, ...ns] : ns;
  const nets = o.sample?.nets ?? DEFAULT_NETS_PER_REPLICA;
  const seed = o.sample?.seed ?? 0;
  const out: Map<number, CorrelatorEntryLike[]>[] = [];
  for (let r = 0; r < R; r++) {
    o.onProgress?.(`sampling ${o.arch.name} ${deep ? `layers ${o.network!.widths.join(',')}` : `N = ${o.width}`}: replica ${r + 1}/${R} (${nets} networks, ${points.length} inputs, n = ${ns.join(',')})`);
    const checkpoint = o.sample?.checkpoint?.(r, points, sampledNs);
    const onChunk = o.sample?.onChunk;
    const cb = o.onPhaseProgress, phase = `sampling replica ${r + 1}/${R}, ${points.length} inputs (chunks)`;
    const res = await sampleCorrelators(o.arch, o.params, points, {
      widths: [o.width], ...(deep ? { layers: [o.network!.widths.slice()] } : {}), ns: sampledNs, nets, experiments: 1, seed: seed + r, ...(o.sample?.threads ? { threads: o.sample.threads } : {}),
      ...(checkpoint ? { checkpoint, resume: true } : {}),
      ...(o.sample?.signal ? { signal: o.sample.signal } : {}),
      ...(onChunk || cb ? {
        onProgress: (done: number, total: number) => { onChunk?.(done, total); cb?.(done, total, phase); },
      } : {}),
    });
    const at = (n: number) => {
      const w = res.results.find((x) => x.n === n);
      if (!w) throw new InvalidArgumentError(`the sampler returned no ${n}-point result`);
      return w.entries as CorrelatorEntryLike[];
    };
    out.push(new Map(ns.map((n) => [n, deep ? dressedEntries(at(n), at(2), points.length) : at(n)] as const)));
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
