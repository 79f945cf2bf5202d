/** `nnqft diagrams … --svg DIR` / `--tikz`, run as a user would (built CLI). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { elements, select } from './xml.js';

const ACTION = 'λ f^4 + κ f^6';
const tmp = mkdtempSync(join(tmpdir(), 'nnqft-render-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('nnqft diagrams --svg / --tikz', () => {
  it('writes one SVG per topology class', () => {
    const dir = join(tmp, 'classes');
    const r = runCli(['diagrams', ACTION, '--n', '4', '--order', '1', '--group', 'topology', '--svg', dir]);
    expect(r.status, r.stderr).toBe(0);
    // G4 at orders 0..1, skeleton, by topology: the pairings, the λ cross, the κ cross with a loop.
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['diagram-01.svg', 'diagram-02.svg', 'diagram-03.svg']);
    expect(r.stdout).toContain(`wrote 3 files to ${dir}`);
    const edges = files.map((f) => {
      const els = elements(readFileSync(join(dir, f), 'utf8'));
      expect(select(els, 'circle', 'external')).toHaveLength(4);
      return [...select(els, 'line', 'propagator'), ...select(els, 'path', 'propagator')].length;
    });
    expect(edges.sort()).toEqual([2, 4, 5]);
  });

  it('writes one SVG per labelled diagram, with .tex files on --tikz, and keeps --json to one document', () => {
    const dir = join(tmp, 'labelled');
    const r = runCli(['diagrams', ACTION, '--n', '4', '--order', '1', '--svg', dir, '--tikz', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { diagrams: unknown[] };
    const files = readdirSync(dir);
    // Labelled: 3 pairings + 1 λ cross + 1 κ cross = 5 diagrams, an SVG and a .tex each.
    expect(files.filter((f) => f.endsWith('.svg'))).toHaveLength(doc.diagrams.length);
    expect(files.filter((f) => f.endsWith('.tex'))).toHaveLength(doc.diagrams.length);
    expect(doc.diagrams).toHaveLength(5);
  });

  it('prints TikZ pictures on --tikz alone', () => {
    const r = runCli(['diagrams', ACTION, '--n', '6', '--order', '1', '--group', 'topology', '--tikz']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.match(/\\begin\{tikzpicture\}/g)).toHaveLength(4);
    expect(r.stdout).toContain('-5400\\,\\kappa = 15\\times\\left(-360\\,\\kappa\\right)');
  });

  it('refuses --tikz with --json but no --svg, and an unwritable directory, with exit 2', () => {
    expect(runCli(['diagrams', ACTION, '--n', '4', '--order', '1', '--tikz', '--json']).status).toBe(2);
    const file = join(tmp, 'plain-file');
    writeFileSync(file, 'x');
    const r = runCli(['diagrams', ACTION, '--n', '4', '--order', '1', '--svg', join(file, 'sub')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nnqft: /);
  });
});
