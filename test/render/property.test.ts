/**
 * Random multigraphs (fast-check): any valid diagram renders to well-formed SVG
 * and balanced TikZ, with one element per edge and point, finite coordinates,
 * and the same bytes twice. Guards the layout against NaN and crashes on shapes
 * the fixtures do not cover (many loops, ext–ext lines, multi-local vertices).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import type { Diagram } from '../../src/diagrams/types.js';
import { diagramSvg } from '../../src/render/diagram-svg.js';
import { diagramTikz } from '../../src/render/tikz.js';
import { elements, select } from './xml.js';

const arbDiagram: fc.Arbitrary<Diagram> = fc
  .record({
    nExt: fc.integer({ min: 0, max: 8 }),
    // Points per vertex: 1 (local) or 2–3 (multi-local).
    vertexSizes: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 }),
    edgeSeeds: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 14 }),
    coef: fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 50 })),
  })
  .filter((r) => r.nExt + r.vertexSizes.length > 0)
  .map((r): Diagram => {
    const externals = Array.from({ length: r.nExt }, (_, i) => `x${i + 1}`);
    let next = 1;
    const vertices = r.vertexSizes.map((k, i) => {
      const points = Array.from({ length: k }, () => `y${next++}`);
      return { id: k === 1 ? points[0]! : `v${i + 1}`, term: 'λ f^4', termIndex: 0, points, legs: 4 };
    });
    const all = [...externals, ...vertices.flatMap((v) => v.points)];
    const edges = r.edgeSeeds.map(([a, b]) => [all[a % all.length]!, all[b % all.length]!] as const);
    const couplings: Record<string, number> = vertices.length ? { λ: vertices.length } : {};
    return {
      label: 'random', order: vertices.length, coefficient: Rational.of(r.coef[0], r.coef[1]), symmetryFactor: Rational.ONE,
      couplings, externals, vertices, edges, connected: false, onePI: false,
    };
  });

describe('random diagrams', () => {
  it('render to consistent, finite, deterministic SVG and TikZ', () => {
    fc.assert(
      fc.property(arbDiagram, (d) => {
        const svg = diagramSvg(d);
        expect(svg).not.toMatch(/NaN|Infinity/);
        const els = elements(svg);
        expect([...select(els, 'line', 'propagator'), ...select(els, 'path', 'propagator')]).toHaveLength(d.edges.length);
        expect(select(els, 'circle')).toHaveLength(d.externals.length + d.vertices.reduce((s, v) => s + v.points.length, 0));
        expect(diagramSvg(d)).toBe(svg);
        const tex = diagramTikz(d);
        expect(tex).not.toMatch(/NaN|Infinity/);
        expect((tex.match(/\{/g) ?? []).length).toBe((tex.match(/\}/g) ?? []).length);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
