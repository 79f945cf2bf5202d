import { describe, expect, it } from 'vitest';
import { getArchitecture } from '../../src/kernels/registry.js';
import { diagonalDerivatives, pairDerivatives } from '../../src/width/derivatives.js';

/**
 * Analytic derivatives of the closed-form duals, derived by hand here, against the library's difference
 * quotients: in y = (A, B, ρ), F(A, B, ρ) = dual(A, B, ρ√(AB)).
 *
 * ReLU (arc-cosine, Cho & Saul): F = √(AB) J(ρ), J(ρ) = (√(1−ρ²) + (π − acos ρ) ρ)/(2π),
 * J'(ρ) = (π − acos ρ)/(2π) (the degree-0 arc-cosine kernel), J''(ρ) = 1/(2π√(1−ρ²)).
 *
 * erf (arcsine, Williams): F = (2/π) asin(u), u = 2ρ√(AB)/√((1+2A)(1+2B)); with
 * ∂u/∂A = u (1/(2A) − 1/(1+2A)), ∂u/∂ρ = u/ρ, ∂F/∂y = (2/π) (1−u²)^{-1/2} ∂u/∂y, and
 * ∂²F/∂ρ² = (2/π) u (1−u²)^{-3/2} (u/ρ)².
 * Diagonal, erf: E erf(z)² = (2/π) asin(2v/(1+2v)), d/dv = (4/π) (1+2v)^{-1} (1+4v)^{-1/2},
 * d²/dv² = −(8/π) [(1+2v)^{-2}(1+4v)^{-1/2} + (1+2v)^{-1}(1+4v)^{-3/2}].
 */
const within = (got: number, want: number, err: number, cap = 1e-8) => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(err + 1e-14 * Math.abs(want));
  expect(Math.abs(got - want)).toBeLessThanOrEqual(cap * Math.max(1, Math.abs(want)));
};

describe('dual derivatives: difference quotients = analytic derivatives (within the reported errors)', () => {
  const relu = getArchitecture('relu'), erf = getArchitecture('erf');
  for (const [A, B, rho] of [[1.5, 0.8, 0.6], [0.3, 2.2, -0.35], [1, 1, 0.95], [4, 0.5, 0]] as const) {
    it(`ReLU at A = ${A}, B = ${B}, ρ = ${rho}: gradient and full Hessian`, () => {
      const s = Math.sqrt(A * B);
      const J = (Math.sqrt(1 - rho * rho) + (Math.PI - Math.acos(rho)) * rho) / (2 * Math.PI);
      const J1 = (Math.PI - Math.acos(rho)) / (2 * Math.PI), J2 = 1 / (2 * Math.PI * Math.sqrt(1 - rho * rho));
      const d = pairDerivatives(relu, A, B, rho);
      within(d.value, s * J, 1e-15);
      const grad = [(s / (2 * A)) * J, (s / (2 * B)) * J, s * J1];
      const hess = [
        [(-s / (4 * A * A)) * J, J / (4 * s), (s / (2 * A)) * J1],
        [J / (4 * s), (-s / (4 * B * B)) * J, (s / (2 * B)) * J1],
        [(s / (2 * A)) * J1, (s / (2 * B)) * J1, s * J2],
      ];
      for (let i = 0; i < 3; i++) {
        within(d.grad[i]!, grad[i]!, d.gradErr[i]!);
        // Near ρ = 1 the arc-cosine dual's ∂²/∂ρ² grows like (1−ρ²)^{-1/2}: the quotient is less accurate there (and says so).
        for (let j = 0; j < 3; j++) within(d.hess[i]![j]!, hess[i]![j]!, d.hessErr[i]![j]!, Math.abs(rho) > 0.9 ? 1e-7 : 1e-8);
      }
      expect(d.collinear).toBe(false);
    });
    it(`erf at A = ${A}, B = ${B}, ρ = ${rho}: gradient and ∂²F/∂ρ²`, () => {
      const q = Math.sqrt((1 + 2 * A) * (1 + 2 * B)), u = (2 * rho * Math.sqrt(A * B)) / q;
      const c = (2 / Math.PI) / Math.sqrt(1 - u * u);
      const d = pairDerivatives(erf, A, B, rho);
      within(d.value, (2 / Math.PI) * Math.asin(u), 1e-15);
      within(d.grad[0], c * u * (1 / (2 * A) - 1 / (1 + 2 * A)), d.gradErr[0]);
      within(d.grad[1], c * u * (1 / (2 * B) - 1 / (1 + 2 * B)), d.gradErr[1]);
      const du = (2 * Math.sqrt(A * B)) / q; // ∂u/∂ρ
      within(d.grad[2], c * du, d.gradErr[2]);
      within(d.hess[2]![2]!, (2 / Math.PI) * u * (1 - u * u) ** -1.5 * du * du, d.hessErr[2]![2]!);
    });
  }
  it('erf diagonal E erf(z)², z ~ N(0, v): first and second derivative', () => {
    for (const v of [0.1, 1, 3.7]) {
      const d = diagonalDerivatives(erf, v);
      within(d.d1, (4 / Math.PI) / ((1 + 2 * v) * Math.sqrt(1 + 4 * v)), d.d1Err);
      within(d.d2, -(8 / Math.PI) * ((1 + 2 * v) ** -2 * (1 + 4 * v) ** -0.5 + (1 + 2 * v) ** -1 * (1 + 4 * v) ** -1.5), d.d2Err);
    }
  });
  it('collinear pairs (|ρ| = 1): ρ-derivatives are dropped, the variance derivatives stay exact', () => {
    const d = pairDerivatives(relu, 2, 0.5, 1);
    expect(d.collinear).toBe(true);
    expect(d.grad[2]).toBe(0);
    within(d.grad[0], 0.5 * Math.sqrt(0.5 / 2) * 0.5, d.gradErr[0]); // F = √(AB)/2 at ρ = 1
  });
  it('tanh (no closed form): the trapezoidal rules agree with a Gauss–Hermite-free check of E tanh² and its derivative', () => {
    const tanh = getArchitecture('tanh');
    // d/dv E[tanh(√v t)²] = E[tanh(√v t) tanh'(√v t) t/√v] (differentiating under the integral), by Simpson here.
    const v = 0.9, sv = Math.sqrt(v);
    let f = 0, g = 0;
    const N = 4000, L = 10, h = (2 * L) / N;
    for (let i = 0; i <= N; i++) {
      const t = -L + i * h, wt = (i === 0 || i === N ? 1 : i % 2 ? 4 : 2) * (h / 3) * Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
      const th = Math.tanh(sv * t);
      f += wt * th * th;
      g += wt * th * (1 - th * th) * t / sv;
    }
    const d = diagonalDerivatives(tanh, v);
    within(d.value, f, 1e-12);
    within(d.d1, g, d.d1Err);
  });
});
