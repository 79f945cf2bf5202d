/**
 * The GPU sampler's fused compute kernel, generated per job (CONVENTIONS §1, §3; Halverson,
 * Maiti, Stoner, arXiv:2008.08601 §3). One invocation = one network, one workgroup = 64
 * networks of one chunk. Per network, neuron by neuron: Philox words → Gaussians (src/nets/gpu/
 * philox.ts; the stream layout of src/nets/streams.ts) → pre-activations at every input →
 * activation (the architecture's `wgsl`) → the conditional covariance C_ab (conditional) or the
 * outputs f_a (plain), accumulated over neurons; then the per-network values on the unique
 * tuples (Wick sums of C, or products of f: the recursion of src/nets/tuples.ts written out),
 * reduced over the workgroup. No weight is stored: each is computed where it is used.
 *
 * Numerics (float32 on the device): sums over neurons are blocked (a partial sum per 32
 * neurons, then added into the total), so their rounding error is ~ (32 + N/32)·2⁻²⁴ relative
 * to Σ|terms| rather than N·2⁻²⁴; the workgroup reduction adds the 64 networks' values in
 * network order by compensated summation (two-sum, carrying (hi, lo) pairs), and the host adds
 * the workgroups' hi and lo in float64, in a fixed order. So the sums are deterministic on a given device and carry the
 * float32 error of the per-network values (~1e-6 relative) only.
 */
import { BudgetExceededError, UnavailableError } from '../../core/errors.js';
import type { Architecture } from '../../kernels/types.js';
import { wgslF32 } from '../../kernels/wgsl-expression.js';
import type { SampleSpec } from '../engine.js';
import type { TuplePlan } from '../tuples.js';
import { streamOffsets } from '../streams.js';
import { WGSL_BOX_MULLER, WGSL_PHILOX } from './philox.js';

/** Networks per workgroup (one invocation each). */
export const GPU_WORKGROUP = 64;
/** Words per workgroup in the output: sums (hi, lo) and sums of squares (hi, lo) per tuple. */
export const outWordsPerGroup = (T: number) => 4 * T;
/** Tuples per reduction tile (half the workgroup sums values, half their squares). */
const COLS = GPU_WORKGROUP / 2;
/** Neurons per partial sum (the blocking of the file header). */
const BLOCK = 32;
/** Largest generated recursion (statements) accepted: bigger plans refuse (use the workers). */
export const MAX_GPU_STATEMENTS = 20000;

/** Job table entry per workgroup: e, first network, count, width N, s_W/√N (f32 bits), s_W²/N (f32 bits), 2 spare. */
export const JOB_WORDS = 8;

/**
 * The kernel's WGSL for a job. Throws UNAVAILABLE when the architecture has no WGSL activation,
 * BUDGET_EXCEEDED when the tuple recursion is too large to write out.
 */
