import { describe, expect, it } from 'vitest';
import { generateDiagrams } from '../../src/diagrams/generate.js';
import { parseAction } from '../../src/dsl/parse.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { ACTION, firstOrderDiagrams } from './fixtures.js';

// The diagram engine's first-order skeleton G4 and G6 of "λ0 f^4 + κ f^6" (and the Table 5
// action) give the same predictions as the CONVENTIONS §5 diagrams written out by hand.
describe('predictions from the diagram engine equal the hand-written first-order formulas', () => {
  const arch = getArchitecture('erf'), params = resolveParams(arch, {});
  const points = [[-0.6], [0.2], [1]];
  const opts = { arch, params, propagator: 'eft' as const, cutoff: 5, points, relTol: 1e-10 };
  for (const n of [4, 6] as const) {
    it(`G${n}: λ0 f^4 + κ f^6`, () => {
      const act = parseAction('λ0 f^4 + κ f^6');
      const engine = predictCorrelators(act, generateDiagrams(act, { n, order: 1, mode: 'skeleton' }), { ...opts, n, couplings: { λ0: 0.01, κ: 0.003 } });
      const hand = predictCorrelators(ACTION, firstOrderDiagrams(n, [0, 3]), { ...opts, n, couplings: { λ0: 0.01, κ: 0.003 } });
      engine.entries.forEach((e, i) => {
        expect(e.G).toBeCloseTo(hand.entries[i]!.G, 11);
        for (const t of e.terms) {
          const h = hand.entries[i]!.terms.find((u) => JSON.stringify(u.couplings) === JSON.stringify(t.couplings))!;
          expect(Math.abs(t.value - h.value)).toBeLessThan(1e-10 * Math.max(1, Math.abs(h.value)));
        }
      });
    });
  }
  it('G4 of the Table 5 action "(λ0 + λ2 x^2) f^4 + λNL ∫∫ f(x)^2 f(y)^2"', () => {
    const act = parseAction('(λ0 + λ2 x^2) f^4 + λNL ∫∫ f(x)^2 f(y)^2');
    const engine = predictCorrelators(act, generateDiagrams(act, { n: 4, order: 1 }), { ...opts, n: 4 });
    const hand = predictCorrelators(ACTION, firstOrderDiagrams(4, [0, 1, 2]), { ...opts, n: 4 });
    engine.entries.forEach((e, i) => {
      for (const t of e.terms) {
        const h = hand.entries[i]!.terms.find((u) => JSON.stringify(u.couplings) === JSON.stringify(t.couplings))!;
        expect(Math.abs(t.value - h.value)).toBeLessThan(1e-10 * Math.max(1, Math.abs(h.value)));
      }
      expect(e.terms.length).toBe(3);
    });
  });
});
