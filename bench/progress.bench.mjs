// Overhead of progress reporting (src/core/progress.ts, cli/progress.ts) on one long-ish exact run and one
// prediction. Three figures per job:
// 1. the time spent inside the callback (the CLI's real bar drawing onto a fake terminal, delay 0 so it
//    draws from the start) as a share of the run: the direct cost, measured exactly;
// 2. predictions: the integrand's call counter, bounded by a micro-benchmark of its cost per call times
//    the kernel calls of the run (at least one per integrand call; a loose bound: an instrumented copy of
//    this job counted 9.33e6 integrand calls, 9.4 kernel calls each, so the true share is ~1/9 of it);
// 3. CPU time with and without the bar, alternated A B A B … (medians): the whole effect, but on this
//    shared machine its noise (printed) is far larger than 1%.
// The results are checked to be identical.
import { Writable } from 'node:stream';
import { exactCorrelators } from '../dist/src/exact/correlators.js';
import { predictCorrelators } from '../dist/src/predict/predict.js';
import { generateDiagrams } from '../dist/src/diagrams/generate.js';
import { parseAction } from '../dist/src/dsl/parse.js';
import { getArchitecture, resolveParams } from '../dist/src/kernels/registry.js';
import { cliProgressBar } from '../dist/cli/progress.js';

const PAIRS = 3;

function fakeTty() {
  const s = new Writable({ write(_c, _e, done) { done(); } });
  s.isTTY = true;
  s.columns = 120;
  return s;
}

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

/** Runs job(onProgress) PAIRS times with and without a bar, alternating; CPU medians (ms), time inside the callback, calls, sameness. */
function compare(job) {
  const plain = [], barred = [], inside = [];
  let calls = 0, same = true, ref;
  for (let i = 0; i < PAIRS; i++) {
    let t0 = cpuMs();
    const a = job(undefined);
    plain.push(cpuMs() - t0);
    const bar = cliProgressBar(true, { stream: fakeTty(), delayMs: 0 });
    const cb = bar.onProgress;
    let c = 0, tin = 0;
    t0 = cpuMs();
    const b = job((d, t, p) => { c++; const s = performance.now(); cb(d, t, p); tin += performance.now() - s; });
    const tb = cpuMs() - t0;
    barred.push(tb);
    inside.push(tin / tb);
    bar.stop();
    calls = c;
    ref ??= JSON.stringify(a);
    same &&= ref === JSON.stringify(a) && ref === JSON.stringify(b);
  }
  const med = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { plain: med(plain), barred: med(barred), inside: med(inside), insideMax: Math.max(...inside), calls, same, spread: Math.max(...plain) / Math.min(...plain) - 1 };
}

/**
 * Nanoseconds the predict integrand's progress counter adds per call: the same small integrand with and
 * without `if (cb !== undefined && (++calls & 1023) === 0) cb(calls)`, each timed in its own monomorphic loop.
 */
function counterNs() {
  const out = new Float64Array(4), y = new Float64Array(1);
  const make = (cb) => {
    let calls = 0;
    return (yy, o) => { if (cb !== undefined && (++calls & 1023) === 0) cb(calls); o[0] = Math.sin(yy[0]) * yy[0]; };
  };
  const loop = (h) => { const t0 = performance.now(); for (let i = 0; i < 2e7; i++) { y[0] = i * 1e-7; h(y, out); } return performance.now() - t0; };
  const plain = (yy, o) => { o[0] = Math.sin(yy[0]) * yy[0]; };
  const counted = make(() => { out[1] += 1; });
  const a = [], b = [];
  for (let i = 0; i < 5; i++) { a.push(loop(plain)); b.push(loop(counted)); }
  return Math.max(0, (Math.min(...b) - Math.min(...a)) * 1e6 / 2e7);
}

function report(log, name, r, extraNs) {
  log(`${name}:`);
  log(`  time inside the callback (CLI bar): ${(100 * r.inside).toFixed(3)}% of the run (median of ${PAIRS}; worst ${(100 * r.insideMax).toFixed(3)}%, the first run compiles cli-progress), ${r.calls} calls`);
  if (extraNs !== undefined) log(`  integrand call counter: ≤ ${(100 * extraNs / (r.plain * 1e6)).toFixed(3)}% of the run`);
  log(`  CPU time without ${r.plain.toFixed(0)} ms, with the bar ${r.barred.toFixed(0)} ms (medians of ${PAIRS}): ${(100 * (r.barred / r.plain - 1)).toFixed(2)}% ` +
    `(baseline spread between runs ${(100 * r.spread).toFixed(1)}%); results identical: ${r.same}`);
}

export default async function (log) {
  const erf = getArchitecture('erf');
  const p2 = resolveParams(erf, { dIn: 2 });
  const points = [[1, 0], [0, 1], [-1, 0.5], [0.3, -0.7], [0.8, 0.8]];
  report(log, 'exact: Erf-net d_in = 2, 5 inputs, n = 4, 6 (moments by quadrature)',
    compare((onProgress) => exactCorrelators(erf, p2, points, { widths: [2, 10, 100], ns: [4, 6], ...(onProgress ? { onProgress } : {}) })));

  const act = parseAction('λ f^4');
  const diagrams = generateDiagrams(act, { n: 4, order: 3, mode: 'skeleton' });
  const p1 = resolveParams(erf, { dIn: 1 });
  const job = (arch) => (onProgress) => predictCorrelators(act, diagrams, {
    arch, params: p1, propagator: 'eft', cutoff: 5, points: [[-1], [0.2]], n: 4, ...(onProgress ? { onProgress } : {}),
  });
  const r = compare(job(erf));
  // Every integrand call evaluates the kernel at least once (λ f^4: no weights; a line or an internal edge), so the
  // kernel calls of one run bound the integrand calls, and with them the counter's cost.
  let kernelCalls = 0;
  const k = erf.kernel.bind(erf);
  job({ ...erf, kernel: (x, y, q) => { kernelCalls++; return k(x, y, q); } })(undefined);
  const ns = counterNs();
  report(log, `predict: λ f^4, Erf-net, n = 4, order 3 (${diagrams.length} diagrams, up to 3-D integrals), 2 inputs, Λ = 5`, r, ns * kernelCalls);
  log(`  (counter: ${ns.toFixed(2)} ns per integrand call; integrand calls ≤ ${kernelCalls.toExponential(2)} kernel calls; ` +
    `${(r.plain * 1e6 / kernelCalls).toFixed(0)} ns of run per kernel call)`);
}
