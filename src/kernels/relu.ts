/**
 * ReLU-net: φ(z) = max(0, z). Arc-cosine kernel of Cho & Saul (2009), as in
 * Halverson, Maiti, Stoner, arXiv:2008.08601, eq. (3.6); CONVENTIONS §1–2.
 */
import { chiMoment, gaussLegendre, lgamma, orthonormalCoordinates } from '../core/gaussRules.js';
import type { Point } from '../core/inputs.js';
import { preactivationCovariance as S, type ArchParams, type Architecture } from './types.js';

export const reluNet: Architecture = {
  name: 'relu',
  title: 'ReLU-net',
  defaults: { sW: 1, sb: 0 },
  phi: (z) => (z > 0 ? z : 0),
  phiBatch(z, out) {
    for (let i = 0; i < z.length; i++) { const v = z[i]!; out[i] = v > 0 ? v : 0; }
  },
  kinks: [0],
  kernel(x, y, p) {
    return p.sb * p.sb + p.sW * p.sW * reluDual(S(x, x, p), S(y, y, p), S(x, y, p));
  },
  tfActivation: (tf, z) => tf.relu(z),
  dual: reluDual,
  moment: reluMoment,
  wgsl: { source: 'fn act(z: f32, c: f32) -> f32 { return max(z, 0.0); }', tolerance: 0 },
};

/** Arc-cosine dual (Cho & Saul 2009): E[relu(u) relu(v)] = √(kxx kyy) (sin t + (π − t) cos t) / (2π), cos t = kxy/√(kxx kyy). */
function reluDual(kxx: number, kyy: number, kxy: number): number {
  const norm = Math.sqrt(kxx * kyy);
  if (norm === 0) return 0; // a zero-variance pre-activation: φ = 0 almost surely
  const c = Math.max(-1, Math.min(1, kxy / norm));
  // sin t as √(1 − c²): exactly 0 at c = ±1, where Math.sin(Math.acos(-1)) is 1.2e-16.
  const t = Math.acos(c);
  return (norm * (Math.sqrt(1 - c * c) + (Math.PI - t) * c)) / (2 * Math.PI);
}

/**
 * Single-neuron moment M_k = E[Π_j max(0, z_j)] (CONVENTIONS §4) by positive
 * homogeneity. Write z_j = c_j · u with u standard normal in R^r (r the rank of
 * the tuple's pre-activation covariance). Then Π_j max(0, z_j) = |u|^k Π_j max(0, c_j · θ)
 * with θ = u/|u|, so M_k = E[|u|^k] · (average over the unit sphere), E[|u|^k] the
 * chi moment. r = 1: the sphere is {±1} and M_k is closed (e.g. σ_b = 0, d_in = 1:
 * M_k = Π|x_j| σ_W^k E[max(0,w)^k] when all x_j share a sign, else 0). r = 2: the
 * angular integrand is a trigonometric polynomial between the kink angles
 * atan2(c_j) ± π/2, integrated by Gauss–Legendre on each arc (exact to rounding).
 * r = 3, 4: the sphere is cut by the great spheres c_j · θ = 0 and integrated
 * cell by cell (sphereIntegral), again exact to rounding; rank 4 costs ~0.3 s a
 * tuple. Higher rank: undefined (the caller integrates numerically).
 */
function reluMoment(points: readonly Point[], p: ArchParams): number | undefined {
  const k = points.length;
  if (k === 0) return 1;
  const s = p.sW / Math.sqrt(p.dIn);
  const vecs = points.map((x) => (p.sb > 0 ? [p.sb, ...x.map((v) => s * v)] : x.map((v) => s * v)));
  const { rank, coords } = orthonormalCoordinates(vecs);
  const scale = Math.max(...vecs.map((v) => Math.hypot(...v)));
  // A zero pre-activation vector means z ≡ 0, so φ = 0 almost surely.
  if (vecs.some((v) => Math.hypot(...v) <= 1e-14 * scale) || rank === 0) return 0;
  if (rank === 1) {
    const c = coords.map((v) => v[0]!);
    const allPos = c.every((t) => t > 0), allNeg = c.every((t) => t < 0);
    if (!allPos && !allNeg) return 0;
    return c.reduce((a, t) => a * Math.abs(t), 1) * 0.5 * chiMoment(1, k);
  }
  if (rank === 2) return chiMoment(2, k) * circleAverage(coords);
  if (rank <= MAX_SPHERE_RANK) return chiMoment(rank, k) * sphereAverage(coords);
  return undefined;
}

