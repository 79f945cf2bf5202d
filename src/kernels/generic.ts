/**
 * A generic elementwise activation φ(z) given as an expression in z (e.g.
 * "z/(1+abs(z))", "sin(z)"), CONVENTIONS §1; its kernel comes from the
 * numeric fallback (Gaussian quadrature of E[φ(z)φ(z')], CONVENTIONS §2).
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §3.
 */
import { compileExpression } from './custom.js';
import type { Architecture, WgslActivation } from './types.js';
import { wgslActivationSource } from './wgsl-expression.js';

/** Key prefix of a user activation: its key is "expr:<expression>" (src/kernels/resolve.ts). */
export const EXPRESSION_KEY_PREFIX = 'expr:';

/**
 * Builds an architecture from an activation expression in z. `kinks` lists
 * the z where φ is not smooth, if known (quadrature splits there; adaptive
 * refinement finds unlisted ones, at a cost). Defaults σ_W = σ_b = 1 unless given.
 * Its `name` is the key "expr:<expression>" (trimmed), unique per expression, from which
 * `architectureFromKey` rebuilds it. Throws INVALID_ARGUMENT on a bad expression.
 */
export function genericArchitecture(
  expression: string,
  opts: { defaults?: { sW: number; sb: number }; kinks?: readonly number[] } = {},
): Architecture {
  const c = compileExpression(expression, ['z']);
  const v = [0];
  c.evaluate([0.1]); // fail early on an expression that is not finite near the origin
  let wgsl: WgslActivation | undefined;
  try {
    wgsl = { source: wgslActivationSource(expression), tolerance: 1e-5 };
  } catch {
    wgsl = undefined; // --backend gpu then refuses this activation in one line
  }
  return {
    ...(wgsl ? { wgsl } : {}),
    name: EXPRESSION_KEY_PREFIX + expression.trim(),
    title: `φ(z) = ${expression}`,
    defaults: opts.defaults ?? { sW: 1, sb: 1 },
    ...(opts.kinks ? { kinks: opts.kinks } : {}),
    phi: (z) => { v[0] = z; return c.evaluate(v); },
  };
}
