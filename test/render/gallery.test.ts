/** The gallery builder: one SVG + one TeX per diagram, an index that links only files it writes. */
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import { buildGallery, diagramFiles, propagatorText } from '../../src/render/gallery.js';
import { g4Kappa, g4Lambda, g6Kappa, g6LambdaPair } from './fixtures.js';
import { assertWellFormed } from './xml.js';

describe('buildGallery', () => {
  const files = buildGallery(
    [
      { id: 'g2', title: 'G2', diagrams: [], note: 'Nothing survives at first order in the skeleton convention.' },
      { id: 'g4', title: 'G4', diagrams: [g4Lambda, g4Kappa] },
      { id: 'g6', title: 'G6', diagrams: [{ ...g6LambdaPair, coefficient: Rational.of(-360), multiplicity: 15 }, g6Kappa] },
    ],
    { title: 'Gallery', intro: 'ΔS = λ f⁴ + κ f⁶' },
  );
  const byPath = new Map(files.map((f) => [f.path, f.content]));

  it('writes an SVG and a TikZ file per diagram, a LaTeX document and an index', () => {
    expect(files).toHaveLength(2 * 4 + 2);
    for (const p of ['g4-01', 'g4-02', 'g6-01', 'g6-02']) {
      assertWellFormed(byPath.get(`${p}.svg`)!);
      expect(byPath.get(`${p}.tex`)).toContain('\\begin{feynman}');
    }
    expect(byPath.get('gallery.tex')!.match(/\\input\{/g)).toHaveLength(4);
    expect(new Set(files.map((f) => f.path)).size).toBe(files.length);
  });

  it('links from the index only files it writes, with coefficients and multiplicities', () => {
    const md = byPath.get('README.md')!;
    const links = [...md.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBe(8);
    for (const l of links) expect(byPath.has(l)).toBe(true);
    for (const l of byPath.get('gallery.tex')!.matchAll(/\\input\{([^}]+)\}/g)) expect(byPath.has(l[1]!)).toBe(true);
    expect(md).toContain('| 1 | ![g6-01](g6-01.svg) | 1 | \u2212360 λ | 15 | \u221224 λ |');
    expect(md).toContain('| 2 | ![g4-02](g4-02.svg) | 1 | \u2212360 κ | 1 | \u2212360 κ |');
    expect(md).toContain('Nothing survives');
    expect(md).toContain(propagatorText(g4Kappa));
  });

  it('is deterministic and refuses bad or repeated section ids', () => {
    expect(buildGallery([{ id: 'g4', title: 'G4', diagrams: [g4Lambda] }], { title: 't' }))
      .toEqual(buildGallery([{ id: 'g4', title: 'G4', diagrams: [g4Lambda] }], { title: 't' }));
    expect(() => buildGallery([{ id: 'a/b', title: '', diagrams: [] }], { title: 't' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => buildGallery([{ id: 'a', title: '', diagrams: [] }, { id: 'a', title: '', diagrams: [] }], { title: 't' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('diagramFiles', () => {
  it('names one SVG (and TeX on request) per diagram, in order', () => {
    const ds = [g4Lambda, g4Kappa, g6Kappa];
    expect(diagramFiles(ds).map((f) => f.path)).toEqual(['diagram-01.svg', 'diagram-02.svg', 'diagram-03.svg']);
    const both = diagramFiles(ds, { tikz: true, stem: 'g4' });
    expect(both.map((f) => f.path)).toEqual(['g4-01.svg', 'g4-01.tex', 'g4-02.svg', 'g4-02.tex', 'g4-03.svg', 'g4-03.tex']);
    expect(diagramFiles(ds, { svg: false, tikz: true, standaloneTikz: true })[0]!.content).toContain('\\documentclass');
    expect(diagramFiles(Array.from({ length: 120 }, () => g4Lambda))[0]!.path).toBe('diagram-001.svg');
    expect(() => diagramFiles(ds, { stem: '../x' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
