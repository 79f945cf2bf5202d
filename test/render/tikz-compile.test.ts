/**
 * The TikZ export compiles: every fixture's picture in one document, under pdfLaTeX and
 * LuaLaTeX (the engine tikz-feynman's automatic layouts need). `.ci/run` installs Debian's
 * texlive-latex-base, texlive-pictures (tikz-feynman, pgf) and texlive-luatex; where an engine
 * or tikz-feynman is missing the test is skipped with that reason in its name. The structural
 * checks in tikz.test.ts always run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagramTikz } from '../../src/render/tikz.js';
import { FIXTURES } from './fixtures.js';

const hasFeynman = (spawnSync('kpsewhich', ['tikz-feynman.sty'], { encoding: 'utf8' }).stdout ?? '').trim().length > 0;

describe.each(['pdflatex', 'lualatex'])('TikZ export under %s', (engine) => {
  const hasEngine = spawnSync(engine, ['--version']).status === 0;
  const missing = !hasEngine ? `${engine} is not installed` : !hasFeynman ? 'tikz-feynman.sty is not installed' : '';
  it.skipIf(missing !== '')(`compiles every fixture without a LaTeX error${missing ? ` (skipped: ${missing})` : ''}`, () => {
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
      const r = spawnSync(engine, ['-interaction=nonstopmode', '-halt-on-error', 'd.tex'], { cwd: dir, encoding: 'utf8', timeout: 50_000 });
      expect(r.stdout.split('\n').filter((l) => l.startsWith('!'))).toEqual([]);
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
