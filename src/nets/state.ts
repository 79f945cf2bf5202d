/**
 * Accumulated sampler state: exact per-(width, experiment, tuple) sums of the
 * per-network estimates and their squares (CONVENTIONS §3), plus which chunks are
 * done. Checkpoints and shard outputs are this state as JSON; merging states is
 * exact, so shards merge into exactly the result of one run.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, IoError } from '../core/errors.js';
import { chunkInShard, chunkLayout, tupleCount, type ChunkLayout, type ChunkRef, type SampleSpec, type Shard } from './engine.js';
import { exactAdd, exactMerge, type Partials } from './exact-sum.js';

/** Identifies this file format. */
export const STATE_FORMAT = 'nnqft-sample-state/1';

/** In-memory accumulator of one job (or one shard of it). */
export interface SampleState {
  spec: SampleSpec;
  layout: ChunkLayout;
  /** Number of accumulated values per network (unique tuples over all n). */
  T: number;
  /** done[id] = 1 when chunk id has been accumulated. */
  done: Uint8Array;
  /** sum[(w·E + e)·T + t], sumsq[…]: exact partials. */
  sum: Partials[];
  sumsq: Partials[];
  /** Networks accumulated per (w, e). */
  nets: number[];
}

/** A fresh, empty state for a spec. */
export function emptyState(spec: SampleSpec): SampleState {
  const layout = chunkLayout(spec);
  const T = tupleCount(spec.points.length, spec.ns);
  const cells = spec.widths.length * spec.experiments;
  return {
    spec, layout, T,
    done: new Uint8Array(layout.total),
    sum: Array.from({ length: cells * T }, () => []),
    sumsq: Array.from({ length: cells * T }, () => []),
    nets: new Array<number>(cells).fill(0),
  };
}

/** Adds one chunk's [sums, sums of squares] (from computeChunk) into the state, exactly. */
export function addChunk(s: SampleState, ref: ChunkRef, out: Float64Array): void {
  if (s.done[ref.id]) throw new InvalidArgumentError(`chunk ${ref.id} accumulated twice`);
  const cell = ref.w * s.spec.experiments + ref.e;
  const T = s.T;
  for (let t = 0; t < T; t++) {
    exactAdd(s.sum[cell * T + t]!, out[t]!);
    exactAdd(s.sumsq[cell * T + t]!, out[T + t]!);
  }
  s.nets[cell]! += ref.count;
  s.done[ref.id] = 1;
}

/** Number of chunks done. */
export function chunksDone(s: SampleState): number {
  let n = 0;
  for (const d of s.done) n += d;
  return n;
}

/** True when every chunk of the job is in the state. */
export function isComplete(s: SampleState): boolean {
  return chunksDone(s) === s.layout.total;
}

/** Canonical text of a spec: the identity checked when resuming or merging. */
export function specKey(spec: SampleSpec): string {
  const { arch, params, points, widths, layers, ns, nets, experiments, seed, estimator, chunkSize, backend } = spec;
  return JSON.stringify({
    arch, params: { sW: params.sW, sb: params.sb, dIn: params.dIn }, points, widths,
    // deep networks only: one-layer keys (and so their checkpoints and shards) are unchanged
    ...(layers ? { layers } : {}),
    ns, nets, experiments, seed, estimator, chunkSize,
    backend: backend ?? 'workers',
  });
}

/** Merges states of the same job with disjoint chunks into a new state (exact). */
export function mergeStates(states: readonly SampleState[]): SampleState {
  if (states.length === 0) throw new InvalidArgumentError('nothing to merge');
  const key = specKey(states[0]!.spec);
  const out = emptyState(states[0]!.spec);
  for (const s of states) {
    if (specKey(s.spec) !== key) throw new InvalidArgumentError('cannot merge runs of different jobs (spec differs)');
    for (let id = 0; id < s.done.length; id++) {
      if (s.done[id] && out.done[id]) throw new InvalidArgumentError(`chunk ${id} appears in two inputs (overlapping shards)`);
      if (s.done[id]) out.done[id] = 1;
    }
    for (let c = 0; c < s.sum.length; c++) { exactMerge(out.sum[c]!, s.sum[c]!); exactMerge(out.sumsq[c]!, s.sumsq[c]!); }
    for (let c = 0; c < s.nets.length; c++) out.nets[c]! += s.nets[c]!;
  }
  return out;
}

