/**
 * Input sets: parsing "-1,-0.6,0.2" (d_in = 1) or "0.5 1; 1 1" (d_in > 1), and
 * the paper's named presets (CONVENTIONS §3 and §6; Halverson, Maiti, Stoner,
 * arXiv:2008.08601).
 */
import { InvalidArgumentError } from './errors.js';

/** An input point in R^d_in. */
export type Point = readonly number[];

const BASE_1D = [-1, -0.6, -0.2, 0.2, 0.6, 1];
const RELU_1D = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];
const TABLE5 = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];
const CUBE_2D = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
const TETRA_3D = [[-1, -1, -1], [1, 1, -1], [-1, 1, 1], [1, -1, 1]];
const scale = (pts: number[][], s: number) => pts.map((p) => p.map((v) => v * s));
const col = (xs: number[]) => xs.map((x) => [x]);

/** Named input sets of the paper. `table5-<arch>-<train|test>` follow CONVENTIONS §6. */
export const INPUT_PRESETS: Readonly<Record<string, { points: number[][]; description: string }>> = {
  'paper-erf': { points: col(BASE_1D), description: 'Erf-net, d_in = 1: {-1,-0.6,-0.2,0.2,0.6,1}' },
  'paper-gauss': { points: scale(col(BASE_1D), 0.01), description: 'Gauss-net, d_in = 1: 0.01 x {-1,...,1}' },
  'paper-relu': { points: col(RELU_1D), description: 'ReLU-net, d_in = 1: {0.2,0.4,...,1.2}' },
  'paper-erf-2d': { points: CUBE_2D, description: 'd_in = 2: {-1,1}^2' },
  'paper-gauss-2d': { points: scale(CUBE_2D, 0.01), description: 'd_in = 2: 0.01 x {-1,1}^2' },
  'paper-relu-2d': { points: [[0.5, 0.5], [0.5, 1], [1, 0.5], [1, 1]], description: 'd_in = 2: {0.5,1}^2' },
  'paper-erf-3d': { points: TETRA_3D, description: 'd_in = 3: four tetrahedron vertices of {-1,1}^3' },
  'paper-gauss-3d': { points: scale(TETRA_3D, 0.01), description: 'd_in = 3: 0.01 x the tetrahedron' },
  'paper-relu-3d': {
    points: TETRA_3D.map((p) => p.map((v) => (v === -1 ? 0.2 : v))),
    description: 'd_in = 3: the tetrahedron with 0.2 for -1',
  },
  ...Object.fromEntries(
    (['gauss', 'erf', 'relu'] as const).flatMap((arch) => {
      const s = arch === 'relu' ? 1 : 0.01;
      return [
        [`table5-${arch}-test`, { points: col(TABLE5.map((x) => x * s)), description: `Table 5 ${arch} test: ${s} x {0.2,...,1.2}` }],
        [`table5-${arch}-train`, {
          points: col(TABLE5.map((x) => (x * s * Math.SQRT2) / 2)),
          description: `Table 5 ${arch} training: sqrt(2)/2 x ${s} x {0.2,...,1.2}`,
        }],
      ];
    }),
  ),
};

/**
 * Parses an input set: a preset name, "a,b,c" (one-dimensional points) or
 * "a b; c d" (points separated by ';', coordinates by spaces or commas).
 * All points must have the same dimension; returns copies.
 */
export function parseInputs(text: string): number[][] {
  const t = text.trim();
  const preset = INPUT_PRESETS[t];
  if (preset) return preset.points.map((p) => p.slice());
  if (t === '') throw new InvalidArgumentError('empty input set');
  // "1,,2" is a slip (a lost value), not the set {1, 2}: refuse empty fields between commas.
  if (t.split(';').some((r) => r.trim() !== '' && r.split(',').some((f) => f.trim() === ''))) {
    throw new InvalidArgumentError(`empty value between commas in "${text}"`);
  }
  const rows = t.includes(';')
    ? t.split(';').map((r) => r.trim()).filter((r) => r !== '').map((r) => r.split(/[\s,]+/))
    : t.split(/[\s,]+/).map((v) => [v]);
  const points = rows.map((r) =>
    r.map((v) => {
      const x = Number(v);
      if (v === '' || !Number.isFinite(x)) {
        throw new InvalidArgumentError(
          `bad input value "${v}" in "${text}" (expected numbers, "a,b,c", "a b; c d" or a preset: ${Object.keys(INPUT_PRESETS).join(', ')})`,
        );
      }
      return x;
    }),
  );
  validatePoints(points);
  return points;
}

/** Throws unless `points` is a non-empty list of finite vectors of one common dimension >= 1. */
export function validatePoints(points: readonly Point[], dIn?: number): void {
  if (points.length === 0) throw new InvalidArgumentError('empty input set');
  const d = points[0]!.length;
  if (d === 0) throw new InvalidArgumentError('input points must have at least one coordinate');
  for (const p of points) {
    if (p.length !== d) throw new InvalidArgumentError(`input points of different dimensions (${d} and ${p.length})`);
    if (!p.every(Number.isFinite)) throw new InvalidArgumentError('input points must be finite numbers');
  }
  if (dIn !== undefined && d !== dIn) {
    throw new InvalidArgumentError(`input points have dimension ${d}, but d_in = ${dIn}`);
  }
}

/** Parses a comma-separated list of numbers ("2,3,4", "7,10,1e5"), each checked by `check`. */
export function parseNumberList(text: string, what: string, check: (x: number) => boolean = Number.isFinite): number[] {
  const all = text.split(',').map((s) => s.trim());
  const parts = all.filter((s) => s !== '');
  if (parts.length === 0) throw new InvalidArgumentError(`empty ${what} list`);
  if (parts.length !== all.length) throw new InvalidArgumentError(`empty value between commas in the ${what} list "${text}"`);
  return parts.map((s) => {
    const x = s === 'inf' || s === 'Infinity' || s === '∞' ? Infinity : Number(s);
    if (Number.isNaN(x) || !check(x)) throw new InvalidArgumentError(`bad ${what} "${s}"`);
    return x;
  });
}
