/**
 * diagrams/ is the gallery the code produces: regenerate it in memory and
 * compare with the folder (run `npm run gallery` after a change). Also checks
 * the class totals against CONVENTIONS §5: G4 −24 λ and −360 κ; G6 −360 λ =
 * 15 × (−24 λ), −720 κ and −5400 κ = 15 × (−360 κ); no first-order G2 (skeleton).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import { paperGallery, paperGallerySections } from '../../src/render/paper-gallery.js';
import { goldenDiff } from './golden.js';

const DIR = fileURLToPath(new URL('../../diagrams/', import.meta.url));

describe('diagrams/ gallery', () => {
  const files = paperGallery();

  it('matches the files on disk (run npm run gallery when this fails)', () => {
    for (const f of files) {
      expect(existsSync(DIR + f.path), `diagrams/${f.path} missing: run npm run gallery`).toBe(true);
      const disk = readFileSync(DIR + f.path, 'utf8');
      // SVG/TeX numbers with the golden tolerance (float noise across platforms); text exactly.
      const diff = /\.(svg|tex)$/.test(f.path) ? goldenDiff(f.content, disk) : f.content === disk ? undefined : 'differs';
      expect(diff, `diagrams/${f.path} is stale: run npm run gallery`).toBeUndefined();
    }
    const generated = new Set(files.map((f) => f.path));
    const stray = readdirSync(DIR).filter((f) => /\.(svg|tex)$/.test(f) && !generated.has(f));
    expect(stray, 'files the gallery no longer produces').toEqual([]);
  });

  it('has the class totals of CONVENTIONS §5 at first order', () => {
    const totals = (id: string) => paperGallerySections().find((s) => s.id === id)!.diagrams
      .filter((d) => d.order === 1)
      .map((d) => `${d.coefficient.toString()} ${Object.keys(d.couplings).join('')} x${d.multiplicity ?? 1}`)
      .sort();
    expect(totals('g2')).toEqual([]);
    expect(totals('g4')).toEqual(['-24 λ x1', '-360 κ x1']);
    expect(totals('g6')).toEqual(['-360 λ x15', '-5400 κ x15', '-720 κ x1']);
    // Order 0: the Wick pairings, (n−1)!! of them.
    const zero = (id: string) => paperGallerySections().find((s) => s.id === id)!.diagrams.filter((d) => d.order === 0);
    expect(zero('g4').map((d) => d.coefficient.equals(Rational.of(3)))).toEqual([true]);
    expect(zero('g6').map((d) => d.coefficient.equals(Rational.of(15)))).toEqual([true]);
  });
});
