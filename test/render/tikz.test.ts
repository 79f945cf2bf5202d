/**
 * TikZ-Feynman export: balanced braces and environments, one `\vertex` per
 * point, one edge per propagator (plus one dashed edge per multi-local link),
 * loops and bends where the edge list says so, and the exact coefficient.
 */
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src/core/rational.js';
import type { Diagram } from '../../src/diagrams/types.js';
import { diagramTikz } from '../../src/render/tikz.js';
import { FIXTURES, g4Fish, g4Kappa, g4Lambda, g4NonLocal, g6ThreeKappa } from './fixtures.js';

/** Braces balance (ignoring escaped \{ \}) and \begin/\end nest properly. */
function checkBalanced(tex: string): void {
  let depth = 0;
  const body = tex.replace(/\\[{}]/g, '');
  for (const ch of body) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    expect(depth).toBeGreaterThanOrEqual(0);
  }
  expect(depth).toBe(0);
  const stack: string[] = [];
  for (const m of tex.matchAll(/\\(begin|end)\{([^}]+)\}/g)) {
    if (m[1] === 'begin') stack.push(m[2]!);
    else expect(stack.pop()).toBe(m[2]);
  }
  expect(stack).toEqual([]);
}

/** The edges of the `\diagram*{…}` block, one per comma-separated entry. */
function diagramEdges(tex: string): string[] {
  const m = /\\diagram\*\s*\{([\s\S]*?)\n\s*\};/.exec(tex);
  if (!m) return [];
  return m[1]!.split(/,\n/).map((s) => s.trim()).filter(Boolean);
}

describe('diagramTikz', () => {
  for (const [name, d] of Object.entries(FIXTURES)) {
    it(`${name}: balanced, one vertex per point, one edge per propagator`, () => {
      const tex = diagramTikz(d);
      checkBalanced(tex);
      expect(tex).toMatch(/\\begin\{tikzpicture\}\s*\n\\begin\{feynman\}/);
      const points = [...d.externals, ...d.vertices.flatMap((v) => v.points)];
      const vertexNames = [...tex.matchAll(/\\vertex(?:\[[^\]]*\]|\[[^\]]*\{[^}]*\}[^\]]*\])? \((\w+)\)/g)].map((m) => m[1]!);
      expect(vertexNames).toHaveLength(points.length);
      expect(new Set(vertexNames).size).toBe(points.length);
      expect((tex.match(/\\vertex\[dot/g) ?? []).length).toBe(points.length - d.externals.length);
      const edges = diagramEdges(tex);
      // Self-loops are drawn after the \diagram* block as closed Bézier curves.
      const loops = [...tex.matchAll(/^\s*\\draw \((\w+)\.center\) \.\. controls \+\(-?\d+:[\d.]+\) and \+\(-?\d+:[\d.]+\) \.\. \((\w+)\.center\);$/gm)];
      for (const m of loops) expect(m[1]).toBe(m[2]);
      const links = d.vertices.reduce((s, v) => s + v.points.length - 1, 0);
      expect(edges.length + loops.length).toBe(d.edges.length + links);
      expect(loops).toHaveLength(d.edges.filter(([a, b]) => a === b).length);
      // Each edge joins two declared vertices; the multiset of joined pairs is the edge list.
      const nameOf = new Map(points.map((p) => [`p${p}`, p]));
      const pairs = edges.filter((e) => !e.includes('dashed')).map((e) => {
        const m = /^\((\w+)\) -- \[[^\]]*\] \((\w+)\)$/.exec(e);
        expect(m, e).not.toBeNull();
        return [nameOf.get(m![1]!), nameOf.get(m![2]!)].sort().join('|');
      });
      for (const m of loops) pairs.push([nameOf.get(m[1]!), nameOf.get(m[1]!)].join('|'));
      expect(pairs.sort()).toEqual(d.edges.map(([a, b]) => [a, b].sort().join('|')).sort());
      expect(edges.filter((e) => e.includes('dashed'))).toHaveLength(links);
    });
  }

  it('bends parallel lines to both sides and draws the dashed multi-local link', () => {
    const fish = diagramEdges(diagramTikz(g4Fish));
    expect(fish.filter((e) => e.includes('bend left'))).toHaveLength(1);
    expect(fish.filter((e) => e.includes('bend right'))).toHaveLength(1);
    expect(diagramEdges(diagramTikz(g4NonLocal)).filter((e) => e === '(py1) -- [dashed] (py2)')).toHaveLength(1);
    // Three parallel lines: one straight, one each side.
    const three = diagramEdges(diagramTikz(g6ThreeKappa)).filter((e) => e.includes('(py2)') && e.includes('(py3)'));
    expect(three).toHaveLength(3);
    expect(three.filter((e) => e.includes('bend'))).toHaveLength(2);
  });

  it('writes the coefficient in LaTeX', () => {
    expect(diagramTikz(g4Lambda)).toContain('{\\(-24\\,\\lambda\\)}');
    expect(diagramTikz(g4Kappa)).toContain('{\\(-360\\,\\kappa\\)}');
    expect(diagramTikz(g4NonLocal)).toContain('\\lambda_{\\mathrm{NL}}');
    expect(diagramTikz(g4Fish)).toContain('288\\,\\lambda^{2}');
    expect(diagramTikz(g6ThreeKappa)).toContain('-\\frac{1}{6}\\,\\kappa^{3}');
    expect(diagramTikz({ ...g4Lambda, coefficient: Rational.of(-72), multiplicity: 3 } as Diagram)).toContain('{\\(-72\\,\\lambda = 3\\times\\left(-24\\,\\lambda\\right)\\)}');
    expect(diagramTikz(g4Lambda, { caption: false })).not.toContain('\\node');
    expect(diagramTikz(g4Lambda)).toContain('\\(x_{1}\\)');
  });

  it('wraps a compilable standalone document on request', () => {
    const tex = diagramTikz(g4Lambda, { standalone: true });
    checkBalanced(tex);
    expect(tex.startsWith('\\documentclass')).toBe(true);
    expect(tex).toContain('\\usepackage[compat=1.1.0]{tikz-feynman}');
    expect(tex.trimEnd().endsWith('\\end{document}')).toBe(true);
  });

  it('is deterministic and rejects a broken diagram', () => {
    expect(diagramTikz(g6ThreeKappa)).toBe(diagramTikz(g6ThreeKappa));
    expect(() => diagramTikz({ ...g4Lambda, edges: [['x1', 'nowhere']] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
