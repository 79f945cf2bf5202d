/**
 * QA regression: `nnqft rg` with two cutoffs printed "slope = -5 ± NaN" and
 * "slopeStdError": "NaN" in the JSON. Two points fix a line exactly: the error is
 * not defined; the JSON says null and stderr says why (one note line).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('rg with two cutoffs', () => {
  const args = ['rg', '--arch', 'relu', '--sb', '0', '--width', '20', '--inputs', '0.5,1', '--cutoffs', '7,10'];
  it('JSON: slopeStdError null, slope −5 (ReLU, σ_b = 0: λ ∝ Λ⁻⁵), a note on stderr, no NaN on stdout', () => {
    const r = runCli([...args, '--json']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/NaN/);
    const doc = JSON.parse(r.stdout);
    expect(doc.slopeStdError).toBeNull();
    expect(doc.slope).toBeCloseTo(-5, 10);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('text: no "± NaN"', () => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/NaN/);
  });
  it('three cutoffs: a finite error, no note', () => {
    const r = runCli([...args.slice(0, -1), '7,10,20', '--json']);
    expect(typeof JSON.parse(r.stdout).slopeStdError).toBe('number');
    expect(r.stderr).toBe('');
  });
});

describe('fit with features that all vanish', () => {
  it('κ f³ (no first-order G4 diagram): rank 0 said in words, not an empty "fix only:" list', () => {
    const r = runCli(['fit', 'κ f^3', '--arch', 'gauss', '--width', '1000', '--cutoff', 'inf', '--train', '0.01,0.02', '--test', '0.03']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/rank 0 of 1/);
    expect(r.stdout).not.toMatch(/fix only/);
  });
});
