/**
 * The architecture registry: one line per architecture. Every registered
 * architecture is picked up by the generic tests (kernel vs moments vs Monte Carlo).
 */
import { InvalidArgumentError } from '../core/errors.js';
import { erfNet } from './erf.js';
import { gaussNet } from './gauss.js';
import { reluNet } from './relu.js';
import { tanhNet } from './tanh.js';
import { linearNet } from './linear.js';
import type { ArchParams, Architecture } from './types.js';

/** All built-in architectures, by registry key. */
export const ARCHITECTURES: readonly Architecture[] = [erfNet, reluNet, gaussNet, tanhNet, linearNet];

/** Looks an architecture up by name or alias (case-insensitive); throws INVALID_ARGUMENT otherwise. */
export function getArchitecture(name: string): Architecture {
  const key = name.trim().toLowerCase().replace(/-?net$/, '');
  const a = ARCHITECTURES.find((x) => x.name === key || x.aliases?.includes(key));
  if (!a) {
    throw new InvalidArgumentError(`unknown architecture "${name}" (known: ${ARCHITECTURES.map((x) => x.name).join(', ')})`);
  }
  return a;
}

/** Fills σ_W, σ_b from the architecture's defaults and validates all parameters. */
export function resolveParams(arch: Architecture, p: Partial<ArchParams> & { dIn?: number }): ArchParams {
  const out = { sW: p.sW ?? arch.defaults.sW, sb: p.sb ?? arch.defaults.sb, dIn: p.dIn ?? 1 };
  if (!(Number.isFinite(out.sW) && out.sW > 0)) throw new InvalidArgumentError(`σ_W must be a positive number, got ${out.sW}`);
  if (!(Number.isFinite(out.sb) && out.sb >= 0)) throw new InvalidArgumentError(`σ_b must be a non-negative number, got ${out.sb}`);
  if (!(Number.isInteger(out.dIn) && out.dIn >= 1)) throw new InvalidArgumentError(`d_in must be a positive integer, got ${out.dIn}`);
  return out;
}
