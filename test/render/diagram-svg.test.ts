/**
 * Diagram SVGs: well-formed XML, one drawn element per edge / point / link,
 * lines that really end on their points, captions with the exact coefficient.
 * Expected counts come from the diagram's edge list, not from the renderer.
 */
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import type { Diagram } from '../../src/diagrams/types.js';
import { diagramSvg, diagramCaption } from '../../src/render/diagram-svg.js';
import { FIXTURES, g4Fish, g4Kappa, g4Lambda, g4NonLocal, g6LambdaPair, g6ThreeKappa } from './fixtures.js';
import { elements, num, select, type El } from './xml.js';

/** Independent count of what each edge must become: straight, arc (parallel) or loop. */
function expectedShapes(d: Diagram) {
  const key = (a: string, b: string) => [a, b].sort().join('|');
  const count = new Map<string, number>();
  for (const [a, b] of d.edges) if (a !== b) count.set(key(a, b), (count.get(key(a, b)) ?? 0) + 1);
  const linked = new Set(d.vertices.flatMap((v) => v.points.slice(1).map((p, i) => key(v.points[i]!, p))));
  let loops = 0, arcs = 0, straight = 0;
  for (const [a, b] of d.edges) if (a === b) loops++;
  for (const [k, c] of count) {
    // With a dashed link on the same pair the link takes the straight slot.
    const total = c + (linked.has(k) ? 1 : 0);
    const straightSlots = total % 2 === 1 && !linked.has(k) ? 1 : 0;
    straight += straightSlots;
    arcs += c - straightSlots;
  }
  return { loops, arcs, straight };
}

/** Start and end points of a propagator element in SVG coordinates. */
function ends(e: El): [[number, number], [number, number]] {
  if (e.tag === 'line') return [[num(e, 'x1'), num(e, 'y1')], [num(e, 'x2'), num(e, 'y2')]];
  const nums = (e.attrs.d ?? '').match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)!.map(Number);
  return [[nums[0]!, nums[1]!], [nums[nums.length - 2]!, nums[nums.length - 1]!]];
}

