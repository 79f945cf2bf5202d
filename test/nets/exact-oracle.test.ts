// The sampler against the exact finite-width engine (src/exact): z-scores of ΔG4 and ΔG6
// for every registered architecture, d_in = 1 and 2, two widths. Fixed seeds; 20 experiments
// per run, so each error bar has 19 degrees of freedom and |z| < 5 is a > 4σ-safe bound.
// (Moderate σ_b for the Gauss-net: see the note in the test.)
import { describe, expect, it } from 'vitest';
import { exactCorrelators } from '../../src/exact/correlators.js';
import { ARCHITECTURES, resolveParams } from '../../src/kernels/registry.js';
import { sampleCorrelators } from '../../src/nets/sample.js';

const SETS: Record<string, number[][][]> = {
  erf: [[[-1], [0.2], [1]], [[-1, 0.5], [1, 1]]],
  relu: [[[0.2], [0.6], [1.2]], [[0.5, 1], [1, 0.5]]],
  gauss: [[[-0.01], [0.002], [0.01]], [[-0.01, 0.01], [0.01, 0.01]]],
};

describe('sampler vs exact finite-width correlators (|z| < 5)', () => {
  for (const arch of ARCHITECTURES) {
    for (const pts of SETS[arch.name] ?? [[[-1], [0.5], [1]]]) {
      it(`${arch.name}, d_in = ${pts[0]!.length}`, async () => {
        // Gauss-net at σ_b = 1 has log-normal tails so heavy (φ⁴ ~ e^{4z}) that 1e4–1e5 networks
        // cannot resolve ΔG4, ΔG6 (the sample mean sits low, its error bar too small); σ_b = 0.3 can.
        const p = resolveParams(arch, { dIn: pts[0]!.length, sb: arch.name === 'gauss' ? 0.3 : undefined });
        const widths = [2, 6], ns = [4, 6];
        const exact = exactCorrelators(arch, p, pts, { widths, ns });
        let checked = 0;
        for (const estimator of ['conditional', 'plain'] as const) {
          const mc = await sampleCorrelators(arch, p, pts, { widths, ns, nets: 16000, experiments: 20, seed: 17, threads: 1, estimator });
          for (const res of mc.results) {
            const ex = exact.results.find((r) => r.width === res.width && r.n === res.n)!;
            res.entries.forEach((e, k) => {
              const x = ex.entries[k]!;
              expect(e.index).toEqual(x.index);
              expect(e.GP).toBeCloseTo(x.GP, 10);
              const z = (e.delta!.mean - x.delta) / e.delta!.stdError;
              expect(Math.abs(z), `${estimator} ${res.width}/${res.n} ${e.index}`).toBeLessThan(5);
              checked++;
            });
          }
        }
        expect(checked).toBeGreaterThan(40);
      });
    }
  }
});
