/**
 * The TikZ export compiles: every fixture's picture in one pdfLaTeX document.
 * Runs only where pdflatex and tikz-feynman are installed (skipped otherwise,
 * e.g. in CI without TeX); the structural checks in tikz.test.ts always run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagramTikz } from '../../src/render/tikz.js';
import { FIXTURES } from './fixtures.js';

const hasTex = spawnSync('kpsewhich', ['tikz-feynman.sty'], { encoding: 'utf8' }).stdout?.trim().length > 0
  && spawnSync('pdflatex', ['--version']).status === 0;

describe('TikZ export under pdfLaTeX', () => {
  it.skipIf(!hasTex)('compiles every fixture without a LaTeX error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnqft-tikz-'));
    try {
      const doc = [
        '\\documentclass{article}',
        '\\usepackage[compat=1.1.0]{tikz-feynman}',
        '\\begin{document}',
        ...Object.values(FIXTURES).map((d) => diagramTikz(d) + '\\quad'),
        '\\end{document}',
      ].join('\n');
      writeFileSync(join(dir, 'd.tex'), doc);
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'd.tex'], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
      expect(r.stdout.split('\n').filter((l) => l.startsWith('!'))).toEqual([]);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
