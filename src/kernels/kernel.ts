/**
 * GP kernel evaluation for any registered architecture (CONVENTIONS §2).
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import type { ArchParams, Architecture } from './types.js';

/** K(x, y) of the architecture: its closed form (numerical fallbacks hook in here). */
export function kernelFunction(arch: Architecture, p: ArchParams): (x: Point, y: Point) => number {
  const k = arch.kernel;
  if (!k) throw new InvalidArgumentError(`architecture "${arch.name}" has no kernel`);
  return (x, y) => k(x, y, p);
}

/** The kernel matrix K[i][j] = K(x_i, x_j) on an input set. */
export function kernelMatrix(arch: Architecture, p: ArchParams, points: readonly Point[]): number[][] {
  const k = kernelFunction(arch, p);
  const m = points.length;
  const K: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) K[i]![j] = K[j]![i] = k(points[i]!, points[j]!);
  return K;
}