/** Nodes per arc: the integrands are trigonometric polynomials of degree <= k on arcs <= π/2. */
const ARC_NODES = 24;

/** Highest rank integrated on the sphere (cost grows like (nodes · kinks)^(r−1) per tuple). */
const MAX_SPHERE_RANK = 4;

/** (1/2π) ∫ Π_j max(0, c_j · (cos t, sin t)) dt, split at the kink angles. */
function circleAverage(coords: readonly (readonly number[])[]): number {
  const brk: number[] = [];
  for (const c of coords) {
    const a = Math.atan2(c[1]!, c[0]!);
    brk.push(a + Math.PI / 2, a - Math.PI / 2);
  }
  const f = (t: number) => {
    const ct = Math.cos(t), st = Math.sin(t);
    let v = 1;
    for (const c of coords) {
      const z = c[0]! * ct + c[1]! * st;
      if (z <= 0) return 0;
      v *= z;
    }
    return v;
  };
  return periodicArcs(brk, f) / (2 * Math.PI);
}

/** ∫_0^{2π} f over arcs split at the given angles (any real numbers) and at most π/2 long, Gauss–Legendre on each. */
function periodicArcs(angles: readonly number[], f: (t: number) => number, order = ARC_NODES): number {
  const tau = 2 * Math.PI;
  const a = [...new Set(angles.map((t) => ((t % tau) + tau) % tau))].sort((x, y) => x - y);
  if (a.length === 0) a.push(0);
  const { x, w } = gaussLegendre(order);
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = a[i]!, hi = i + 1 < a.length ? a[i + 1]! : a[0]! + tau;
    const pieces = Math.max(1, Math.ceil((hi - lo) / (Math.PI / 2)));
    const len = (hi - lo) / pieces;
    for (let q = 0; q < pieces; q++) {
      const mid = lo + (q + 0.5) * len, half = len / 2;
      for (let j = 0; j < x.length; j++) total += w[j]! * half * f(mid + half * x[j]!);
    }
  }
  return total;
}

/**
 * ∫ over the unit sphere S^{dim−1} of f, where f is analytic on every cell of
 * the arrangement of great spheres {θ : n·θ = 0}, n ∈ normals (a product of
 * ReLUs of c_j·θ is, with normals c_j). Spherical coordinates about a pole e
 * that lies on none of the great spheres: θ = sin ψ ω + cos ψ e, ω ∈ S^{dim−2}
 * in e^⊥, dσ = sin^{dim−2}ψ dψ dσ(ω). At fixed ω the kinks in ψ are at
 * cot ψ_j = −(n_j^⊥·ω)/(n_j·e), in (0, π) because n_j·e ≠ 0, so the ψ integral is
 * split there (Gauss–Legendre per piece). The result is analytic in ω except
 * where two kinks meet, ψ_j = ψ_l, i.e. on the great spheres of S^{dim−2} with
 * normals (n_l·e) n_j^⊥ − (n_j·e) n_l^⊥: the ω integral is the same problem one
 * dimension down. On the circle the breakpoints are the zeros of n·θ. Every
 * piece is analytic, so Gauss–Legendre converges geometrically.
 */
