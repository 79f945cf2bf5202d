/**
 * Skeleton mode with odd actions (CONVENTIONS §5): the skeleton rule is exact only
 * for even actions, so a term of odd total field power must produce a warning, in
 * the library (diagramWarnings), in the JSON document and on the CLI's stderr.
 */
import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/dsl/parse.js';
import { diagramWarnings } from '../../src/diagrams/generate.js';
import { diagramsDocument } from '../../src/diagrams/json.js';
import { runCli } from '../helpers/cli.js';

const warn = (text: string, mode?: 'skeleton' | 'full') => diagramWarnings(parseAction(text), mode);

describe('diagramWarnings', () => {
  it('skeleton (explicit or default) with an odd term: one warning naming the odd terms only', () => {
    for (const mode of ['skeleton', undefined] as const) {
      const w = warn('g f^3', mode);
      expect(w).toHaveLength(1);
      expect(w[0]).toContain('g f^3');
    }
    const mixed = warn('λ f^4 + g f^3 + h ∫∫ f(x)^2 f(y) + m f(x) f(y)');
    expect(mixed).toHaveLength(1);
    expect(mixed[0]).toContain('g f^3');
    expect(mixed[0]).toContain('h ∫∫ f(x)^2 f(y)');
    expect(mixed[0]).not.toContain('λ f^4');
    expect(mixed[0]).not.toContain('m ∫∫');
    expect(warn('-f')).toHaveLength(1);
  });
  it('none for even actions (the total power counts, not each point\'s) and none in full mode', () => {
    for (const t of ['λ f^4 + κ f^6', 'λNL ∫∫ f(x)^2 f(y)^2', 'm ∫∫ f(x) f(y)', '(λ0 + λ2 x^2) f^4', '0']) expect(warn(t)).toEqual([]);
    expect(warn('g f^3', 'full')).toEqual([]);
    expect(warn('λ f^4 + g f^3', 'full')).toEqual([]);
  });
  it('diagramsDocument appends warnings only when there are some', () => {
    const meta = { n: 2, order: 0, mode: 'skeleton' as const };
    expect(Object.keys(diagramsDocument([], meta))).toEqual(['n', 'order', 'mode', 'diagrams']);
    expect(Object.keys(diagramsDocument([], { ...meta, warnings: [] }))).toEqual(['n', 'order', 'mode', 'diagrams']);
    expect(diagramsDocument([], { ...meta, warnings: ['w'] }).warnings).toEqual(['w']);
  });
});

describe('nnqft diagrams: the warning on stderr and in the JSON', () => {
  it('g f^3 skeleton warns; full mode and even actions do not', () => {
    const odd = runCli(['diagrams', 'g f^3', '--n', '1', '--order', '1', '--json']);
    expect(odd.status).toBe(0);
    expect(odd.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nnqft: warning: skeleton .*g f\^3/)]);
    expect(JSON.parse(odd.stdout).warnings).toEqual([odd.stderr.trim().slice('nnqft: warning: '.length)]);
    const full = runCli(['diagrams', 'g f^3', '--n', '1', '--order', '1', '--mode', 'full', '--json']);
    expect(full.status).toBe(0);
    expect(full.stderr).toBe('');
    expect(JSON.parse(full.stdout)).not.toHaveProperty('warnings');
    const even = runCli(['diagrams', 'λ f^4', '--n', '2', '--order', '1']);
    expect(even.status).toBe(0);
    expect(even.stderr).toBe('');
  });
});

describe('nnqft predict: the same warning on stderr', () => {
  it('g f^3 skeleton warns; full mode does not', () => {
    const args = ['predict', 'g f^3', '--arch', 'erf', '--cutoff', '2', '--inputs', '0.2, 0.5', '--n', '2', '--order', '1', '--json'];
    const odd = runCli(args);
    expect(odd.status).toBe(0);
    expect(odd.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^nnqft: warning: skeleton .*g f\^3/)]);
    const full = runCli([...args, '--mode', 'full']);
    expect(full.status).toBe(0);
    expect(full.stderr).toBe('');
  });
});
