/**
 * QA regression: accuracy controls of the exact engine. `nnqft exact --max-nodes 1`
 * hung (the rule coarsening loop cannot get under a unit ball's worth of nodes) and
 * `--tol 0` / `--tol -1` were accepted silently.
 */
import { describe, expect, it } from 'vitest';
import { isNnqftError } from '../../src/core/errors.js';
import { correlatorPolynomials } from '../../src/exact/correlators.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { runCli } from '../helpers/cli.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return isNnqftError(e) ? e.code : 'other'; } return 'none'; };

describe('exact engine accuracy options', () => {
  const erf = getArchitecture('erf');
  const p = resolveParams(erf, { sW: 1, sb: 1, dIn: 1 });
  const pts = [[-1], [0.2], [1]];
  for (const bad of [{ tol: 0 }, { tol: -1 }, { tol: Number.NaN }, { tol: 2 }, { maxNodes: 1 }, { maxNodes: 0 }, { maxNodes: 2.5 }]) {
    it(`refuses ${JSON.stringify(bad)} with INVALID_ARGUMENT (also for closed-form architectures)`, () => {
      expect(code(() => correlatorPolynomials(erf, p, pts, [4], bad))).toBe('INVALID_ARGUMENT');
      const relu = getArchitecture('relu');
      expect(code(() => correlatorPolynomials(relu, resolveParams(relu, { sW: 1, sb: 0, dIn: 1 }), [[0.5], [1]], [4], bad))).toBe('INVALID_ARGUMENT');
    });
  }
  it('the smallest budget accepted terminates', () => {
    const r = correlatorPolynomials(erf, p, pts, [2], { maxNodes: 100 });
    expect(r.polynomials.get(2)!.length).toBe(6);
  });
  it('CLI: --max-nodes 1 exits 2 with one line, promptly', () => {
    const r = runCli(['exact', '--arch', 'erf', '--max-nodes', '1', '--json'], { timeoutMs: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
