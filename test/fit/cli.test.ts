import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TABLE5_PUBLISHED } from '../../src/fit/table5.js';
import { fmt } from '../../src/fit/fit.js';

describe('nnqft fit / rg / validate / table5: argument errors', () => {
  const oneLine = (r: { status: number | null; stderr: string; stdout: string }) => {
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  };
  it('bad values exit 2 with one line', () => {
    oneLine(runCli(['fit', 'λ0 f^4', '--arch', 'relu', '--width', '20', '--cutoff', '100', '--train', '1,x']));
    oneLine(runCli(['fit', 'λ0 f^4', '--arch', 'nope', '--width', '20', '--cutoff', '100', '--train', '1,2']));
    oneLine(runCli(['fit', 'λ0 f^4', '--arch', 'relu', '--width', '20', '--cutoff', '100', '--train', '1,2', '--source', 'exact', '--data', 'x.json']));
    oneLine(runCli(['fit', 'λ0 f^4', '--arch', 'relu', '--width', '20', '--cutoff', '100', '--train', '1,2', '--source', 'magic']));
    oneLine(runCli(['rg', '--arch', 'relu', '--width', '20', '--inputs', '1,2', '--cutoffs', '7,-1']));
    oneLine(runCli(['validate', 'λ0 f^4', '--arch', 'relu', '--width', '20', '--cutoff', '100', '--train', '1,2']));
    oneLine(runCli(['table5', '--source', 'magic']));
  });
  it('an unreadable sampler file is an IO error (exit 2)', () => {
    oneLine(runCli(['fit', 'λ0 f^4', '--arch', 'relu', '--sb', '0', '--width', '20', '--cutoff', '100', '--train', '0.2,0.4', '--source', 'sample', '--data', '/nonexistent/run.json']));
  });
});

describe('nnqft table5 (text)', () => {
  it('prints every row with the published couplings (regression: fmt was mapped with the index as its digits, a RangeError)', () => {
    const r = runCli(['table5']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const arch of ['gauss', 'relu', 'erf'] as const) {
      for (const model of ['M0', 'M1', 'M2', 'M3'] as const) {
        const pub = TABLE5_PUBLISHED[arch][model].couplings;
        expect(r.stdout).toContain(`(${pub.map((x) => fmt(x)).join(', ')})`);
      }
    }
  });
});
