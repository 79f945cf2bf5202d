/**
 * Worker-thread entry of the sampler pool (run from built JS in dist/): receives a
 * job spec, then chunk ids, and posts back each chunk's sums (src/nets/engine.ts).
 */
import { parentPort } from 'node:worker_threads';
import { getArchitecture } from '../kernels/registry.js';
import { chunkLayout, chunkRef, computeChunk, type SampleSpec } from './engine.js';
import { tuplePlan } from './tuples.js';

/** Messages the pool sends. */
export type ToWorker = { type: 'job'; spec: SampleSpec; raw: boolean } | { type: 'chunk'; id: number };
/** Messages a worker sends back. */
export type FromWorker =
  | { type: 'result'; id: number; out: Float64Array; raw?: Float64Array }
  | { type: 'error'; message: string };

function serve(): void {
  const port = parentPort;
  if (!port) return;
  let ctx: { spec: SampleSpec; raw: boolean; run: (id: number) => FromWorker } | undefined;
  port.on('message', (msg: ToWorker) => {
    try {
      if (msg.type === 'job') {
        const spec = msg.spec;
        const arch = getArchitecture(spec.arch);
        const plan = tuplePlan(spec.points.length, spec.ns, spec.estimator);
        const layout = chunkLayout(spec);
        ctx = {
          spec, raw: msg.raw,
          run: (id) => {
            const ref = chunkRef(spec, layout, id);
            const raw = msg.raw ? new Float64Array(ref.count * spec.points.length) : undefined;
            return { type: 'result', id, out: computeChunk(spec, arch, plan, ref, raw), raw };
          },
        };
        return;
      }
      if (!ctx) throw new Error('chunk before job');
      // Copied, not transferred: detaching any ArrayBuffer invalidates V8's detach protector for the
      // whole isolate, after which every typed-array access in the hot loops carries a detach check
      // (measured: the worker's sampling ran 22% slower). A chunk's sums are a few kB.
      port.postMessage(ctx.run(msg.id));
    } catch (e) {
      port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
    }
  });
}

serve();
