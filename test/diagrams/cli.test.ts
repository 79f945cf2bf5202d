import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('nnqft diagrams', () => {
  it('--json: the documented shape; seed G4 first order', () => {
    const r = runCli(['diagrams', 'λf⁴+κf⁶', '--n', '4', '--order', '1', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['n', 'order', 'mode', 'diagrams']);
    expect(doc).toMatchObject({ n: 4, order: 1, mode: 'skeleton' });
    const lam = doc.diagrams.find((d: { couplings: Record<string, number> }) => d.couplings['λ'] === 1);
    expect(lam).toEqual({
      label: lam.label, order: 1, coefficient: '-24', symmetryFactor: '1', couplings: { λ: 1 },
      externals: ['x1', 'x2', 'x3', 'x4'],
      vertices: [{ id: 'y1', term: 'λ f^4', points: ['y1'], legs: 4 }],
      edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1']],
      connected: true, onePI: true,
    });
    expect(doc.diagrams.filter((d: { order: number }) => d.order === 0).map((d: { coefficient: string }) => d.coefficient)).toEqual(['1', '1', '1']);
  });
  it('--group topology: class totals and multiplicities (G6: −360 λ, −720 and −5400 κ)', () => {
    const r = runCli(['diagrams', 'lambda*f^4 + kappa*f^6', '--n', '6', '--order', '1', '--group', 'topology', '--json']);
    expect(r.status).toBe(0);
    const ds = JSON.parse(r.stdout).diagrams as { coefficient: string; multiplicity: number; couplings: Record<string, number> }[];
    expect(ds.filter((d) => d.couplings.kappa).map((d) => d.coefficient).sort()).toEqual(['-5400', '-720']);
    expect(ds.filter((d) => d.couplings.lambda).map((d) => [d.coefficient, d.multiplicity])).toEqual([['-360', 15]]);
  });
  it('--mode full, table and --latex', () => {
    const t = runCli(['diagrams', 'λ f^4', '--n', '4', '--order', '1', '--mode', 'full']);
    expect(t.status).toBe(0);
    expect(t.stdout).toContain('-12');
    expect(t.stdout).toContain('10 diagrams');
    const l = runCli(['diagrams', 'λ f^4', '--n', '4', '--order', '1', '--latex']);
    expect(l.status).toBe(0);
    expect(l.stdout).toContain('- 24 \\lambda \\int d^{d}y_{1}');
  });
  it('errors: one line on stderr, exit 2 (syntax, bad option, budget)', () => {
    for (const args of [
      ['diagrams', 'λ f^^4', '--n', '4', '--order', '1'],
      ['diagrams', 'λ f^4', '--n', '-1', '--order', '1'],
      ['diagrams', 'λ f^4', '--n', '4', '--order', '1', '--mode', 'half'],
      ['diagrams', 'λf⁴+κf⁶', '--n', '8', '--order', '9'],
    ]) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
