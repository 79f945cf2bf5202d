/**
 * QA regression: Math.max(...xs) over 10⁵+ elements overflows the call stack.
 * `nnqft diagrams "λ f^4 + κ f^6" --n 6 --order 4` (the readable table) and
 * `nnqft exact --arch tanh` with ~1.3·10⁵ moment tuples died with "internal error:
 * Maximum call stack size exceeded".
 */
import { describe, expect, it } from 'vitest';
import { integrateTuples } from '../../src/exact/quadrature.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { formatTable } from '../../cli/run.js';

describe('large tables', () => {
  it('formatTable with 200 000 rows', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [i, 'x'.repeat(i % 7)]);
    const t = formatTable(['i', 'pad'], rows);
    expect(t.split('\n')[1]).toBe('------  ------');
  });
  it('integrateTuples with 150 000 tuples: E[erf(z)²], z ~ N(0, 1), is (2/π) asin(2/3) for each', () => {
    const arch = getArchitecture('erf');
    const p = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
    const tuples = Array.from({ length: 150_000 }, () => [0, 0]);
    const res = integrateTuples(arch, p, [[0.5]], [[1]], tuples);
    const exact = (2 / Math.PI) * Math.asin(2 / 3);
    expect(res).toHaveLength(150_000);
    expect(Math.abs(res[149_999]!.value - exact)).toBeLessThan(1e-10);
  });
});
