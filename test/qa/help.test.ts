/**
 * QA: help texts say what the command does. `nnqft sample --arch tanh` samples the
 * paper-erf inputs (there is no paper-tanh preset) while --help promised paper-<arch>.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('sample --help', () => {
  it('states the paper-erf fallback of --inputs and the defaults of --sw/--sb', () => {
    const r = runCli(['sample', '--help']);
    expect(r.status).toBe(0);
    const text = r.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/paper-erf where none exists/);
    expect(text).toMatch(/--sw <x> σ_W \(default: the architecture's\)/);
  });
  it('and the fallback is what sample does for tanh', () => {
    const r = runCli(['sample', '--arch', 'tanh', '--nets', '200', '--threads', '1', '--no-progress', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).points).toEqual([[-1], [-0.6], [-0.2], [0.2], [0.6], [1]]);
  });
});