function sphereIntegral(dim: number, normals: readonly (readonly number[])[], f: (theta: number[]) => number, order: number): number {
  const norm = (v: readonly number[]) => Math.hypot(...v);
  const dot = (u: readonly number[], v: readonly number[]) => { let s = 0; for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!; return s; };
  const scale = Math.max(0, ...normals.map(norm));
  const ns = normals.filter((n) => norm(n) > 1e-13 * scale).map((n) => { const l = norm(n); return n.map((t) => t / l); });
  if (dim === 1) return f([1]) + f([-1]);
  if (dim === 2) {
    const brk: number[] = [];
    for (const n of ns) { const a = Math.atan2(n[1]!, n[0]!); brk.push(a + Math.PI / 2, a - Math.PI / 2); }
    // The circle keeps the full order: it carries the most arcs and decides the accuracy.
    return periodicArcs(brk, (t) => f([Math.cos(t), Math.sin(t)]));
  }
  // Pole: among the axes and a deterministic quasi-random spread of directions, the one farthest from every great sphere.
  const candidates: number[][] = [];
  for (let d = 0; d < dim; d++) candidates.push(Array.from({ length: dim }, (_, i) => (i === d ? 1 : 0)));
  const alphas = [Math.SQRT2, Math.sqrt(3), Math.sqrt(5), Math.sqrt(7), Math.sqrt(11), Math.sqrt(13), Math.sqrt(17), Math.sqrt(19)];
  for (let i = 1; i <= 96; i++) candidates.push(Array.from({ length: dim }, (_, d) => 2 * ((i * alphas[d % alphas.length]! + d / 7) % 1) - 1));
  let e = candidates[0]!, best = -1;
  for (const c of candidates) {
    const l = norm(c);
    if (l === 0) continue;
    const score = Math.min(...ns.map((n) => Math.abs(dot(n, c)) / l));
    if (score > best) { best = score; e = c.map((t) => t / l); }
  }
  // Orthonormal frame of e^⊥: Gram–Schmidt of the axes, skipping the one most aligned with e.
  const skip = e.reduce((bi, t, i) => (Math.abs(t) > Math.abs(e[bi]!) ? i : bi), 0);
  const B: number[][] = [];
  for (let d = 0; d < dim; d++) {
    if (d === skip) continue;
    const v = Array.from({ length: dim }, (_, i) => (i === d ? 1 : 0));
    for (const q of [e, ...B]) { const c = dot(v, q); for (let i = 0; i < dim; i++) v[i]! -= c * q[i]!; }
    const l = norm(v);
    B.push(v.map((t) => t / l));
  }
  const proj = ns.map((n) => ({ g: dot(n, e), p: B.map((b) => dot(n, b)) }));
  const next: number[][] = [];
  for (let j = 0; j < proj.length; j++) {
    for (let l = j + 1; l < proj.length; l++) next.push(proj[j]!.p.map((t, i) => proj[l]!.g * t - proj[j]!.g * proj[l]!.p[i]!));
  }
  const { x, w } = gaussLegendre(order);
  const inner = (omega: number[]) => {
    const v = new Array<number>(dim).fill(0);
    for (let b = 0; b < B.length; b++) for (let i = 0; i < dim; i++) v[i]! += omega[b]! * B[b]![i]!;
    const kinks = [0, Math.PI];
    for (const { g, p } of proj) {
      const t = Math.atan2(g, -dot(p, omega));
      kinks.push(t > 0 ? t : t + Math.PI);
    }
    kinks.sort((a, b) => a - b);
    let s = 0;
    const theta = new Array<number>(dim);
    for (let i = 0; i + 1 < kinks.length; i++) {
      const lo = kinks[i]!, hi = kinks[i + 1]!;
      if (!(hi > lo)) continue;
      const pieces = Math.ceil((hi - lo) / (Math.PI / 2));
      const len = (hi - lo) / pieces;
      for (let q = 0; q < pieces; q++) {
        const mid = lo + (q + 0.5) * len, half = len / 2;
        for (let a = 0; a < x.length; a++) {
          const psi = mid + half * x[a]!;
          const sp = Math.sin(psi), cp = Math.cos(psi);
          for (let d = 0; d < dim; d++) theta[d] = sp * v[d]! + cp * e[d]!;
          const val = f(theta);
          if (val !== 0) s += w[a]! * half * sp ** (dim - 2) * val;
        }
      }
    }
    return s;
  };
  return sphereIntegral(dim - 1, next, inner, order);
}

/** Average over S^{r−1} of Π_j max(0, c_j·θ). */
function sphereAverage(coords: readonly (readonly number[])[]): number {
  const r = coords[0]!.length;
  const area = (2 * Math.PI ** (r / 2)) / Math.exp(lgamma(r / 2));
  // Repeated points (same coordinates) enter once, with their multiplicity as a power.
  const distinct: { c: readonly number[]; m: number }[] = [];
  for (const c of coords) {
    const d = distinct.find((q) => q.c.every((t, i) => t === c[i]));
    if (d) d.m++;
    else distinct.push({ c, m: 1 });
  }
  const f = (theta: number[]) => {
    let v = 1;
    for (const { c, m } of distinct) {
      let z = 0;
      for (let i = 0; i < r; i++) z += c[i]! * theta[i]!;
      if (z <= 0) return 0;
      v *= m === 1 ? z : z ** m;
    }
    return v;
  };
  // The pieces are trigonometric polynomials of degree <= k + r on arcs <= π/2; at rank 4, 20 nodes
  // per arc on the two inner levels still give ~1e-16 and cut the cost (∝ nodes³ per tuple) by a third.
  return sphereIntegral(r, distinct.map((d) => d.c), f, r >= 4 ? 20 : ARC_NODES) / area;
}
