/** Seeded random numbers for tests (independent of the library's Philox): reproducible noise. */

import { mulberry32 } from '../../src/core/rng.js';

export { mulberry32 };

/** Standard normals by Box–Muller on mulberry32 uniforms; deterministic. */
export function normalSampler(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) { const s = spare; spare = undefined; return s; }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