export function gpuKernelSource(spec: SampleSpec, arch: Architecture, plan: TuplePlan): string {
  if (!arch.wgsl) {
    throw new UnavailableError(`--backend gpu: the activation of "${arch.title}" has no WGSL form (Architecture.wgsl); use --backend workers`);
  }
  const { params: p, points } = spec;
  const m = points.length, dIn = p.dIn;
  const conditional = spec.estimator === 'conditional';
  const sw0 = p.sW / Math.sqrt(dIn);
  const ci = points.map((x) => arch.wgsl!.inputConstant?.(x, p) ?? 0);
  const L: string[] = [];
  const pair = (a: number, b: number) => (a <= b ? `${a}_${b}` : `${b}_${a}`);

  // per-neuron body
  L.push('    let bq = off.y + j;');
  L.push(`    let b = ${wgslF32(p.sb)} * g_b0(bq, i, N, key);`);
  for (let d = 0; d < dIn; d++) L.push(`    let w${d} = g_w0(j * ${dIn}u + ${d}u, i, N, key);`);
  for (let a = 0; a < m; a++) {
    let z = 'b';
    for (let d = 0; d < dIn; d++) z = `fma(w${d}, ${wgslF32(sw0 * points[a]![d]!)}, ${z})`;
    L.push(`    let h${a} = act(${z}, ${wgslF32(ci[a]!)});`);
  }
  const acc: string[] = [];
  if (conditional) {
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) { acc.push(`p${a}_${b}`); L.push(`    p${a}_${b} = fma(h${a}, h${b}, p${a}_${b});`); }
  } else {
    L.push('    let w1 = g_w1(off.z + j, i, N, key);');
    for (let a = 0; a < m; a++) { acc.push(`p${a}`); L.push(`    p${a} = fma(w1, h${a}, p${a});`); }
  }
  const fold = acc.map((v) => `s${v.slice(1)} += ${v}; ${v} = 0.0;`).join(' ');

  // per-network values on the tuples (the recursion of tuples.ts, written out)
  const V: string[] = [];
  let statements = 0;
  const nmax = plan.levels.length - 1;
  if (conditional) {
    for (let a = 0; a < m; a++) for (let b = a; b < m; b++) V.push(`  let c${a}_${b} = ${wgslF32(p.sb * p.sb)} + cscale * s${a}_${b};`);
    const cv = (flat: number) => `c${pair(Math.floor(flat / m), flat % m)}`;
    for (let k = 2; k <= nmax; k += 2) {
      const { count, a: A, b: B, fan } = plan.levels[k]!;
      for (let t = 0; t < count; t++) {
        const o = t * fan;
        const rhs = fan === 1 ? cv(A[t]!) : Array.from({ length: fan }, (_, q) => `${cv(A[o + q]!)} * l${k - 2}_${B[o + q]!}`).join(' + ');
        V.push(`  let l${k}_${t} = ${rhs};`);
        statements++;
      }
    }
  } else {
    for (let a = 0; a < m; a++) V.push(`  let l1_${a} = ${wgslF32(p.sb)} * b1 + sw1 * s${a};`);
    for (let k = 2; k <= nmax; k++) {
      const { count, a: A, b: B } = plan.levels[k]!;
      for (let t = 0; t < count; t++) { V.push(`  let l${k}_${t} = l1_${A[t]!} * l${k - 1}_${B[t]!};`); statements++; }
    }
  }
  if (statements > MAX_GPU_STATEMENTS) {
    throw new BudgetExceededError('GPU kernel statements (unique tuples over all levels)', statements, MAX_GPU_STATEMENTS);
  }
  const R: string[] = [];
  plan.ns.forEach((n, q) => {
    const o = plan.offsets[q]!;
    for (let t = 0; t < plan.levels[n]!.count; t++) R.push(`  vals[${o + t}] = select(0.0, l${n}_${t}, live);`);
  });
  const T = plan.tuples.length;
  const offs = streamOffsets(1, dIn); // per-neuron multiples: offsets are linear in N

  return `// nnqft GPU sampler kernel (generated; src/nets/gpu/kernel.ts)
${WGSL_PHILOX}
${WGSL_BOX_MULLER}
${arch.wgsl.source}

struct Job { e: u32, first: u32, count: u32, n: u32, sw1: u32, cscale: u32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<storage, read> jobs: array<Job>;
@group(0) @binding(1) var<storage, read_write> outbuf: array<f32>;
// one tile of per-network values: ${GPU_WORKGROUP} networks × ${COLS} tuples (row stride ${COLS + 1})
var<workgroup> tile: array<f32, ${GPU_WORKGROUP * (COLS + 1)}>;

// one cached block of Gaussians per stream section (sections are read in order, so each block is drawn once)
var<private> cw0: u32 = 0xffffffffu; var<private> gw0: vec4<f32>;
var<private> cb0: u32 = 0xffffffffu; var<private> gb0: vec4<f32>;
var<private> cw1: u32 = 0xffffffffu; var<private> gw1: vec4<f32>;
fn g_w0(q: u32, i: u32, N: u32, key: vec2<u32>) -> f32 {
  if ((q >> 2u) != cw0) { cw0 = q >> 2u; gw0 = gauss4(philox(vec4<u32>(cw0, i, N, 0u), key)); }
  return gw0[q & 3u];
}
fn g_b0(q: u32, i: u32, N: u32, key: vec2<u32>) -> f32 {
  if ((q >> 2u) != cb0) { cb0 = q >> 2u; gb0 = gauss4(philox(vec4<u32>(cb0, i, N, 0u), key)); }
  return gb0[q & 3u];
}
fn g_w1(q: u32, i: u32, N: u32, key: vec2<u32>) -> f32 {
  if ((q >> 2u) != cw1) { cw1 = q >> 2u; gw1 = gauss4(philox(vec4<u32>(cw1, i, N, 0u), key)); }
  return gw1[q & 3u];
}
fn g_one(q: u32, i: u32, N: u32, key: vec2<u32>) -> f32 {
  return gauss4(philox(vec4<u32>(q >> 2u, i, N, 0u), key))[q & 3u];
}

fn two_sum(a: f32, b: f32) -> vec2<f32> {
  let s = a + b; let bb = s - a;
  return vec2<f32>(s, (a - (s - bb)) + (b - bb));
}
// compensated running sum: (hi, lo) += v
fn acc2(s: vec2<f32>, v: f32) -> vec2<f32> { let t = two_sum(s.x, v); return vec2<f32>(t.x, s.y + t.y); }

@compute @workgroup_size(${GPU_WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let job = jobs[wid.x];
  let live = lid < job.count;
  let i = job.first + lid;
  let N = job.n;
  let key = vec2<u32>(${spec.seed >>> 0}u, job.e);
  let sw1 = bitcast<f32>(job.sw1);
  let cscale = bitcast<f32>(job.cscale);
  // section starts (src/nets/streams.ts): W0 at 0, b0 at N·d_in, W1 at N·(d_in+1), b1 at N·(d_in+2)
  let off = vec4<u32>(0u, N * ${offs.b0}u, N * ${offs.w1}u, N * ${offs.b1}u);
${acc.map((v) => `  var ${v} = 0.0; var s${v.slice(1)} = 0.0;`).join('\n')}
  for (var j = 0u; j < N; j++) {
${L.join('\n')}
    if ((j & ${BLOCK - 1}u) == ${BLOCK - 1}u) { ${fold} }
  }
  ${fold}
${conditional ? '' : '  let b1 = g_one(off.w, i, N, key);'}
${V.join('\n')}
  var vals: array<f32, ${T}>;
${R.join('\n')}
  // workgroup reduction, ${COLS} tuples at a time: invocation c < ${COLS} sums column c over the
  // ${GPU_WORKGROUP} networks in row order, invocation ${COLS} + c its squares (compensated sums)
  let base = wid.x * ${4 * T}u;
  let col = lid % ${COLS}u;
  for (var t0 = 0u; t0 < ${T}u; t0 += ${COLS}u) {
    for (var c = 0u; c < ${COLS}u; c++) { tile[lid * ${COLS + 1}u + c] = select(0.0, vals[min(t0 + c, ${T - 1}u)], t0 + c < ${T}u); }
    workgroupBarrier();
    let t = t0 + col;
    if (t < ${T}u) {
      var a = vec2<f32>(0.0, 0.0);
      if (lid < ${COLS}u) {
        for (var r = 0u; r < ${GPU_WORKGROUP}u; r++) { a = acc2(a, tile[r * ${COLS + 1}u + col]); }
        outbuf[base + t] = a.x; outbuf[base + ${T}u + t] = a.y;
      } else {
        for (var r = 0u; r < ${GPU_WORKGROUP}u; r++) { let v = tile[r * ${COLS + 1}u + col]; a = acc2(a, v * v); }
        outbuf[base + ${2 * T}u + t] = a.x; outbuf[base + ${3 * T}u + t] = a.y;
      }
    }
    workgroupBarrier();
  }
}
`;
}
