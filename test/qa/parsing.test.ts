/**
 * QA regressions in option parsing: "1,,2" was read as {1, 2}; predict ignored an
 * unknown coupling name (`--couplings "λ=1,μ=2"`: μ silently dropped) and took the
 * last of a repeated one (`λ=1,λ=2`).
 */
import { describe, expect, it } from 'vitest';
import { isNnqftError } from '../../src/core/errors.js';
import { parseInputs, parseNumberList } from '../../src/core/inputs.js';
import { parseAction } from '../../src/dsl/parse.js';
import { generateDiagrams } from '../../src/diagrams/generate.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { predictCorrelators } from '../../src/predict/predict.js';
import { runCli } from '../helpers/cli.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return isNnqftError(e) ? e.code : 'other'; } return 'none'; };

describe('empty fields in lists', () => {
  it('parseInputs refuses "1,,2", ",1", "1,2,", "1,,2; 3,4"; keeps "1, 2" and a trailing ";"', () => {
    for (const bad of ['1,,2', ',1', '1,2,', '1 2,, 3; 3 4 5']) expect(code(() => parseInputs(bad)), bad).toBe('INVALID_ARGUMENT');
    expect(parseInputs('1, 2')).toEqual([[1], [2]]);
    expect(parseInputs('1 2; 3 4;')).toEqual([[1, 2], [3, 4]]);
  });
  it('parseNumberList refuses "5,,10"', () => {
    expect(code(() => parseNumberList('5,,10', 'width'))).toBe('INVALID_ARGUMENT');
    expect(parseNumberList('5, 10', 'width')).toEqual([5, 10]);
  });
});

describe('predict couplings', () => {
  const action = parseAction('λ f^4 + κ f^3');
  const arch = getArchitecture('gauss');
  const params = resolveParams(arch, { sW: 1, sb: 1, dIn: 1 });
  const ds = generateDiagrams(action, { n: 4, order: 1 });
  const run = (couplings: Record<string, number>) =>
    predictCorrelators(action, ds, { arch, params, propagator: 'eft', cutoff: 10, points: [[0.2]], n: 4, couplings });
  it('an unknown coupling name is INVALID_ARGUMENT', () => {
    expect(code(() => run({ λ: 1, μ: 2 }))).toBe('INVALID_ARGUMENT');
  });
  it('a coupling of the action absent from these diagrams (κ of f³ in first-order G4) is accepted', () => {
    expect(code(() => run({ λ: 1, κ: 2 }))).toBe('none');
  });
  it('CLI: a repeated coupling exits 2 with one line', () => {
    const r = runCli(['predict', 'λ f^4', '--arch', 'gauss', '--cutoff', '10', '--inputs', '0.2', '--couplings', 'λ=1,λ=2', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
