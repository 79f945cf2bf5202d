/**
 * QA regression: `nnqft exact --arch erf --sw 1e300` printed G = "NaN" everywhere
 * with exit status 0 (σ_W² overflows, ∞ − ∞). It must raise a typed error instead.
 */
import { describe, expect, it } from 'vitest';
import { isNnqftError } from '../../src/core/errors.js';
import { exactCorrelators } from '../../src/exact/correlators.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return isNnqftError(e) ? e.code : 'other'; } return 'none'; };

describe('exact correlators that overflow double precision', () => {
  for (const [name, sW] of [['erf', 1e300], ['relu', 1e200]] as const) {
    it(`${name}, σ_W = ${sW}: NOT_CONVERGED, not NaN`, () => {
      const arch = getArchitecture(name);
      const params = resolveParams(arch, { sW, sb: 0, dIn: 1 });
      expect(code(() => exactCorrelators(arch, params, [[0.5], [1]], { widths: [5], ns: [4] }))).toBe('NOT_CONVERGED');
    });
  }
  it('a tiny width (1e-300) is still finite and accepted', () => {
    const arch = getArchitecture('erf');
    const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
    const r = exactCorrelators(arch, params, [[0.5], [1]], { widths: [1e-300], ns: [4] });
    expect(Number.isFinite(r.results[0]!.m)).toBe(true);
  });
});
