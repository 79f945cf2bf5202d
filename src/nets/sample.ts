/**
 * Monte-Carlo sampling of one-hidden-layer networks (CONVENTIONS §1) and their
 * correlators G(n) with honest error bars (CONVENTIONS §3): the experiments of
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §3–4, made reproducible (counter-based
 * RNG), parallel (worker pool), resumable (atomic checkpoints) and shardable
 * (exact merges).
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { BudgetExceededError, InvalidArgumentError, IoError } from '../core/errors.js';
import { writeFileAtomic } from '../core/files.js';
import type { Point } from '../core/inputs.js';
import { validatePoints } from '../core/inputs.js';
import { ARCHITECTURES } from '../kernels/registry.js';
import { validateNetwork } from '../kernels/network.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { chunkInShard, chunkRef, copyPoints, experimentSize, validateSpec, type Estimator, type SampleSpec } from './engine.js';
import { npyHeader } from './npy.js';
import { estimateSampleSeconds, formatSeconds } from './cost.js';
import { defaultThreads, inProcessRunner, workerRunner, type ChunkRunner } from './pool.js';
import { buildResult, type SampleResult } from './result.js';
import {
  addChunk, chunksDone, emptyState, isComplete, readStateFile, serializeState, specKey, type SampleState,
} from './state.js';
import { tfjsRunner } from './tfjs.js';
import { gpuRunner } from './backends/gpu.js';
import type { GpuAdapterInfo } from './gpu/device.js';

/** Default estimator: the one with the smaller error per CPU-second (bench/sampler.bench.mjs). */
export const DEFAULT_ESTIMATOR: Estimator = 'conditional';
/** Default networks per chunk (the unit of exact accumulation, checkpoints and shards). */
export const DEFAULT_CHUNK_SIZE = 1000;

/** Options of a sampling run. */
export interface SampleOptions {
  /** Integer widths N (one hidden layer each); ignored with `layers`. */
  widths: number[];
  /**
   * Networks of any depth (CONVENTIONS §8): the hidden widths n_1..n_L of each sweep point, first layer
   * first (e.g. [[20, 20, 20], [40, 40, 40]]). Where every point has one hidden layer this is the
   * width sweep `widths` (the same spec, streams and numbers).
   */
  layers?: number[][];
  /** Even orders n. */
  ns: number[];
  /** Networks per width (split over the experiments). */
  nets: number;
  /** Independent experiments (default 1). */
  experiments?: number;
  /** uint32 seed (default 0). */
  seed?: number;
  estimator?: Estimator;
  backend?: 'workers' | 'tfjs' | 'gpu';
  /** Worker threads (default: all cores); 1 runs in this thread. */
  threads?: number;
  /** Networks per chunk (default 1000); part of the job's identity. */
  chunkSize?: number;
  /** Checkpoint file (JSON state, written atomically). */
  checkpoint?: string;
  /** Milliseconds between checkpoints (default 30 s). */
  checkpointIntervalMs?: number;
  /** Continue from `checkpoint` if it exists. */
  resume?: boolean;
  /** Run only part `index` (1-based) of `count` of the job's chunks. */
  shard?: { index: number; count: number };
  /** Also write the raw outputs f(x) per network to this .npy file (shape [widths, nets, points]) and a .json sidecar. */
  npy?: string;
  /** Called after each chunk: chunks done / total in this run, networks done / total in this run. */
  onProgress?: (done: number, total: number, nets: number, totalNets: number) => void;
  /** Stop after this many chunks of this run (simulates an interruption; the checkpoint is written). */
  stopAfterChunks?: number;
  /**
   * Aborting stops the run after the chunks in flight; the checkpoint is written and the partial state returned.
   * Any object with `aborted` (an AbortSignal is one): the published types do not name DOM or Node globals.
   */
  signal?: { readonly aborted: boolean };
  /**
   * Refuse (BUDGET_EXCEEDED, with the estimate) to start a run whose estimated time
   * ({@link estimateSampleSeconds}) exceeds this many seconds. Default: no limit (the CLI sets one).
   */
  maxSeconds?: number;
  /** Called once before any work with the run's estimated seconds and its networks (this shard, what a resume still lacks). */
  onEstimate?: (seconds: number, nets: number) => void;
}

/** What a run produced: the (possibly partial) state and its timing. */
export interface SampleRun {
  state: SampleState;
  complete: boolean;
  /** Networks drawn in this run (all widths) and seconds taken. */
  nets: number;
  seconds: number;
  /** The adapter that ran it (backend gpu). */
  adapter?: GpuAdapterInfo;
}

