import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rational } from '../../src/core/rational.js';
import type { Action } from '../../src/dsl/types.js';
import { generateDiagrams } from '../../src/diagrams/generate.js';
import { diagramSum, seriesToStrings, term, zeroDimSeries } from './oracle.js';

// Random small actions (1–3 terms, local or bilocal, powers 1..4, random rational prefactors):
// the full diagram sum must equal the zero-dimensional series (CONVENTIONS §5) for every n and order.
const termArb = fc.record({
  powers: fc.oneof(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 1 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 })),
  num: fc.integer({ min: -3, max: 3 }).filter((x) => x !== 0),
  den: fc.integer({ min: 1, max: 4 }),
});

describe('property: random actions against the zero-dimensional series', () => {
  it('full-mode sums equal the exact series (n ≤ 4, order ≤ 2)', () => {
    let ran = 0;
    fc.assert(
      fc.property(fc.array(termArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 2 }), (ts, n, K) => {
        const action: Action = { terms: ts.map((t, i) => term(`g${i}`, t.powers, Rational.of(t.num, t.den))) };
        const legs = Math.max(...ts.map((t) => t.powers.reduce((a, b) => a + b, 0)));
        if (n + K * legs > 14) return; // keep each case small
        ran++;
        const ds = generateDiagrams(action, { n, order: K, mode: 'full' });
        expect(seriesToStrings(diagramSum(ds, ts.length, K))).toEqual(seriesToStrings(zeroDimSeries(action, n, K)));
      }),
      { numRuns: 80, seed: 20260401 },
    );
    expect(ran).toBeGreaterThan(40);
  });
});
