/** nnqft fit / validate / rg with --layers (CONVENTIONS §8): refusals in one line, the target in JSON and text. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const oneLine = (r: { status: number | null; stderr: string; stdout: string }) => {
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stdout).toBe('');
  return r.stderr;
};
const base = ['--arch', 'erf', '--sb', '0.4', '--cutoff', '3'];

describe('deep fits: refusals', () => {
  it('--source exact at depth 2 names finite-width and sample (fit, validate, rg)', () => {
    for (const args of [
      ['fit', 'λ f^4', ...base, '--layers', '20,20', '--train', '0.2,0.5'],
      ['validate', 'λ f^4', ...base, '--layers', '20,20', '--train', '0.2,0.5', '--test', '0.3,0.7'],
      ['rg', '--arch', 'erf', '--layers', '20,20', '--inputs', '0.2,0.5', '--cutoffs', '3,5'],
    ]) {
      const e = oneLine(runCli(args));
      expect(e).toMatch(/--source finite-width/);
      expect(e).toMatch(/--source sample/);
    }
  });
  it('--width and --layers together, or neither, are refused', () => {
    expect(oneLine(runCli(['fit', 'λ f^4', ...base, '--width', '20', '--layers', '20,20', '--train', '0.2,0.5']))).toMatch(/not both/);
    expect(oneLine(runCli(['fit', 'λ f^4', ...base, '--train', '0.2,0.5']))).toMatch(/--width N .* or --layers/);
    expect(oneLine(runCli(['rg', '--arch', 'erf', '--inputs', '0.2,0.5', '--cutoffs', '3,5']))).toMatch(/--layers/);
  });
});

describe('deep fits: the target in the output', () => {
  it('fit --layers 20,20 --source finite-width --json: layers and target "connected"', () => {
    const r = runCli(['fit', 'λ f^4', ...base, '--layers', '20,20', '--train', '0.2,0.5', '--source', 'finite-width', '--json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.layers).toEqual([20, 20]);
    expect(j.target).toBe('connected');
    expect(j.couplings['λ'].value).toBeLessThan(0);
  });
  it('the text names the connected target; one hidden layer keeps ΔG4', () => {
    const r = runCli(['fit', 'λ f^4', ...base, '--layers', '20,20', '--train', '0.2,0.5', '--source', 'finite-width', '--no-progress']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^target: G4c = G4 − Σ₃ G2·G2 with the dressed G2 \(connected\)/);
    const one = runCli(['fit', 'λ f^4', ...base, '--width', '20', '--train', '0.2,0.5', '--json', '--no-progress']);
    expect(one.status).toBe(0);
    const j = JSON.parse(one.stdout);
    expect(j.layers).toEqual([20]);
    expect(j.target).toBe('delta');
  });
  it('one hidden layer: finite-width and exact give the same λ (the recursion is the exact 1/N term there)', () => {
    const args = ['fit', 'λ f^4', ...base, '--width', '20', '--train', '0.2,0.5', '--json', '--no-progress'];
    const a = JSON.parse(runCli(args).stdout), b = JSON.parse(runCli([...args, '--source', 'finite-width']).stdout);
    expect(Math.abs(a.couplings['λ'].value - b.couplings['λ'].value)).toBeLessThan(1e-7 * Math.abs(a.couplings['λ'].value));
  });
  it('fit --layers 10,10 --source sample --json: target "connected", errors from replicas', () => {
    const r = runCli(['fit', 'λ f^4', ...base, '--layers', '10,10', '--train', '0.2,0.5', '--source', 'sample', '--nets', '2000', '--experiments', '3', '--json', '--no-progress']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.target).toBe('connected');
    expect(j.layers).toEqual([10, 10]);
    expect(j.errors).toBe('replicas');
    expect(j.replicas).toBe(3);
    // connected targets are fitted unweighted (cli/commands/fit.ts: fitSetup)
    expect(j.weighted).toBe(false);
  });
  it('rg --layers 20,20 --source finite-width --json: target "connected"', () => {
    const r = runCli(['rg', '--arch', 'erf', '--sb', '0.4', '--layers', '20,20', '--inputs', '0.2,0.5', '--cutoffs', '3,5,8', '--source', 'finite-width', '--json', '--no-progress']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.target).toBe('connected');
    expect(j.layers).toEqual([20, 20]);
    expect(j.points).toHaveLength(3);
  });
});

describe('deep fits from a sampler file (--data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnqft-deepfit-'));
  const sampled = (ns: string) => {
    const r = runCli(['sample', '--arch', 'erf', '--sb', '0.4', '--layers', '10,10', '--nets', '2000', '--inputs', '0.2,0.5', '--n', ns, '--json', '--no-progress']);
    expect(r.status).toBe(0);
    const f = join(dir, `s${ns.replace(/,/g, '')}.json`);
    writeFileSync(f, r.stdout);
    return f;
  };
  const fit = (f: string, net: string[]) => runCli(['fit', 'λ f^4', ...base, ...net, '--train', '0.2,0.5', '--source', 'sample', '--data', f, '--json', '--no-progress']);
  it('uses the file\'s G2 for the connected target; refuses a file without G2, or of other networks, in one line', () => {
    const f24 = sampled('2,4'), f4 = sampled('4');
    const ok = fit(f24, ['--layers', '10,10']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).target).toBe('connected');
    expect(oneLine(fit(f4, ['--layers', '10,10']))).toMatch(/2-point entries/);
    expect(oneLine(fit(f24, ['--layers', '10,20']))).toMatch(/holds layers 10,10, not --layers 10,20/);
    expect(oneLine(fit(f24, ['--width', '10']))).toMatch(/deep networks.*--layers/);
    rmSync(dir, { recursive: true, force: true });
  });
});
