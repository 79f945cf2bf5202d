// Multi-dimensional diagram integrals (CONVENTIONS §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4):
// the second-order chain ∫∫ K(x1,y) K(x2,y) K(y,z) K(x3,z) K(x4,z) dy dz with the propagator
// K_EFT = K − σ_b², over [−Λ, Λ]^(2 d_in): 4-D at d_in = 2, 6-D at d_in = 3.
// Baseline in the same run: randomised quasi-Monte-Carlo (method 'qmc', the former default beyond 3-D)
// against adaptive Genz–Malik cubature (method 'cubature', the new default up to 6-D), same integrands,
// same tolerances, same budget (2e6 evaluations). True errors against closed forms (Gauss-net, whose
// K_EFT is a Gaussian, and a 5-D Gaussian) or against a reference computed once at a tight tolerance.
import { integrateVector } from '../dist/src/integrate/adaptive.js';
import { getArchitecture, resolveParams } from '../dist/src/kernels/registry.js';
import { kernelFunction } from '../dist/src/kernels/kernel.js';

const X2 = [[0.5, -0.3], [-0.2, 0.8], [1.0, 0.1], [-0.7, -0.4]];
const X3 = [[0.5, -0.3, 0.2], [-0.2, 0.8, -0.1], [1.0, 0.1, 0.3], [-0.7, -0.4, 0.6]];

/** The chain integrand for architecture `name` at d_in = X[0].length, propagator K − σ_b². */
function chain(name, X) {
  const dIn = X[0].length;
  const arch = getArchitecture(name);
  const p = resolveParams(arch, { dIn });
  const K = kernelFunction(arch, p);
  const shift = p.sb * p.sb;
  const P = (a, b) => K(a, b) - shift;
  const y = new Array(dIn).fill(0), z = new Array(dIn).fill(0);
  return {
    p,
    f: (v, out) => {
      for (let c = 0; c < dIn; c++) { y[c] = v[c]; z[c] = v[dIn + c]; }
      out[0] = P(X[0], y) * P(X[1], y) * P(y, z) * P(X[2], z) * P(X[3], z);
    },
  };
}

/**
 * Gauss-net chain over R^(2 d_in), closed form: K_EFT = σ_W² exp(−a |u − v|²), a = σ_W²/(2 d_in);
 * per coordinate c the exponent −a[(y−x1)² + (y−x2)² + (y−z)² + (z−x3)² + (z−x4)²] is a 2×2
 * Gaussian: ∫ exp(−vᵀAv + bᵀv − c0) = π / √det A · exp(bᵀA⁻¹b/4 − c0).
 */
function gaussChainExact(X, sW) {
  const dIn = X[0].length, a = (sW * sW) / (2 * dIn);
  const A = [[3 * a, -a], [-a, 3 * a]], det = A[0][0] * A[1][1] - A[0][1] * A[1][0];
  let r = sW ** 10;
  for (let c = 0; c < dIn; c++) {
    const b = [2 * a * (X[0][c] + X[1][c]), 2 * a * (X[2][c] + X[3][c])];
    const c0 = a * (X[0][c] ** 2 + X[1][c] ** 2 + X[2][c] ** 2 + X[3][c] ** 2);
    const q = (A[1][1] * b[0] * b[0] - 2 * A[0][1] * b[0] * b[1] + A[0][0] * b[1] * b[1]) / det;
    r *= (Math.PI / Math.sqrt(det)) * Math.exp(q / 4 - c0);
  }
  return r;
}

export default async function run(log) {
  const cases = [];
  const gauss2 = chain('gauss', X2), gauss3 = chain('gauss', X3);
  cases.push({ name: 'gauss chain d_in=2 (4-D), Λ=∞', dims: 4, f: gauss2.f, lo: -Infinity, hi: Infinity, exact: gaussChainExact(X2, gauss2.p.sW) });
  cases.push({ name: 'erf chain d_in=2 (4-D), Λ=2', dims: 4, f: chain('erf', X2).f, lo: -2, hi: 2 });
  cases.push({ name: 'relu chain d_in=2 (4-D), Λ=2, bp 0', dims: 4, f: chain('relu', X2).f, lo: -2, hi: 2, bp: [0] });
  cases.push({
    name: 'gaussian 5-D, Λ=∞', dims: 5, lo: -Infinity, hi: Infinity, exact: Math.PI ** 2.5 / Math.sqrt(1 * 2 * 3 * 4 * 5) * Math.exp(0.25 * (1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5)),
    f: (v, out) => { let e = 0; for (let i = 0; i < 5; i++) e += (i + 1) * v[i] * v[i] - v[i]; out[0] = Math.exp(-e); },
  });
  cases.push({ name: 'gauss chain d_in=3 (6-D), Λ=∞', dims: 6, f: gauss3.f, lo: -Infinity, hi: Infinity, exact: gaussChainExact(X3, gauss3.p.sW) });
  cases.push({ name: 'erf chain d_in=3 (6-D), Λ=2', dims: 6, f: chain('erf', X3).f, lo: -2, hi: 2 });
  const out = new Float64Array(1);
  const opts = (c, method, relTol, maxEvaluations = 2e6) => ({ lower: c.lo, upper: c.hi, breakpoints: c.bp, relTol, method, maxEvaluations });
  const only = process.env.BENCH_DIMS ? Number(process.env.BENCH_DIMS) : 0;
  for (const c of cases.filter((c) => !only || c.dims === only)) {
    if (c.exact === undefined) {
      // Reference: cubature at a tight tolerance and a large budget; its own claimed error is printed.
      const ref = integrateVector(c.f, c.dims, 1, opts(c, 'cubature', 1e-11, 4e7))[0];
      c.exact = ref.value;
      c.refErr = ref.absError;
    }
    c.f(new Float64Array(c.dims), out);
    log(`\n${c.name}: value ${c.exact.toPrecision(14)}${c.refErr !== undefined ? ` (reference, claimed ±${(c.refErr / Math.abs(c.exact)).toExponential(1)} rel)` : ' (closed form)'}`);
    log('  relTol   method    evals      ms   claimed rel   true rel   honest  conv');
    for (const relTol of [1e-4, 1e-6, 1e-8]) {
      const row = {};
      for (const method of c.dims >= 6 ? ['qmc', 'cubature', 'auto'] : ['qmc', 'cubature']) {
        const t0 = performance.now();
        const e = integrateVector(c.f, c.dims, 1, opts(c, method, relTol))[0];
        const ms = performance.now() - t0;
        const trueRel = Math.abs(e.value - c.exact) / Math.abs(c.exact), claimed = e.absError / Math.abs(c.exact);
        row[method] = { ms, trueRel, claimed, evals: e.evaluations };
        log(`  ${relTol.toExponential(0)}  ${method.padEnd(8)} ${String(e.evaluations).padStart(8)} ${ms.toFixed(0).padStart(7)}   ${claimed.toExponential(2).padStart(9)}   ${trueRel.toExponential(2).padStart(9)}   ${Math.abs(e.value - c.exact) <= e.absError + (c.refErr ?? 0) ? 'yes' : 'NO '}    ${e.converged}`);
      }
      const q = row.qmc, g = row.cubature;
      log(`           ratio qmc/cubature: claimed error ${(q.claimed / g.claimed).toExponential(1)}, true error ${(q.trueRel / Math.max(g.trueRel, 1e-16)).toExponential(1)}, time ${(q.ms / g.ms).toFixed(2)}`);
    }
  }
}
