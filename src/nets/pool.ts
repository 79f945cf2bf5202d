/**
 * Chunk runners: in-process, or a worker_threads pool over all cores. Each chunk's
 * numbers are fixed by the spec (src/nets/engine.ts), so which runner or how many
 * threads computed it does not change the result.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IoError, NnqftError } from '../core/errors.js';
import type { Architecture } from '../kernels/types.js';
import { chunkLayout, chunkRef, computeChunk, type SampleSpec } from './engine.js';
import { tuplePlan } from './tuples.js';
import type { FromWorker, ToWorker } from './worker.js';

/** Receives one finished chunk. */
export type ChunkSink = (id: number, out: Float64Array, raw?: Float64Array) => void;

/** Computes chunks by id; `stop()` true makes it finish the chunks in flight and return. */
export interface ChunkRunner {
  run(ids: readonly number[], sink: ChunkSink, stop: () => boolean): Promise<void>;
}

/** Default thread count: every core the process may use. */
export function defaultThreads(): number {
  return availableParallelism();
}

/** Runs chunks one after another in this thread (yielding between chunks so progress and signals get through). */
export function inProcessRunner(spec: SampleSpec, arch: Architecture, raw: boolean): ChunkRunner {
  const plan = tuplePlan(spec.points.length, spec.ns, spec.estimator);
  const layout = chunkLayout(spec);
  return {
    async run(ids, sink, stop) {
      for (const id of ids) {
        if (stop()) return;
        const ref = chunkRef(spec, layout, id);
        const r = raw ? new Float64Array(ref.count * spec.points.length) : undefined;
        sink(id, computeChunk(spec, arch, plan, ref, r), r);
        await new Promise((res) => setImmediate(res));
      }
    },
  };
}

/** The built worker script (workers cannot start .ts files: under a .ts loader, use dist/). */
export function workerScript(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/src/nets/worker.js', here) : new URL('./worker.js', here);
  const file = fileURLToPath(url);
  if (!existsSync(file)) throw new IoError(`sampler worker ${file} not found: run "npm run build" first`);
  return file;
}

/** A pool of `threads` worker threads, each keeping two chunks in flight. */
export function workerRunner(spec: SampleSpec, threads: number, raw: boolean): ChunkRunner {
  return {
    run(ids, sink, stop) {
      const script = workerScript();
      const n = Math.max(1, Math.min(threads, ids.length));
      return new Promise<void>((resolve, reject) => {
        const workers: Worker[] = [];
        let next = 0, inFlight = 0, failed = false, finished = false;
        const finish = (err?: unknown) => {
          if (finished) return;
          finished = true;
          if (err !== undefined) failed = true;
          void Promise.all(workers.map((w) => w.terminate())).then(() => (err !== undefined ? reject(err) : resolve()));
        };
        const feed = (w: Worker) => {
          if (finished || stop() || next >= ids.length) { if (inFlight === 0) finish(); return; }
          inFlight++;
          w.postMessage({ type: 'chunk', id: ids[next++]! } satisfies ToWorker);
        };
        if (ids.length === 0) { resolve(); return; }
        for (let k = 0; k < n; k++) {
          const w = new Worker(script);
          workers.push(w);
          w.on('message', (msg: FromWorker) => {
            if (failed) return;
            if (msg.type === 'error') { finish(new NnqftError('INVALID_ARGUMENT', `sampler worker: ${msg.message}`)); return; }
            inFlight--;
            try { sink(msg.id, msg.out, msg.raw); } catch (e) { finish(e); return; }
            feed(w);
          });
          w.on('error', (e) => finish(e));
          w.postMessage({ type: 'job', spec, raw } satisfies ToWorker);
          feed(w);
          feed(w);
        }
      });
    },
  };
}