describe('diagramSvg', () => {
  for (const [name, d] of Object.entries(FIXTURES)) {
    describe(name, () => {
      const svg = diagramSvg(d);
      const els = elements(svg);

      it('is an svg document with a viewBox', () => {
        expect(els[0]!.tag).toBe('svg');
        expect(els[0]!.attrs.xmlns).toBe('http://www.w3.org/2000/svg');
        expect(els[0]!.attrs.viewBox).toMatch(/^0 0 [\d.]+ [\d.]+$/);
      });

      it('draws one element per edge, point and link', () => {
        const props = [...select(els, 'line', 'propagator'), ...select(els, 'path', 'propagator')];
        expect(props).toHaveLength(d.edges.length);
        const shapes = expectedShapes(d);
        expect(select(els, 'path', 'propagator', 'self-loop')).toHaveLength(shapes.loops);
        expect(select(els, 'path', 'propagator', 'arc')).toHaveLength(shapes.arcs);
        expect(select(els, 'line', 'propagator')).toHaveLength(shapes.straight);
        expect(select(els, 'circle', 'external')).toHaveLength(d.externals.length);
        const internal = d.vertices.flatMap((v) => v.points);
        expect(select(els, 'circle', 'internal')).toHaveLength(internal.length);
        expect(select(els, 'line', 'link')).toHaveLength(d.vertices.reduce((s, v) => s + v.points.length - 1, 0));
        // Labels name every point.
        expect(select(els, 'text', 'label').map((e) => e.text).sort()).toEqual([...d.externals, ...internal].sort());
      });

      it('ends every line on the circles of its two points', () => {
        const centre = new Map(select(els, 'circle').map((c) => [c.attrs['data-id']!, [num(c, 'cx'), num(c, 'cy')]]));
        const props = [...select(els, 'line', 'propagator'), ...select(els, 'path', 'propagator')];
        // Match drawn ends to edge ends as multisets: each edge's {a, b} must be drawn once.
        const drawn = props.map((e) => ends(e).map(([x, y]) => [...centre].find(([, c]) => Math.hypot(c[0]! - x, c[1]! - y) < 0.02)?.[0]).sort().join('|'));
        const wanted = d.edges.map(([a, b]) => [a, b].sort().join('|'));
        expect(drawn.sort()).toEqual(wanted.sort());
      });

      it('keeps points apart, inside the picture, and labels off the points', () => {
        const [, , w, h] = els[0]!.attrs.viewBox!.split(' ').map(Number);
        const cs = select(els, 'circle').map((c) => [num(c, 'cx'), num(c, 'cy')] as const);
        for (const [x, y] of cs) {
          expect(x).toBeGreaterThan(0); expect(x).toBeLessThan(w!);
          expect(y).toBeGreaterThan(0); expect(y).toBeLessThan(h!);
        }
        for (let i = 0; i < cs.length; i++) for (let j = i + 1; j < cs.length; j++) {
          expect(Math.hypot(cs[i]![0] - cs[j]![0], cs[i]![1] - cs[j]![1])).toBeGreaterThan(25);
        }
        for (const t of select(els, 'text', 'label')) {
          const x = num(t, 'x'), y = num(t, 'y');
          expect(x).toBeGreaterThan(0); expect(x).toBeLessThan(w!);
          expect(y).toBeGreaterThan(0); expect(y).toBeLessThan(h!);
          for (const [cx, cy] of cs) expect(Math.hypot(cx - x, cy - y)).toBeGreaterThan(10);
        }
      });

      it('is byte-for-byte deterministic', () => {
        expect(diagramSvg(d)).toBe(svg);
        // A structurally equal copy (fresh arrays and objects) renders the same.
        const copy: Diagram = {
          ...d,
          externals: [...d.externals],
          edges: d.edges.map((e) => [e[0], e[1]] as const),
          vertices: d.vertices.map((v) => ({ ...v, points: [...v.points] })),
          coefficient: Rational.parse(d.coefficient.toString()),
        };
        expect(diagramSvg(copy)).toBe(svg);
      });
    });
  }

  it('captions the coefficient and coupling monomial with a true minus sign', () => {
    const caption = (d: Diagram) => select(elements(diagramSvg(d)), 'text', 'caption')[0]!.text;
    expect(caption(g4Lambda)).toBe('\u221224 λ');
    expect(caption(g4Kappa)).toBe('\u2212360 κ');
    expect(caption(g4NonLocal)).toBe('\u22128 λNL');
    expect(caption(g4Fish)).toBe('288 λ²');
    expect(caption(g6ThreeKappa)).toBe('\u22121/6 κ³');
    // A topology class: total over 15 labelled diagrams of −24 λ each.
    expect(caption({ ...g6LambdaPair, coefficient: Rational.of(-360), multiplicity: 15 })).toBe('\u2212360 λ = 15 × (\u221224 λ)');
    expect(diagramCaption({ ...g4Lambda, coefficient: Rational.of(3), couplings: {}, multiplicity: 3 })).toBe('3 = 3 × 1');
    expect(() => diagramCaption({ ...g4Lambda, multiplicity: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(caption({ ...g4Lambda, coefficient: Rational.ONE })).toBe('λ');
    expect(caption({ ...g4Lambda, coefficient: Rational.of(-1) })).toBe('\u2212λ');
    expect(diagramCaption({ ...g4Lambda, coefficient: Rational.of(3, 2), couplings: {} })).toBe('3/2');
    expect(select(elements(diagramSvg(g4Lambda, { caption: false })), 'text', 'caption')).toHaveLength(0);
    expect(select(elements(diagramSvg(g4Lambda, { caption: 'my <caption>' })), 'text', 'caption')[0]!.text).toBe('my <caption>');
  });

  it('bends parallel lines to opposite sides', () => {
    const arcs = select(elements(diagramSvg(g4Fish)), 'path', 'arc');
    expect(arcs).toHaveLength(2);
    // Quadratic control points on opposite sides of the straight chord (y of control vs chord).
    const ctrlY = arcs.map((a) => Number(a.attrs.d!.match(/-?\d+(?:\.\d+)?/g)![3]));
    const chordY = ends(arcs[0]!)[0][1];
    expect(Math.sign(ctrlY[0]! - chordY) * Math.sign(ctrlY[1]! - chordY)).toBe(-1);
  });

  it('escapes text for XML', () => {
    const d: Diagram = { ...g4Lambda, label: 'a<b & "c"', couplings: { 'g<&>': 1 } };
    const els = elements(diagramSvg(d));
    expect(select(els, 'text', 'caption')[0]!.text).toBe('\u221224 g<&>');
    expect(els.find((e) => e.tag === 'title')!.text).toContain('a<b & "c"');
  });

  it('rejects edges to unknown points and repeated ids', () => {
    expect(() => diagramSvg({ ...g4Lambda, edges: [...g4Lambda.edges, ['x1', 'y9']] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => diagramSvg({ ...g4Lambda, externals: ['x1', 'x1', 'x3', 'x4'] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => diagramSvg({ ...g4Lambda, vertices: [{ ...g4Lambda.vertices[0]!, points: [] }] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('draws the bare two-point function and a vacuum-free empty diagram', () => {
    const g2: Diagram = { ...g4Lambda, externals: ['x1', 'x2'], vertices: [], edges: [['x1', 'x2']], coefficient: Rational.ONE, couplings: {}, order: 0 };
    const els = elements(diagramSvg(g2));
    expect(select(els, 'line', 'propagator')).toHaveLength(1);
    expect(select(els, 'text', 'caption')[0]!.text).toBe('1');
  });
});
