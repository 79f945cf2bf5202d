#!/usr/bin/env node
// The vertex recursion against Monte Carlo (issue 12, item 8; CONVENTIONS §8): n·G4c of deep networks with
// every hidden width n, sampled with the conditional estimator, against the leading-1/n recursion
// (src/width/vertex.ts), whose n·G4c does not depend on n. The residual n·G4c(MC) − n·G4c(recursion) is
// the O(1/n²) term of G4c times n: it should shrink like 1/n, i.e. n·residual ≈ constant.
//
// Estimator. The conditional estimator averages, per network, Wick sums over the output's covariance Σ̂
// given the last hidden layer, so G2 = E Σ̂ and G4 = E Σ₃ Σ̂Σ̂; G4c = G4 − Σ₃ G2·G2 = Σ₃ Cov(Σ̂, Σ̂). With
// the sample means of N networks, E[G4 − Σ₃ Ĝ2Ĝ2] = G4c (1 − 1/N) exactly, so each replica's G4c is
// multiplied by N/(N − 1) (unbiased). Errors: the spread of R independent replicas (seeds seed..seed+R−1)
// over √R, the tuples of one replica sharing networks.
//
// Usage: npm run build && node bench/width-convergence.mjs [--arch erf] [--depth 2] [--widths 16,32,64]
//          [--nets 50000] [--replicas 20] [--threads 2] [--json]
// Cost on the shared 2-core machine, defaults (20 × 50 000 networks per width, 3 inputs, widths 16, 32, 64):
// 26–52 s for Erf at depth 2, 38 s for ReLU at depth 3 (--arch relu --sw 1.4 --sb 0.3 --depth 3). The error
// of n·G4c is about 0.2 % of its size at every n (the conditional estimator's G4c is a covariance of Σ̂),
// so resolving the residual c/n at n = 64 to a few σ takes about 10⁶ networks per width.
import { getArchitecture } from '../dist/src/kernels/registry.js';
import { sampleCorrelators } from '../dist/src/nets/sample.js';
import { finiteWidthPlan } from '../dist/src/width/vertex.js';
import { uniqueTuples, wickSum } from '../dist/src/core/combinatorics.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const archName = args.arch ?? 'erf';
const depth = Number(args.depth ?? 2);
const widths = (args.widths ?? '16,32,64').split(',').map(Number);
const nets = Number(args.nets ?? 50000);
const R = Number(args.replicas ?? 20);
const threads = Number(args.threads ?? 2);
const seed = Number(args.seed ?? 1);
const params = { sW: Number(args.sw ?? 1.5), sb: Number(args.sb ?? 0.5), dIn: 1 };
const points = (args.inputs ?? '-1,0.3,1.2').split(',').map((v) => [Number(v)]);
const arch = getArchitecture(archName);
const m = points.length;

/** n·G4c per tuple of one replica, unbiased (see the header). */
function replicaG4c(res, n) {
  const G2 = Array.from({ length: m }, () => new Array(m).fill(0));
  for (const e of res.results.find((r) => r.n === 2).entries) G2[e.index[0]][e.index[1]] = G2[e.index[1]][e.index[0]] = e.G.mean;
  return res.results.find((r) => r.n === 4).entries.map((e) => ({
    index: e.index, value: (n * (e.G.mean - wickSum(G2, e.index)) * nets) / (nets - 1),
  }));
}

const plan = finiteWidthPlan(arch, { activation: archName, widths: new Array(depth).fill(widths[0]), ...params }, points);
const tuples = uniqueTuples(m, 4);
const rows = [];
const t0 = Date.now();
for (const n of widths) {
  const rec = plan.at(new Array(depth).fill(n)).entries;
  const perRep = [];
  for (let r = 0; r < R; r++) {
    const res = await sampleCorrelators(arch, params, points, {
      widths: [n], layers: [new Array(depth).fill(n)], ns: [2, 4], nets, experiments: 1, seed: seed + r, estimator: 'conditional', threads,
    });
    perRep.push(replicaG4c(res, n));
  }
  // one scalar beside the tuples: the sum over the unique tuples (its error from the same replica spread)
  const stat = (f) => {
    const v = perRep.map(f), mean = v.reduce((a, b) => a + b, 0) / R;
    return { mean, se: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (R - 1) / R) };
  };
  const items = tuples.map((t, k) => ({ label: t.join(''), mc: stat((rep) => rep[k].value), rec: n * rec[k].connected }));
  items.push({ label: 'sum', mc: stat((rep) => rep.reduce((a, e) => a + e.value, 0)), rec: n * rec.reduce((a, e) => a + e.connected, 0) });
  for (const it of items) rows.push({ n, tuple: it.label, mc: it.mc.mean, se: it.mc.se, rec: it.rec, residual: it.mc.mean - it.rec, z: (it.mc.mean - it.rec) / it.mc.se });
}
const seconds = (Date.now() - t0) / 1000;

// residual ≈ c/n per tuple: weighted least squares for c, with its χ² (dof = widths − 1)
const fits = [...new Set(rows.map((r) => r.tuple))].map((tuple) => {
  const rs = rows.filter((r) => r.tuple === tuple);
  let sxy = 0, sxx = 0;
  for (const r of rs) { const x = 1 / r.n, w = 1 / r.se ** 2; sxy += w * x * r.residual; sxx += w * x * x; }
  const c = sxy / sxx, cse = 1 / Math.sqrt(sxx);
  const chi2 = rs.reduce((a, r) => a + ((r.residual - c / r.n) / r.se) ** 2, 0);
  return { tuple, c, cse, chi2, dof: rs.length - 1 };
});

if (args.json === 'true') {
  console.log(JSON.stringify({ arch: archName, params, points, depth, widths, nets, replicas: R, estimator: 'conditional', seconds, rows, fits }, null, 2));
} else {
  const f = (x, d = 4) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(d) : x.toExponential(d - 1));
  console.log(`${archName}, σ_W = ${params.sW}, σ_b = ${params.sb}, inputs ${points.map((p) => p[0]).join(', ')}; depth ${depth}, all hidden widths n; conditional estimator, ${R} replicas × ${nets} networks per width; ${seconds.toFixed(0)} s`);
  const show = new Set(args.all === 'true' ? rows.map((r) => r.tuple) : ['0000', '0011', '0122', '1222', 'sum']);
  console.log('\n| n | tuple | n·G4c (MC) | n·G4c (recursion) | residual | z | n·residual |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows.filter((r) => show.has(r.tuple))) {
    console.log(`| ${r.n} | ${r.tuple} | ${f(r.mc)} ± ${f(r.se, 2)} | ${f(r.rec)} | ${f(r.residual, 3)} | ${r.z.toFixed(2)} | ${f(r.n * r.residual, 3)} ± ${f(r.n * r.se, 2)} |`);
  }
  console.log('\nresidual = c/n fitted over the widths (c: the O(1/n²) coefficient of G4c; χ² with widths − 1 dof):');
  for (const q of fits.filter((q) => show.has(q.tuple))) console.log(`  ${q.tuple}: c = ${f(q.c, 3)} ± ${f(q.cse, 2)}, χ² = ${q.chi2.toFixed(2)} / ${q.dof}`);
  const all = fits.filter((q) => q.tuple !== 'sum');
  console.log(`  all ${all.length} tuples: χ² = ${all.reduce((a, q) => a + q.chi2, 0).toFixed(1)} / ${all.reduce((a, q) => a + q.dof, 0)} (tuples share networks: not independent)`);
}
