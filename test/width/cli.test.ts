import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('nnqft finite-width', () => {
  it('--json prints the documented shape; ReLU bias-free: ΔG4/G_GP = Σ_l 5/n_l on every tuple (collinear inputs)', () => {
    const r = runCli(['finite-width', '--arch', 'relu', '--sb', '0', '--layers', '10,20', '--inputs', '0.5,1', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    for (const k of ['layers', 'n', 'entries', 'method', 'truncation', 'kernel', 'kernelShift', 'note', 'm', 'mConnected', 'network', 'inputs']) expect(doc).toHaveProperty(k);
    expect(doc.layers).toEqual([10, 20]);
    expect(doc.n).toBe(4);
    expect(doc.method).toBe('leading-1/n');
    expect(doc.truncation).toBe('O(1/n^2)');
    expect(doc.entries).toHaveLength(5); // C(2 + 4 − 1, 4)
    expect(Object.keys(doc.entries[0]).sort()).toEqual(['G', 'GP', 'absError', 'connected', 'delta', 'index']);
    for (const e of doc.entries) expect(e.delta / e.GP).toBeCloseTo(5 / 10 + 5 / 20, 8);
  });
  it('--scale sweeps every width together: results ∝ 1/scale', () => {
    const r = runCli(['finite-width', '--arch', 'erf', '--layers', '6,3', '--inputs', '-1,0.5', '--scale', '1,2', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.scales).toEqual([1, 2]);
    expect(doc.results.map((x: { layers: number[] }) => x.layers)).toEqual([[6, 3], [12, 6]]);
    expect(doc.results[1].entries[0].connected * 2).toBeCloseTo(doc.results[0].entries[0].connected, 12);
  });
  it('the text table states the truncation', () => {
    const r = runCli(['finite-width', '--arch', 'erf', '--width', '5', '--inputs', '-1,1', '--entries']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('O(1/n^2)');
    expect(r.stdout).toContain('m_4');
  });
  it('n ≠ 2, 4, missing widths, Gauss-net depth 2: one line, exit 2', () => {
    for (const args of [
      ['finite-width', '--arch', 'erf', '--layers', '5,5', '--n', '6'],
      ['finite-width', '--arch', 'erf'],
      ['finite-width', '--arch', 'gauss', '--layers', '5,5'],
      ['finite-width', '--arch', 'erf', '--layers', '5,5', '--width', '3'],
    ]) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
