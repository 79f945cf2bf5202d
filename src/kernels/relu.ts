/**
 * ReLU-net: φ(z) = max(0, z). Arc-cosine kernel of Cho & Saul (2009), as in
 * Halverson, Maiti, Stoner, arXiv:2008.08601, eq. (3.6); CONVENTIONS §1–2.
 */
import { chiMoment, gaussLegendre, orthonormalCoordinates } from '../core/gaussRules.js';
import type { Point } from '../core/inputs.js';
import { preactivationCovariance as S, type ArchParams, type Architecture } from './types.js';

export const reluNet: Architecture = {
  name: 'relu',
  title: 'ReLU-net',
  defaults: { sW: 1, sb: 0 },
  phi: (z) => (z > 0 ? z : 0),
  kinks: [0],
  kernel(x, y, p) {
    const sxx = S(x, x, p), syy = S(y, y, p);
    const norm = Math.sqrt(sxx * syy);
    if (norm === 0) return p.sb * p.sb; // a zero-variance pre-activation: φ = 0 almost surely
    const c = Math.max(-1, Math.min(1, S(x, y, p) / norm));
    const t = Math.acos(c);
    return p.sb * p.sb + (p.sW * p.sW * norm * (Math.sin(t) + (Math.PI - t) * c)) / (2 * Math.PI);
  },
  moment: reluMoment,
};

/**
 * Single-neuron moment M_k = E[Π_j max(0, z_j)] (CONVENTIONS §4) by positive
 * homogeneity. Write z_j = c_j · u with u standard normal in R^r (r the rank of
 * the tuple's pre-activation covariance). Then Π_j max(0, z_j) = |u|^k Π_j max(0, c_j · θ)
 * with θ = u/|u|, so M_k = E[|u|^k] · (average over the unit sphere), E[|u|^k] the
 * chi moment. r = 1: the sphere is {±1} and M_k is closed (e.g. σ_b = 0, d_in = 1:
 * M_k = Π|x_j| σ_W^k E[max(0,w)^k] when all x_j share a sign, else 0). r = 2: the
 * angular integrand is a trigonometric polynomial between the kink angles
 * atan2(c_j) ± π/2, integrated by Gauss–Legendre on each arc (exact to rounding).
 * r = 3: the sphere is cut by the great circles c_j · θ = 0 (see reluSphere3).
 * Higher rank: undefined (the caller integrates numerically).
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
  if (rank === 3) return chiMoment(3, k) * sphereAverage(coords);
  return undefined;
}

/** Nodes per arc: the integrands are trigonometric polynomials of degree <= k on arcs <= π/2. */
const ARC_NODES = 24;

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
function periodicArcs(angles: readonly number[], f: (t: number) => number): number {
  const tau = 2 * Math.PI;
  const a = [...new Set(angles.map((t) => ((t % tau) + tau) % tau))].sort((x, y) => x - y);
  if (a.length === 0) a.push(0);
  const { x, w } = gaussLegendre(ARC_NODES);
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
 * (1/4π) ∫_{S²} Π_j max(0, c_j · θ) dθ. Spherical coordinates about a pole e
 * that no kink circle passes through: θ = (sin ψ (cos χ a + sin χ b), cos ψ) in
 * the frame (a, b, e). At fixed χ the kinks in ψ are at cot ψ = −(c_j^⊥·ω)/(c_j·e),
 * so the inner integral is split there (exact); the inner result is analytic in χ
 * except where two kinks cross, i.e. at the azimuths of the intersections
 * ±(c_j × c_l) of two kink circles, and where the ψ-kinks of one circle run
 * through a pole (never, by the choice of e). The outer χ integral is split at
 * those azimuths. Every piece is then analytic: Gauss–Legendre converges
 * geometrically.
 */
function sphereAverage(coords: readonly (readonly number[])[]): number {
  // Pole: the direction (among a few candidates) farthest from every kink circle.
  const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((t) => t / n); };
  const cs = coords.map((c) => unit(c.slice()));
  const candidates: number[][] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  for (let i = 0; i < 40; i++) {
    // Deterministic spread of directions (spherical Fibonacci points).
    const zz = 1 - (2 * (i + 0.5)) / 40, r = Math.sqrt(1 - zz * zz), ph = i * 2.399963229728653;
    candidates.push([r * Math.cos(ph), r * Math.sin(ph), zz]);
  }
  let e = candidates[0]!, bestScore = -1;
  for (const c of candidates) {
    const score = Math.min(...cs.map((v) => Math.abs(v[0]! * c[0]! + v[1]! * c[1]! + v[2]! * c[2]!)));
    if (score > bestScore) { bestScore = score; e = c; }
  }
  e = unit(e);
  // Orthonormal frame (a, b, e).
  const pick = Math.abs(e[0]!) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const dot = (u: readonly number[], v: readonly number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const cross = (u: readonly number[], v: readonly number[]) =>
    [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const a = unit(cross(pick, e)), b = cross(e, a);
  // Kink normals in the frame: (α_j, β_j, γ_j) = (c_j·a, c_j·b, c_j·e), γ_j ≠ 0.
  const fr = coords.map((c) => [dot(c, a), dot(c, b), dot(c, e)] as const);
  // Outer breakpoints: azimuths of ±(c_j × c_l).
  const brk: number[] = [];
  for (let j = 0; j < fr.length; j++) {
    for (let l = j + 1; l < fr.length; l++) {
      const v = cross(fr[j]!, fr[l]!);
      if (Math.hypot(v[0]!, v[1]!) < 1e-14 * Math.hypot(...v)) continue; // the crossing is at the pole (not possible) or the circles coincide
      const az = Math.atan2(v[1]!, v[0]!);
      brk.push(az, az + Math.PI);
    }
  }
  const { x, w } = gaussLegendre(ARC_NODES);
  const inner = (chi: number) => {
    const co = Math.cos(chi), si = Math.sin(chi);
    const kinks = [0, Math.PI];
    for (const [al, be, ga] of fr) {
      // c·θ = sin ψ (α cos χ + β sin χ) + γ cos ψ = 0  <=>  cot ψ = −(α cos χ + β sin χ)/γ
      const t = Math.atan2(ga, -(al * co + be * si)); // ψ in (0, π) with that cotangent
      kinks.push(t > 0 ? t : t + Math.PI);
    }
    kinks.sort((p, q) => p - q);
    let s = 0;
    for (let i = 0; i + 1 < kinks.length; i++) {
      const lo = kinks[i]!, hi = kinks[i + 1]!;
      if (hi - lo <= 0) continue;
      const mid = (lo + hi) / 2, half = (hi - lo) / 2;
      for (let q = 0; q < x.length; q++) {
        const psi = mid + half * x[q]!;
        const sp = Math.sin(psi), cp = Math.cos(psi);
        let v = sp; // the area element sin ψ dψ dχ
        for (const [al, be, ga] of fr) {
          const z = sp * (al * co + be * si) + ga * cp;
          if (z <= 0) { v = 0; break; }
          v *= z;
        }
        s += w[q]! * half * v;
      }
    }
    return s;
  };
  return periodicArcs(brk, inner) / (4 * Math.PI);
}
