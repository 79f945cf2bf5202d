/**
 * Quadrature and cubature rules used by the adaptive integrators: the
 * 7-point Gauss / 15-point Kronrod pair (Piessens et al., QUADPACK, 1983) and
 * the Genz–Malik degree-7 rule with its embedded degree-5 rule (Genz & Malik,
 * J. Comput. Appl. Math. 6 (1980) 295), for the diagram integrals of
 * CONVENTIONS §5 (Halverson, Maiti, Stoner, arXiv:2008.08601 §4).
 */

/** Kronrod abscissae on [-1, 1], non-negative half (x = 0 last). */
export const GK15_X = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
] as const;
/** Kronrod weights matching {@link GK15_X}. */
export const GK15_WK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
] as const;
/** Gauss weights on the odd-indexed Kronrod abscissae 1, 3, 5 and 7 (x = 0). */
export const G7_W = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
] as const;

/** One Genz–Malik point on the reference cube [-1,1]^d and which weight class it belongs to. */
export interface GenzMalikRule {
  readonly dim: number;
  /** Points, flattened: point i is coords[i*dim .. i*dim+dim). */
  readonly coords: Float64Array;
  /** Degree-7 weight of each point (weights sum to 1: multiply by the box volume). */
  readonly w7: Float64Array;
  /** Degree-5 weight of each point. */
  readonly w5: Float64Array;
  /** For axis i: indices of the points ±λ2 e_i and ±λ3 e_i (for the fourth difference that picks the split axis). */
  readonly axis: readonly { l2: [number, number]; l3: [number, number] }[];
  /** Ratio (λ2/λ3)² used in the fourth difference. */
  readonly ratio: number;
}

/** Builds the Genz–Malik rule in `dim` >= 2 dimensions (1 + 4d + 2d(d-1) + 2^d points). */
export function genzMalikRule(dim: number): GenzMalikRule {
  const l2 = Math.sqrt(9 / 70), l3 = Math.sqrt(9 / 10), l4 = Math.sqrt(9 / 10), l5 = Math.sqrt(9 / 19);
  const n = dim;
  const W7 = [(12824 - 9120 * n + 400 * n * n) / 19683, 980 / 6561, (1820 - 400 * n) / 19683, 200 / 19683, 6859 / 19683 / 2 ** n];
  const W5 = [(729 - 950 * n + 50 * n * n) / 729, 245 / 486, (265 - 100 * n) / 1458, 25 / 729, 0];
  const pts: number[][] = [], cls: number[] = [];
  const add = (p: number[], c: number) => { pts.push(p); cls.push(c); };
  add(new Array(n).fill(0), 0);
  const axis: { l2: [number, number]; l3: [number, number] }[] = [];
  for (let i = 0; i < n; i++) {
    const e = (s: number) => { const p = new Array(n).fill(0); p[i] = s; return p; };
    const a = pts.length; add(e(l2), 1); add(e(-l2), 1);
    const b = pts.length; add(e(l3), 2); add(e(-l3), 2);
    axis.push({ l2: [a, a + 1], l3: [b, b + 1] });
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
    for (const si of [1, -1]) for (const sj of [1, -1]) {
      const p = new Array(n).fill(0); p[i] = si * l4; p[j] = sj * l4; add(p, 3);
    }
  }
  for (let mask = 0; mask < 2 ** n; mask++) add(Array.from({ length: n }, (_, i) => ((mask >> i) & 1 ? -l5 : l5)), 4);
  return {
    dim,
    coords: Float64Array.from(pts.flat()),
    w7: Float64Array.from(cls.map((c) => W7[c]!)),
    w5: Float64Array.from(cls.map((c) => W5[c]!)),
    axis,
    ratio: (l2 / l3) ** 2,
  };
}

/**
 * Gauss–Hermite rule for ∫ e^{-x²} g(x) dx with n nodes (Newton iteration on
 * the normalised Hermite recurrence; Numerical Recipes §4.5 "gauher").
 * Exact for polynomials of degree 2n−1.
 */
export function gaussHermite(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n), w = new Float64Array(n);
  const PIM4 = 0.7511255444649425; // π^{-1/4}
  const m = Math.floor((n + 1) / 2);
  let z = 0, pp = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    for (let it = 0; it < 100; it++) {
      let p1 = PIM4, p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z; x[n - 1 - i] = -z;
    w[i] = w[n - 1 - i] = 2 / (pp * pp);
  }
  return { x, w };
}
