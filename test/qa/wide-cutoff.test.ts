/**
 * QA regression: a finite but wide cutoff must not lose unit-scale structure.
 * Before the fix, G7K15 on [−10⁴, 10⁴] had no node inside a Gauss-net propagator
 * bump, reported error 0 and returned 0 ("converged"), and `nnqft rg --arch gauss`
 * failed with "all features vanish" at Λ = 10⁴. Oracles: Gaussian integrals.
 */
import { describe, expect, it } from 'vitest';
import { integrate1D, integrateVector } from '../../src/integrate/adaptive.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from '../predict/fixtures.js';

const bump = (y: number, c: number) => Math.exp(-((y - c) ** 2));

describe('wide finite ranges', () => {
  for (const L of [1e3, 1e4, 1e8, 1e20]) {
    it(`integrate1D: a unit bump at 0.2 and at 3.7 on [−${L}, ${L}] is √π`, () => {
      for (const c of [0.2, 3.7]) {
        const e = integrate1D((y) => bump(y, c), -L, L, { relTol: 1e-10 });
        expect(Math.abs(e.value - Math.sqrt(Math.PI))).toBeLessThan(1e-8);
        expect(Math.abs(e.value - Math.sqrt(Math.PI))).toBeLessThanOrEqual(e.absError);
      }
    });
    it(`integrateVector, 1 and 2 dimensions, on [−${L}, ${L}]^d`, () => {
      const one = integrateVector((y, out) => { out[0] = bump(y[0]!, 0.2); }, 1, 1, { lower: -L, upper: L, relTol: 1e-10 });
      expect(one[0]!.value).toBeCloseTo(Math.sqrt(Math.PI), 8);
      const two = integrateVector((y, out) => { out[0] = bump(y[0]!, 0.2) * bump(y[1]!, -0.5); }, 2, 1, { lower: -L, upper: L, relTol: 1e-9 });
      expect(two[0]!.value).toBeCloseTo(Math.PI, 7);
    });
  }

  it('Gauss-net λ0 f⁴ term at Λ = 10⁴ equals −24∫ΠK_EFT = −24·√(π/2) at one input (the Λ = ∞ value)', () => {
    const arch = getArchitecture('gauss');
    const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
    for (const cutoff of [1e4, 1e6]) {
      const r = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 1]), { arch, params, propagator: 'eft', cutoff, points: [[0.2]], n: 4 });
      const lam = r.entries[0]!.terms.find((t) => Object.keys(t.couplings)[0] === 'λ0')!;
      expect(Math.abs(lam.value / (-24 * Math.sqrt(Math.PI / 2)) - 1)).toBeLessThan(1e-8);
      expect(Math.abs(lam.value)).toBeGreaterThan(1);
    }
  });
});
