// Sampler throughput (issue 5). Erf-net, d_in = 1, the paper's 6 inputs, G4.
// Reference: the paper's code draws ~9,400 nets/s at width 20 and ~4,300 nets/s at width 1000 on a
// 2-core machine. Goals: >= 30x (width 20) and >= 5x (width 1000) in nets/s, and >= 70% of this
// machine's limit, measured here in the same run: the throughput of drawing the Gaussians and
// evaluating the activations alone (one thread, times the thread count).
// Also: the standard error of ΔG4 reached per CPU-second, for both estimators (lower is better).
import { availableParallelism } from 'node:os';
import { fillGaussians } from '../dist/src/core/rng.js';
import { getArchitecture, resolveParams } from '../dist/src/kernels/registry.js';
import { INPUT_PRESETS } from '../dist/src/core/inputs.js';
import { sampleCorrelators } from '../dist/src/nets/sample.js';

const PAPER = { 20: 9400, 1000: 4300 };
const GOAL = { 20: 30, 1000: 5 };

/** Gaussians + activations alone, one thread: nets/s. */
function limit(N, withReadout, seconds = 1.5) {
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, { dIn: 1 });
  const pts = INPUT_PRESETS['paper-erf'].points;
  const nG = N * 2 + (withReadout ? N + 1 : 0);
  const g = new Float64Array(nG);
  const scratch = new Uint32Array(4 * Math.ceil((nG + (nG >> 4) + 32) / 4));
  const z = new Float64Array(N), out = new Float64Array(N);
  let nets = 0, sink = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    fillGaussians(1, 0, nets, N, 0, g, nG, 0, scratch);
    for (const x of pts) {
      for (let j = 0; j < N; j++) z[j] = g[N + j] + x[0] * g[j];
      arch.phiBatch(z, out, x, p);
      sink += out[0];
    }
    nets++;
  }
  if (sink === 42.4242) console.log('');
  return nets / ((performance.now() - t0) / 1000);
}

export default async function (log) {
  const threads = availableParallelism();
  const arch = getArchitecture('erf');
  const p = resolveParams(arch, { dIn: 1 });
  const pts = INPUT_PRESETS['paper-erf'].points;
  log(`threads: ${threads}`);
  for (const N of [20, 1000]) {
    const nets = N === 20 ? 300_000 : 12_000;
    for (const estimator of ['plain', 'conditional']) {
      const lim1 = limit(N, estimator === 'plain');
      const one = await sampleCorrelators(arch, p, pts, { widths: [N], ns: [4], nets: nets / 4, experiments: 10, seed: 1, estimator, threads: 1 });
      const all = await sampleCorrelators(arch, p, pts, { widths: [N], ns: [4], nets, experiments: 10, seed: 1, estimator, threads });
      const cpuSeconds = all.seconds * threads;
      const meanErr = all.entries.reduce((s, e) => s + e.delta.stdError, 0) / all.entries.length;
      const errPerCpuSecond = meanErr * Math.sqrt(cpuSeconds); // the ΔG4 standard error one CPU-second buys
      log(`width ${N}, ${estimator}: ${Math.round(all.netsPerSecond)} nets/s on ${threads} threads`
        + ` = ${(all.netsPerSecond / PAPER[N]).toFixed(1)}x the paper's code (goal ${GOAL[N]}x);`
        + ` 1 thread ${Math.round(one.netsPerSecond)} nets/s = ${(100 * one.netsPerSecond / lim1).toFixed(0)}% of the`
        + ` Gaussians+activations limit ${Math.round(lim1)} nets/s; ${threads} threads = ${(100 * all.netsPerSecond / (threads * lim1)).toFixed(0)}% of ${threads}x that;`
        + ` mean stdError(ΔG4) ${meanErr.toExponential(2)} with ${nets} nets -> ${errPerCpuSecond.toExponential(2)} per CPU-second^(1/2)`);
    }
  }
}
