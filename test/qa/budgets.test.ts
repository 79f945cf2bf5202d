/**
 * QA regression: predict on 40 inputs at n = 6 (8.15·10⁶ unique tuples) ran for
 * minutes; it must be refused up front with the estimate (BUDGET_EXCEEDED).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { BudgetExceededError } from '../../src/core/errors.js';
import { parseAction } from '../../src/dsl/parse.js';
import { generateDiagrams } from '../../src/diagrams/generate.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';

describe('predict tuple budget', () => {
  const action = parseAction('λ f^4');
  const arch = getArchitecture('erf');
  const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
  const ds = generateDiagrams(action, { n: 6, order: 1 });
  it('40 inputs at n = 6 is refused with the count C(45, 6) = 8 145 060', () => {
    const points = Array.from({ length: 40 }, (_, i) => [i / 40]);
    let err: unknown;
    const t0 = Date.now();
    try { predictCorrelators(action, ds, { arch, params, propagator: 'eft', cutoff: 10, points, n: 6 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(BudgetExceededError);
    expect((err as BudgetExceededError).estimate).toBe(8_145_060);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe('sample --checkpoint-interval', () => {
  it('a negative interval exits 2 with one line (it was accepted)', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const r = runCli(['sample', '--nets', '100', '--no-progress', '--threads', '1', '--checkpoint-interval', '-5', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('sampler sizes that cannot be allocated', () => {
  it('a width whose network does not fit in memory is refused with an estimate, not an allocation error', () => {
    const r = runCli(['sample', '--arch', 'erf', '--width', '1e9', '--nets', '10', '--n', '4', '--json', '--no-progress']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/numbers held per network.*estimated/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