/** Done chunks as sorted half-open ranges [a, b). */
function doneRanges(done: Uint8Array): [number, number][] {
  const r: [number, number][] = [];
  for (let i = 0; i < done.length; i++) {
    if (!done[i]) continue;
    const last = r[r.length - 1];
    if (last && last[1] === i) last[1] = i + 1; else r.push([i, i + 1]);
  }
  return r;
}

const enc = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
const dec = (x: unknown): number => (typeof x === 'string' ? Number(x) : (x as number));

/** The state as a JSON-ready object (numbers round-trip exactly through JSON). */
export function serializeState(s: SampleState): Record<string, unknown> {
  return {
    format: STATE_FORMAT,
    spec: JSON.parse(specKey(s.spec)),
    chunks: { total: s.layout.total, done: doneRanges(s.done) },
    nets: s.nets,
    sum: s.sum.map((p) => p.map(enc)),
    sumsq: s.sumsq.map((p) => p.map(enc)),
  };
}

/** Parses a serialized state, validating its shape (INVALID_ARGUMENT otherwise). */
export function parseState(doc: unknown, source = 'state'): SampleState {
  const d = doc as Record<string, unknown>;
  if (!d || d.format !== STATE_FORMAT) {
    throw new InvalidArgumentError(`${source} is not an nnqft sampler state/shard file (format ${STATE_FORMAT})`);
  }
  const s = emptyState(d.spec as SampleSpec);
  const chunks = d.chunks as { total: number; done: [number, number][] };
  const sum = d.sum as unknown[][], sumsq = d.sumsq as unknown[][], nets = d.nets as number[];
  if (chunks?.total !== s.layout.total || !Array.isArray(sum) || sum.length !== s.sum.length
    || !Array.isArray(sumsq) || sumsq.length !== s.sumsq.length || !Array.isArray(nets) || nets.length !== s.nets.length) {
    throw new InvalidArgumentError(`${source}: inconsistent sampler state`);
  }
  for (const [a, b] of chunks.done) for (let i = a; i < b; i++) s.done[i] = 1;
  s.sum = sum.map((p) => p.map(dec));
  s.sumsq = sumsq.map((p) => p.map(dec));
  s.nets = nets.slice();
  return s;
}

/** Reads a state file. */
export function readStateFile(file: string): SampleState {
  return readShardFile(file).state;
}

/** Reads a state file and the shard "i/n" it says it was written for (`nnqft sample --shard … --out`), if any. */
export function readShardFile(file: string): { state: SampleState; shard?: Shard } {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { throw new IoError(`cannot read ${file}: ${(e as Error).message}`); }
  let doc: unknown;
  try { doc = JSON.parse(text); } catch { throw new InvalidArgumentError(`${file} is not valid JSON`); }
  const d = doc as Record<string, unknown>;
  // a finished run's output carries its state under "state"
  const state = parseState(d && d.format !== STATE_FORMAT && d.state ? d.state : doc, file);
  const m = typeof d?.shard === 'string' ? /^(\d+)\/(\d+)$/.exec(d.shard) : null;
  return m ? { state, shard: { index: Number(m[1]), count: Number(m[2]) } } : { state };
}

/**
 * What an incomplete state lacks, in words: the missing shards i/n when the shard count is known
 * (every chunk of a missing shard absent), otherwise the missing chunk ranges.
 */
export function describeMissing(s: SampleState, shardCount?: number): string {
  const head = `merged ${chunksDone(s)} of ${s.layout.total} chunks`;
  if (shardCount !== undefined && shardCount >= 1) {
    const missing: string[] = [];
    for (let i = 1; i <= shardCount; i++) {
      for (let id = 0; id < s.layout.total; id++) {
        if (chunkInShard(id, { index: i, count: shardCount }) && !s.done[id]) { missing.push(`${i}/${shardCount}`); break; }
      }
    }
    return `${head}; missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`;
  }
  const gaps: string[] = [];
  for (let id = 0; id < s.layout.total; id++) {
    if (s.done[id]) continue;
    let end = id;
    while (end + 1 < s.layout.total && !s.done[end + 1]) end++;
    gaps.push(end === id ? `${id}` : `${id}–${end}`);
    id = end;
  }
  return `${head}; missing chunks ${gaps.join(', ')}`;
}

