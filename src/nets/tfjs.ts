/**
 * The tfjs backend of the sampler (CONVENTIONS §1, §3): the same networks (the
 * Gaussians come from the same Philox streams, src/nets/engine.ts) with the hidden
 * layer, activations and per-network covariance / outputs computed as batched
 * tensor ops. tfjs computes in float32, so results agree with the workers backend
 * statistically (and to ~1e-6 relative per network), not bit for bit.
 *
 * Backend choice at run time (dynamic imports; none is a hard dependency):
 * @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node (their install scripts
 * download libtensorflow, so they are absent where that host is unreachable), then
 * @tensorflow/tfjs-core with @tensorflow/tfjs-backend-wasm (optionalDependencies).
 */
import { InvalidArgumentError } from '../core/errors.js';
import { fillGaussians } from '../core/rng.js';
import type { Architecture, TensorOps } from '../kernels/types.js';
import { chunkLayout, chunkRef, gaussiansPerNet, type SampleSpec } from './engine.js';
import { accumulateNet, tuplePlan } from './tuples.js';
import type { ChunkRunner } from './pool.js';

/* Minimal structural types of the tfjs API used here (tfjs is optional, so no compile-time import). */
interface Tensor { dispose(): void; data(): Promise<Float32Array> }
interface Tf extends TensorOps<Tensor> {
  matMul(a: Tensor, b: Tensor, transposeA?: boolean, transposeB?: boolean): Tensor;
  add(a: Tensor, b: Tensor | number): Tensor;
  mul(a: Tensor, b: Tensor | number): Tensor;
  reshape(a: Tensor, shape: number[]): Tensor;
  tidy<T>(f: () => T): T;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
}

/** Loads the best available tfjs; returns it and the backend's name, or throws INVALID_ARGUMENT saying what to install. */
export async function loadTfjs(): Promise<{ tf: Tf; backend: string }> {
  const tryImport = async (name: string): Promise<Record<string, unknown> | undefined> => {
    try { return (await import(name)) as Record<string, unknown>; } catch { return undefined; }
  };
  for (const name of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    const mod = await tryImport(name);
    if (mod) {
      const tf = ((mod.default as Tf | undefined) ?? mod) as unknown as Tf;
      await tf.ready();
      return { tf, backend: `${name} (${tf.getBackend()})` };
    }
  }
  const core = await tryImport('@tensorflow/tfjs-core');
  const wasm = core && (await tryImport('@tensorflow/tfjs-backend-wasm'));
  if (core && wasm) {
    const tf = ((core.default as Tf | undefined)?.setBackend ? core.default : core) as unknown as Tf;
    if (!(await tf.setBackend('wasm'))) throw new InvalidArgumentError('tfjs: the wasm backend failed to initialise');
    await tf.ready();
    return { tf, backend: '@tensorflow/tfjs-core (wasm)' };
  }
  throw new InvalidArgumentError(
    '--backend tfjs needs @tensorflow/tfjs-node, @tensorflow/tfjs-node-gpu, or @tensorflow/tfjs-core with @tensorflow/tfjs-backend-wasm installed (none found)',
  );
}

/** A chunk runner on tfjs (main thread; tfjs parallelises inside its kernels where it can). */
export async function tfjsRunner(
  spec: SampleSpec, arch: Architecture, raw: boolean, load: () => Promise<{ tf: unknown }> = loadTfjs,
): Promise<ChunkRunner> {
  const tf = (await load()).tf as Tf;
  if (!arch.tfActivation) throw new InvalidArgumentError(`--backend tfjs has no tensor activation for "${arch.name}" (use --backend workers)`);
  const plan = tuplePlan(spec.points.length, spec.ns, spec.estimator);
  const layout = chunkLayout(spec);
  const { params: p, points } = spec;
  const m = points.length, dIn = p.dIn;
  const conditional = spec.estimator === 'conditional';
  const withReadout = !conditional || raw;
  // Xᵀ scaled by σ_W/√d_in: [d_in, m]
  const xt = new Float32Array(dIn * m);
  for (let a = 0; a < m; a++) for (let d = 0; d < dIn; d++) xt[d * m + a] = (points[a]![d]! * p.sW) / Math.sqrt(dIn);
  return {
    async run(ids, sink, stop) {
      const X = tf.tensor(xt, [dIn, m]);
      try {
        for (const id of ids) {
          if (stop()) return;
          const ref = chunkRef(spec, layout, id);
          const N = spec.widths[ref.w]!, B = ref.count;
          const nG = gaussiansPerNet(N, dIn, withReadout);
          const g = new Float64Array(nG);
          const scratch = new Uint32Array(4 * Math.ceil((nG + (nG >> 4) + 32) / 4));
          const w0 = new Float32Array(B * N * dIn), b0 = new Float32Array(B * N);
          const w1 = new Float32Array(withReadout ? B * N : 0), b1 = new Float64Array(B);
          for (let r = 0; r < B; r++) {
            fillGaussians(spec.seed, ref.e, ref.start + r, N, 0, g, nG, 0, scratch);
            for (let k = 0; k < N * dIn; k++) w0[r * N * dIn + k] = g[k]!;
            for (let j = 0; j < N; j++) b0[r * N + j] = p.sb * g[N * dIn + j]!;
            if (withReadout) {
              for (let j = 0; j < N; j++) w1[r * N + j] = (p.sW / Math.sqrt(N)) * g[N * (dIn + 1) + j]!;
              b1[r] = p.sb * g[N * (dIn + 2)]!;
            }
          }
          // Z [B·N, m] = W0 Xᵀ + b0; Φ = φ(Z) as [B, N, m]
          const phi = tf.tidy(() => {
            const z = tf.add(tf.matMul(tf.tensor(w0, [B * N, dIn]), X), tf.tensor(b0, [B * N, 1]));
            const ph = arch.tfActivation!<Tensor>(tf, z, points, p);
            return tf.reshape(ph, [B, N, m]);
          });
          const out = new Float64Array(2 * plan.tuples.length);
          let rawOut: Float64Array | undefined;
          let fData: Float32Array | undefined;
          if (withReadout) {
            const f = tf.tidy(() => tf.matMul(tf.tensor(w1, [B, 1, N]), phi)); // [B, 1, m]
            fData = await f.data();
            f.dispose();
            if (raw) {
              rawOut = new Float64Array(B * m);
              for (let r = 0; r < B; r++) for (let a = 0; a < m; a++) rawOut[r * m + a] = b1[r]! + fData[r * m + a]!;
            }
          }
          if (conditional) {
            const c = tf.tidy(() => tf.matMul(phi, phi, true, false)); // [B, m, m]
            const cData = await c.data();
            c.dispose();
            const C = new Float64Array(m * m);
            const sc = (p.sW * p.sW) / N, sb2 = p.sb * p.sb;
            for (let r = 0; r < B; r++) {
              for (let k = 0; k < m * m; k++) C[k] = sb2 + sc * cData[r * m * m + k]!;
              accumulateNet(plan, C, out, spec.experiments === 1);
            }
          } else {
            const f = new Float64Array(m);
            for (let r = 0; r < B; r++) {
              for (let a = 0; a < m; a++) f[a] = b1[r]! + fData![r * m + a]!;
              accumulateNet(plan, f, out, spec.experiments === 1);
            }
          }
          phi.dispose();
          sink(id, out, rawOut);
        }
      } finally {
        X.dispose();
      }
    },
  };
}
