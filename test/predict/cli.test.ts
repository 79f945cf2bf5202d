import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

// Gauss-net, σ_W = 1, Λ = ∞: ∫ Π_i K_EFT(x_i, y) dy = exp(-(1/2)(Σx² − 4μ²)) √(2π/4), μ = mean of the x_i.
const I4 = (xs: number[]) => {
  const mu = xs.reduce((a, b) => a + b, 0) / 4, q = xs.reduce((a, b) => a + b * b, 0) - 4 * mu * mu;
  return Math.exp(-q / 2) * Math.sqrt(Math.PI / 2);
};

describe('nnqft predict', () => {
  it('--json: entries on every unique tuple, terms at unit couplings, G = GP + Σ coupling × term', () => {
    const r = runCli(['predict', 'λ f^4', '--arch', 'gauss', '--cutoff', 'inf', '--inputs', '0.01,0.02', '--n', '4', '--couplings', 'λ=0.5', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.entries.length).toBe(5);
    for (const e of doc.entries) {
      const xs = e.index.map((i: number) => [0.01, 0.02][i]);
      expect(e.terms.length).toBe(1);
      expect(e.terms[0].couplings).toEqual({ λ: 1 });
      expect(Math.abs(e.terms[0].value - -24 * I4(xs)) / (24 * I4(xs))).toBeLessThan(1e-9);
      expect(e.G).toBeCloseTo(e.GP + 0.5 * e.terms[0].value, 10);
    }
  });
  it('text output is a table', () => {
    const r = runCli(['predict', 'λ f^4', '--arch', 'erf', '--cutoff', '10', '--inputs', '0.2,0.4', '--n', '4']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/index\s+GP\s+λ term/);
  });
  it('divergence and bad options: exit 2 with one line on stderr', () => {
    for (const args of [
      ['predict', 'λ f^4', '--arch', 'relu', '--cutoff', 'inf', '--inputs', '0.2,0.4', '--json'],
      ['predict', 'λ f^4', '--arch', 'gauss', '--cutoff', '10', '--inputs', '0.2', '--couplings', 'λ=abc'],
      ['predict', 'λ f^4', '--arch', 'gauss', '--cutoff', '10', '--inputs', '0.2', '--couplings', 'κ=1'],
      ['predict', 'λ f^4', '--activation', 'log(z)', '--cutoff', '10', '--inputs', '0.2'],
      ['predict', 'λ f^4', '--arch', 'gauss', '--cutoff', '10', '--inputs', '0.2', '--custom-kernel', 'x+'],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n').length).toBe(1);
      expect(r.stdout).toBe('');
    }
  });
  it('--activation and --custom-kernel', () => {
    const r = runCli(['predict', 'λ f^4', '--activation', 'erf(z)', '--cutoff', '2', '--inputs', '0.3', '--rel-tol', '1e-6', '--json']);
    const s = runCli(['predict', 'λ f^4', '--arch', 'erf', '--cutoff', '2', '--inputs', '0.3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout).entries[0].terms[0].value, b = JSON.parse(s.stdout).entries[0].terms[0].value;
    expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-6);
    const c = runCli(['predict', 'λ f^4', '--arch', 'gauss', '--sw', '1', '--cutoff', 'inf', '--inputs', '0.01', '--custom-kernel', 'exp(-(x-y)^2/2)', '--json']);
    expect(c.status, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).entries[0].terms[0].value).toBeCloseTo(-24 * I4([0.01, 0.01, 0.01, 0.01]), 9);
  });
});
