/**
 * Hand-built diagrams (src/diagrams/types.ts) for the renderer tests: the
 * first-order pieces of the paper's λf⁴ + κf⁶ expansion (CONVENTIONS §5), a
 * non-local λNL vertex (CONVENTIONS §6, model M3), and higher-order diagrams
 * with parallel lines. Coefficients are the ones CONVENTIONS states (or, for the
 * second-order fish, the Wick count worked out in the comment).
 */
import { Rational } from '../../src/core/rational.js';
import type { Diagram, DiagramVertex } from '../../src/diagrams/types.js';

const ext = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1}`);

function vertex(id: string, term: string, termIndex: number, legs: number, points: string[] = [id]): DiagramVertex {
  return { id, term, termIndex, points, legs };
}

function diagram(p: Partial<Diagram> & Pick<Diagram, 'externals' | 'vertices' | 'edges' | 'coefficient' | 'couplings'>): Diagram {
  return {
    label: p.label ?? p.edges.map(([a, b]) => `${a}-${b}`).join(','),
    order: p.order ?? p.vertices.length,
    symmetryFactor: p.symmetryFactor ?? Rational.ONE,
    connected: p.connected ?? true,
    onePI: p.onePI ?? true,
    ...p,
  };
}

/** G4, first order in λ: −24 λ ∫dy Π K(xi, y). */
export const g4Lambda: Diagram = diagram({
  externals: ext(4),
  vertices: [vertex('y1', 'λ f^4', 0, 4)],
  edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1']],
  coefficient: Rational.of(-24),
  couplings: { λ: 1 },
  symmetryFactor: Rational.ONE,
});

/** G4, first order in κ: −360 κ ∫dz Π K(xi, z) K(z, z) (a self-loop). */
export const g4Kappa: Diagram = diagram({
  externals: ext(4),
  vertices: [vertex('y1', 'κ f^6', 1, 6)],
  edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1'], ['y1', 'y1']],
  coefficient: Rational.of(-360),
  couplings: { κ: 1 },
  symmetryFactor: Rational.of(2),
  onePI: true,
});

/** G6 piece: K(x1, x2) times the λ cross on x3..x6 (disconnected), −24 λ. */
export const g6LambdaPair: Diagram = diagram({
  externals: ext(6),
  vertices: [vertex('y1', 'λ f^4', 0, 4)],
  edges: [['x1', 'x2'], ['x3', 'y1'], ['x4', 'y1'], ['x5', 'y1'], ['x6', 'y1']],
  coefficient: Rational.of(-24),
  couplings: { λ: 1 },
  connected: false,
  onePI: false,
});

/** G6, connected κ vertex: −720 κ ∫dz Π_{i=1..6} K(xi, z). */
export const g6Kappa: Diagram = diagram({
  externals: ext(6),
  vertices: [vertex('y1', 'κ f^6', 1, 6)],
  edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1'], ['x5', 'y1'], ['x6', 'y1']],
  coefficient: Rational.of(-720),
  couplings: { κ: 1 },
});

/** G6 piece: K(x5, x6) times the κ vertex with a self-loop on x1..x4, −360 κ. */
export const g6KappaPairLoop: Diagram = diagram({
  externals: ext(6),
  vertices: [vertex('y1', 'κ f^6', 1, 6)],
  edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y1'], ['x4', 'y1'], ['y1', 'y1'], ['x5', 'x6']],
  coefficient: Rational.of(-360),
  couplings: { κ: 1 },
  connected: false,
  onePI: false,
});

/** Non-local λNL ∫∫ f(y)² f(z)²: points y1, y2 of one vertex, joined by a dashed link (8 per pairing, CONVENTIONS §6). */
export const g4NonLocal: Diagram = diagram({
  externals: ext(4),
  vertices: [vertex('v1', 'λNL f(y)^2 f(z)^2', 0, 4, ['y1', 'y2'])],
  edges: [['x1', 'y1'], ['x2', 'y1'], ['x3', 'y2'], ['x4', 'y2']],
  coefficient: Rational.of(-8),
  couplings: { λNL: 1 },
});

/**
 * G4 at second order, the s-channel fish: two λ vertices joined by two parallel
 * lines. Wick count: x1,x2 onto y1 (4·3), x3,x4 onto y2 (4·3), the remaining legs
 * across (2), y1 <-> y2 (2), times (−1)²/2! -> +288 λ².
 */
export const g4Fish: Diagram = diagram({
  externals: ext(4),
  vertices: [vertex('y1', 'λ f^4', 0, 4), vertex('y2', 'λ f^4', 0, 4)],
  edges: [['x1', 'y1'], ['x2', 'y1'], ['y1', 'y2'], ['y1', 'y2'], ['x3', 'y2'], ['x4', 'y2']],
  coefficient: Rational.of(288),
  couplings: { λ: 2 },
  order: 2,
  symmetryFactor: Rational.of(2),
});

/** Third order in κ, twelve lines: a self-loop, single lines and a triple parallel bundle (coefficient arbitrary, drawing only). */
export const g6ThreeKappa: Diagram = diagram({
  externals: ext(6),
  vertices: [vertex('y1', 'κ f^6', 1, 6), vertex('y2', 'κ f^6', 1, 6), vertex('y3', 'κ f^6', 1, 6)],
  edges: [
    ['x1', 'y1'], ['x2', 'y1'], ['y1', 'y1'], ['y1', 'y2'], ['y1', 'y3'],
    ['x3', 'y2'], ['x4', 'y2'], ['y2', 'y3'], ['y2', 'y3'], ['y2', 'y3'],
    ['x5', 'y3'], ['x6', 'y3'],
  ],
  coefficient: Rational.of(-1, 6),
  couplings: { κ: 3 },
  order: 3,
});

/** Every fixture, by name. */
export const FIXTURES: Readonly<Record<string, Diagram>> = {
  'g4-lambda': g4Lambda,
  'g4-kappa': g4Kappa,
  'g6-lambda-pair': g6LambdaPair,
  'g6-kappa': g6Kappa,
  'g6-kappa-pair-loop': g6KappaPairLoop,
  'g4-nonlocal': g4NonLocal,
  'g4-fish': g4Fish,
  'g6-three-kappa': g6ThreeKappa,
};