/** The job spec of a request (validated). */
export function sampleSpec(arch: Architecture, params: ArchParams, points: readonly Point[], o: SampleOptions): SampleSpec {
  validatePoints(points, params.dIn);
  const layers = o.layers?.map((l) => l.slice());
  if (layers) {
    if (!layers.length) throw new InvalidArgumentError('layers: give at least one network');
    for (const l of layers) validateNetwork(arch, { activation: arch.name, widths: l, sW: params.sW, sb: params.sb, dIn: params.dIn });
  }
  // one hidden layer everywhere: the one-layer spec (its streams and checkpoints)
  const deep = layers?.some((l) => l.length > 1) ? layers : undefined;
  const spec: SampleSpec = {
    arch: arch.name, params: { sW: params.sW, sb: params.sb, dIn: params.dIn }, points: copyPoints(points),
    widths: layers ? layers.map((l) => l[l.length - 1]!) : o.widths.slice(), ...(deep ? { layers: deep } : {}),
    ns: o.ns.slice(), nets: o.nets, experiments: o.experiments ?? 1, seed: o.seed ?? 0,
    estimator: o.estimator ?? DEFAULT_ESTIMATOR, chunkSize: o.chunkSize ?? DEFAULT_CHUNK_SIZE, backend: o.backend ?? 'workers',
  };
  if (deep && !deep.every((l) => l.length > 1)) {
    throw new InvalidArgumentError('a sweep mixes one hidden layer with deeper networks: sample them in separate runs');
  }
  if (deep && spec.backend !== 'workers') throw new InvalidArgumentError(`--backend ${spec.backend} samples one hidden layer; use --backend workers for --layers`);
  validateSpec(spec);
  return spec;
}

/**
 * Runs (part of) a sampling job and returns its state; see {@link sampleCorrelators}
 * for the finished numbers. Resumes from `checkpoint` when asked; writes it at
 * intervals and at the end; with `shard`, computes only that shard's chunks.
 */
