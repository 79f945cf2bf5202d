import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

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
