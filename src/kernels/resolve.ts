/**
 * Architecture keys: the one serialisable name of an activation (CONVENTIONS §8). A registered
 * architecture's key is its registry name ("erf", "relu", …: unchanged, so existing checkpoints stay
 * readable); a user expression's key is "expr:" followed by the expression, so two different user
 * activations never share a key and a key rebuilds exactly the activation it names. Checkpoints,
 * shards, merges and network descriptions ({@link NetworkSpec}.activation) store the key.
 * Halverson, Maiti, Stoner, arXiv:2008.08601 §3 (the architectures).
 */
import { InvalidArgumentError } from '../core/errors.js';
import { EXPRESSION_KEY_PREFIX, genericArchitecture } from './generic.js';
import type { NetworkSpec } from './network.js';
import { getArchitecture } from './registry.js';
import type { Architecture } from './types.js';

/** The key of an architecture: its `name` (registry name, or "expr:<expression>" for a user activation). */
export function architectureKey(arch: Architecture): string {
  return arch.name;
}

/**
 * The architecture a key names: a registry name or alias, or "expr:<expression in z>" (a user
 * activation, rebuilt by {@link genericArchitecture}; kinks given when it was built are a quadrature
 * hint, not part of the function, and are not in the key). Throws INVALID_ARGUMENT on an unknown key
 * or a bad expression; the key "generic" (written before keys existed) names no particular activation.
 */
export function architectureFromKey(key: string): Architecture {
  if (typeof key !== 'string') throw new InvalidArgumentError(`an architecture key must be a string, got ${JSON.stringify(key)}`);
  if (key.startsWith(EXPRESSION_KEY_PREFIX)) return genericArchitecture(key.slice(EXPRESSION_KEY_PREFIX.length));
  if (key.trim().toLowerCase() === 'generic') {
    throw new InvalidArgumentError('the architecture key "generic" does not say which activation was used (written by an older nnqft): rerun the job');
  }
  return getArchitecture(key);
}

/** The architecture of a network description (its `activation` key). */
export function networkArchitecture(net: Pick<NetworkSpec, 'activation'>): Architecture {
  return architectureFromKey(net.activation);
}
