import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('nnqft action', () => {
  it('--json: canonical form, terms with exact prefactors, dimension', () => {
    // Inside the frame ∫ d^1x [ … ] x is integrated already: the multi-local term adds ∫ d^1y.
    const r = runCli(['action', 'S = S_GP + ∫ d^1x [ λ/4! f(x)^4 + λNL ∫ d^1y f(x)² f(y)² + λ2 x² f⁴ ]', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.canonical).toBe('∫ d^1x [ 1/24 λ f^4 + λNL ∫ d^1y f(x)^2 f(y)^2 + λ2 x^2 f^4 ]');
    expect(doc.dimension).toBe(1);
    expect(doc.terms).toEqual([
      { couplings: { λ: 1 }, prefactor: '1/24', weight: {}, points: [{ variable: 'x', power: 4 }] },
      { couplings: { λNL: 1 }, prefactor: '1', weight: {}, points: [{ variable: 'x', power: 2 }, { variable: 'y', power: 2 }] },
      { couplings: { λ2: 1 }, prefactor: '1', weight: { x: 2 }, points: [{ variable: 'x', power: 4 }] },
    ]);
  });
  it('table output', () => {
    // A leading '-' would read as an option: '--' ends the options, as usual.
    const r = runCli(['action', '--', '-g f^3 + (1/2) m f^2']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('-g f^3 + 1/2 m f^2');
    expect(r.stdout).toMatch(/couplings\s+prefactor\s+weight\s+points/);
    expect(r.stdout).toMatch(/m\s+1\/2\s+-\s+f\(x\)\^2/);
  });
  it('bad text: one line on stderr with line and column, exit 2', () => {
    const r = runCli(['action', 'λ f^4 +\n  κ f^(6)']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/line 2, column 7/);
  });
  it('integrals that do not match the fields: one line naming the counts, exit 2', () => {
    const r = runCli(['action', 'λ ∫∫ dx dy f(x)^4']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^nnqft: line 1, column 4: 2 integrals but .* 1 point \(x\)/);
  });
});