export async function runSampler(
  arch: Architecture, params: ArchParams, points: readonly Point[], o: SampleOptions,
): Promise<SampleRun> {
  const spec = sampleSpec(arch, params, points, o);
  const registered = ARCHITECTURES.includes(arch);
  const threads = o.threads ?? defaultThreads();
  if (!(Number.isInteger(threads) && threads >= 1)) throw new InvalidArgumentError(`threads must be a positive integer, got ${threads}`);
  if (o.shard && !(Number.isInteger(o.shard.count) && o.shard.count >= 1 && Number.isInteger(o.shard.index)
    && o.shard.index >= 1 && o.shard.index <= o.shard.count)) {
    throw new InvalidArgumentError(`shard must be i/n with 1 <= i <= n, got ${o.shard.index}/${o.shard.count}`);
  }
  if (o.resume && !o.checkpoint) throw new InvalidArgumentError('--resume needs --checkpoint <file>');
  if (o.npy && o.shard) throw new InvalidArgumentError('--npy cannot be combined with --shard (write raw outputs from one run)');

  let state = emptyState(spec);
  if (o.resume && o.checkpoint && existsSync(o.checkpoint)) {
    const saved = readStateFile(o.checkpoint);
    if (specKey(saved.spec) !== specKey(spec)) {
      throw new InvalidArgumentError(`checkpoint ${o.checkpoint} belongs to a different job (arguments differ)`);
    }
    state = saved;
  }
  const total = state.layout.total;
  const inShard = (id: number) => !o.shard || chunkInShard(id, o.shard);
  const ids: number[] = [];
  for (let id = 0; id < total; id++) if (inShard(id) && !state.done[id]) ids.push(id);
  const runNets = ids.reduce((s, id) => s + chunkRef(spec, state.layout, id).count, 0);
  const estimate = estimateSampleSeconds(spec, state.layout, ids, spec.backend === 'workers' && registered ? threads : 1);
  if (o.maxSeconds !== undefined && estimate > o.maxSeconds) {
    throw new BudgetExceededError(
      `sampling time in seconds (${runNets} networks, widths ${spec.widths.join(', ')}: about ${formatSeconds(estimate)}; raise the time limit (--max-time) to run it)`,
      estimate, o.maxSeconds,
    );
  }
  o.onEstimate?.(estimate, runNets);

  let runner: ChunkRunner;
  let adapter: GpuAdapterInfo | undefined;
  if (spec.backend === 'gpu') { const g = await gpuRunner(spec, arch, !!o.npy); runner = g; adapter = g.adapter; }
  else if (spec.backend === 'tfjs') runner = await tfjsRunner(spec, arch, !!o.npy);
  else if (threads === 1 || !registered) runner = inProcessRunner(spec, arch, !!o.npy);
  else runner = workerRunner(spec, threads, !!o.npy);

  // raw outputs: rows ordered (width, experiment, network)
  let fd: number | undefined;
  const m = spec.points.length;
  const expStart: number[] = [0];
  for (let e = 0; e < spec.experiments; e++) expStart.push(expStart[e]! + experimentSize(spec, e));
  const header = o.npy ? npyHeader([spec.widths.length, spec.nets, m]) : undefined;
  if (o.npy && header) {
    try {
      const fresh = !(o.resume && existsSync(o.npy));
      fd = openSync(o.npy, fresh ? 'w' : 'r+');
      if (fresh) writeSync(fd, header, 0, header.length, 0);
    } catch (e) {
      throw new IoError(`cannot write ${o.npy}: ${(e as Error).message}`);
    }
  }

  const saveCheckpoint = () => {
    if (o.checkpoint) writeFileAtomic(o.checkpoint, JSON.stringify(serializeState(state)));
  };
  const t0 = performance.now();
  let last = t0, done = 0, nets = 0;
  const interval = o.checkpointIntervalMs ?? 30_000;
  const stop = () => (o.stopAfterChunks !== undefined && done >= o.stopAfterChunks) || o.signal?.aborted === true;
  try {
    await runner.run(ids, (id, out, raw) => {
      if (stop()) return; // a chunk finishing after the (simulated) interruption is dropped, as a kill would
      const ref = chunkRef(spec, state.layout, id);
      if (fd !== undefined && raw && header) {
        const row = ref.w * spec.nets + expStart[ref.e]! + ref.start;
        const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
        writeSync(fd, bytes, 0, bytes.length, header.length + row * m * 8);
      }
      addChunk(state, ref, out);
      done++;
      nets += ref.count;
      o.onProgress?.(done, ids.length, nets, runNets);
      const now = performance.now();
      if (o.checkpoint && now - last >= interval) { saveCheckpoint(); last = now; }
    }, stop);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  saveCheckpoint();
  const seconds = (performance.now() - t0) / 1000;
  if (o.npy && isComplete(state)) {
    writeFileAtomic(o.npy.replace(/\.npy$/, '') + '.json', JSON.stringify({
      file: o.npy, dtype: '<f8', shape: [spec.widths.length, spec.nets, m], axes: ['width', 'network', 'input'],
      rows: 'network row r of width w: experiment e, network i with r = (networks of experiments before e) + i',
      widths: spec.widths, ...(spec.layers ? { layers: spec.layers } : {}), points: spec.points, arch: spec.arch, params: spec.params, seed: spec.seed,
      experiments: spec.experiments, experimentSizes: expStart.slice(1).map((x, e) => x - expStart[e]!),
      network: spec.layers
        ? 'f = z(L+1), z(l+1) = b_l + W_l φ(z_l) (CONVENTIONS §8); streams of (seed, experiment, network, widths, layer): see src/nets/deep.ts'
        : 'f(x) = b1 + Σ_j W1_j φ(W0_j·x + b0_j); stream of (seed, experiment, network, width): see src/nets/engine.ts',
    }, null, 2));
  }
  return { state, complete: isComplete(state), nets, seconds, ...(adapter ? { adapter } : {}) };
}

/**
 * Samples networks and returns G(n) per width with error bars, ΔG, background and m_n
 * (the `nnqft sample --json` document). Throws if a shard or an interruption left
 * the job incomplete.
 */
export async function sampleCorrelators(
  arch: Architecture, params: ArchParams, points: readonly Point[], opts: SampleOptions,
): Promise<SampleResult> {
  const run = await runSampler(arch, params, points, opts);
  if (!run.complete) {
    throw new InvalidArgumentError(
      `the run is incomplete (${chunksDone(run.state)} of ${run.state.layout.total} chunks): merge its shards or resume it`,
    );
  }
  return withTiming(buildResult(run.state, arch), run);
}

/** Adds timing fields to a result. */
export function withTiming(r: SampleResult, run: Pick<SampleRun, 'nets' | 'seconds' | 'adapter'>): SampleResult {
  r.netsPerSecond = run.seconds > 0 ? run.nets / run.seconds : 0;
  r.seconds = run.seconds;
  if (run.adapter) r.adapter = run.adapter;
  return r;
}
