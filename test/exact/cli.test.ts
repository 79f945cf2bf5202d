import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('nnqft exact', () => {
  it('--json prints the documented shape', () => {
    const r = runCli(['exact', '--arch', 'erf', '--sw', '1', '--sb', '1', '--width', '2,5,1000', '--inputs', '-1,-0.6,0.2', '--n', '4,6', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(['results', 'slopes']);
    expect(doc.results).toHaveLength(6);
    const first = doc.results[0];
    expect(Object.keys(first).sort()).toEqual(['entries', 'm', 'mConnected', 'n', 'width']);
    expect([first.width, first.n]).toEqual([2, 4]);
    expect(first.entries).toHaveLength(15); // C(3 + 4 − 1, 4)
    expect(Object.keys(first.entries[0]).sort()).toEqual(['G', 'GP', 'connected', 'delta', 'index']);
    expect(Object.keys(doc.slopes).sort()).toEqual(['4', '6']);
    expect(doc.slopes['4']).toBeCloseTo(-1, 10);
  });
  it('--sb 0 ReLU-net (singular covariance) with the paper preset, and the readable table', () => {
    const r = runCli(['exact', '--arch', 'relu', '--sb', '0', '--inputs', 'paper-relu', '--width', '5', '--n', '4']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('m_n');
    // ΔG4/G_GP = 3.75/0.75/N = 1 at N = 5 for every tuple (CONVENTIONS §4).
    expect(r.stdout).toMatch(/\b5\s+4\s+126\s+1\.00000/);
  });
  it('without --inputs: the architecture\'s paper preset, else paper-erf (as `nnqft sample`)', () => {
    const args = ['exact', '--arch', 'tanh', '--width', '5', '--n', '2', '--json'];
    const dflt = runCli(args), erfSet = runCli([...args, '--inputs', 'paper-erf']);
    expect(dflt.status).toBe(0);
    expect(JSON.parse(dflt.stdout)).toEqual(JSON.parse(erfSet.stdout));
    expect(JSON.parse(dflt.stdout).results[0].entries).toHaveLength(21); // C(6 + 2 − 1, 2): the 6 paper-erf inputs
  });
  it('d_in = 2 inputs set d_in; --din must agree', () => {
    const ok = runCli(['exact', '--arch', 'gauss', '--inputs', 'paper-gauss-2d', '--width', '10', '--n', '4', '--json']);
    expect(ok.status).toBe(0);
    const bad = runCli(['exact', '--arch', 'gauss', '--inputs', 'paper-gauss-2d', '--din', '3', '--n', '4']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('bad input: one line on stderr, exit 2', () => {
    for (const args of [['--arch', 'nope'], ['--arch', 'erf', '--n', '3'], ['--arch', 'erf', '--width', '-1'], ['--arch', 'erf', '--sw', '0']]) {
      const r = runCli(['exact', ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
