// Benchmarks of src/fit: the Jacobi-SVD least-squares solve on a Table-5-sized problem
// (126 unique 4-tuples × 3 couplings), against a baseline measured in the same run: the
// normal equations solved by Gaussian elimination (fast but loses half the digits).
import { leastSquares } from '../dist/src/fit/lsq.js';

function normalEquations(A, b) {
  const p = A[0].length;
  const N = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => A.reduce((s, r) => s + r[i] * r[j], 0)));
  const r = Array.from({ length: p }, (_, i) => A.reduce((s, row, k) => s + row[i] * b[k], 0));
  for (let c = 0; c < p; c++) for (let i = c + 1; i < p; i++) {
    const f = N[i][c] / N[c][c];
    for (let j = c; j < p; j++) N[i][j] -= f * N[c][j];
    r[i] -= f * r[c];
  }
  const x = new Array(p).fill(0);
  for (let i = p - 1; i >= 0; i--) x[i] = (r[i] - N[i].slice(i + 1).reduce((s, v, j) => s + v * x[i + 1 + j], 0)) / N[i][i];
  return x;
}

export default async function (log) {
  const m = 126;
  const A = Array.from({ length: m }, (_, i) => [1 + i / m, Math.sin(i) + 2, Math.cos(3 * i)]);
  const b = A.map((r) => r[0] - 2 * r[1] + 0.5 * r[2]);
  const time = (f, reps) => { const t0 = performance.now(); for (let i = 0; i < reps; i++) f(); return (performance.now() - t0) / reps; };
  const reps = 2000;
  time(() => leastSquares(A, b), 200); time(() => normalEquations(A, b), 200);
  const tSvd = time(() => leastSquares(A, b), reps);
  const tNe = time(() => normalEquations(A, b), reps);
  log(`leastSquares (Jacobi SVD), 126×3: ${(tSvd * 1e3).toFixed(1)} µs per solve`);
  log(`normal equations baseline:        ${(tNe * 1e3).toFixed(1)} µs per solve  (ratio SVD/baseline ${(tSvd / tNe).toFixed(2)})`);
  // Accuracy on an ill-conditioned problem like Gauss M3 (nearly collinear columns, condition ~1e6).
  const xs = Array.from({ length: m }, (_, i) => 0.01 * (i / m));
  const B = xs.map((x) => [1, 0.25 + x * x, 1 + 1e-3 * x]);
  const truth = [0.3, -0.7, 0.2];
  const c = B.map((r) => r.reduce((s, v, j) => s + v * truth[j], 0));
  const err = (x) => Math.max(...x.map((v, j) => Math.abs(v - truth[j]) / Math.abs(truth[j])));
  const svd = leastSquares(B, c, { rtol: 1e-15 });
  log(`ill-conditioned (condition ${svd.condition.toExponential(1)}): max relative error SVD ${err(svd.coefficients).toExponential(1)}, normal equations ${err(normalEquations(B, c)).toExponential(1)}`);
  await table5Bench(log);
}

// Table 5 end to end from exact correlators (3 architectures × M0–M3, training and test sets):
// data, features from the prediction engine, fits. Baseline in the same run: the exact ΔG4 data alone.
export async function table5Bench(log) {
  const { table5, TABLE5_SETUPS } = await import('../dist/src/fit/table5.js');
  const { makeTable5Engines } = await import('../dist/src/fit/engines.js');
  const { exactCorrelators } = await import('../dist/src/exact/correlators.js');
  const { getArchitecture, resolveParams } = await import('../dist/src/kernels/registry.js');
  const resolve = (name, p) => { const arch = getArchitecture(name); return { arch, params: resolveParams(arch, p) }; };
  const full = async () => {
    const t0 = performance.now();
    await table5((s) => makeTable5Engines(s, { source: 'exact', propagator: 'eft' }, resolve));
    return performance.now() - t0;
  };
  const dataOnly = () => {
    const t0 = performance.now();
    for (const s of TABLE5_SETUPS) {
      const { arch, params } = resolve(s.arch, { sW: s.sW, sb: s.sb, dIn: 1 });
      for (const pts of [s.train, s.test]) exactCorrelators(arch, params, pts, { widths: [s.width], ns: [4] });
    }
    return performance.now() - t0;
  };
  await full(); dataOnly();
  const tf = Math.min(await full(), await full()), td = Math.min(dataOnly(), dataOnly());
  log(`table5 (exact data) end to end: ${tf.toFixed(0)} ms; the exact ΔG4 data alone: ${td.toFixed(0)} ms (ratio ${(tf / td).toFixed(2)})`);
}
