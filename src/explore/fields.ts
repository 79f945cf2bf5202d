/**
 * The explorer's fields as the library's arguments, and errors as the page shows them
 * (src/explore/*.ts, web/). Browser-safe: no Node module on this import path.
 */
import { BudgetExceededError, DslSyntaxError, InvalidArgumentError, isNnqftError } from '../core/errors.js';
import { getArchitecture, resolveParams } from '../kernels/registry.js';
import type { ArchParams, Architecture } from '../kernels/types.js';
import { EXPLORE_ARCHITECTURES, type ExploreState } from './state.js';

/** An error as the page shows it: the library's code and message, plus where and how much. */
export interface ErrorInfo {
  code: string;
  message: string;
  /** DSL_SYNTAX: 1-based line and column (code points) and what the parser expected. */
  line?: number;
  column?: number;
  expected?: string[];
  /** BUDGET_EXCEEDED: the estimate that triggered the refusal and the limit. */
  estimate?: number;
  limit?: number;
}

/** Any thrown value as {@link ErrorInfo}; errors nnqft did not raise on purpose keep code "INTERNAL". */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof DslSyntaxError) return { code: e.code, message: e.message, line: e.line, column: e.column, expected: e.expected };
  if (e instanceof BudgetExceededError) return { code: e.code, message: e.message, estimate: e.estimate, limit: e.limit };
  if (isNnqftError(e)) return { code: e.code, message: e.message };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** Small non-negative integer field of the page. */
export function intField(text: string, what: string, min: number, max: number): number {
  const t = text.trim();
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!(Number.isInteger(v) && v >= min && v <= max)) throw new InvalidArgumentError(`${what} must be an integer from ${min} to ${max}, got "${text}"`);
  return v;
}

/** Finite number field of the page. */
export function numField(text: string, what: string, ok: (x: number) => boolean = Number.isFinite): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!(Number.isFinite(v) && ok(v))) throw new InvalidArgumentError(`bad ${what} "${text}"`);
  return v;
}

/** The architecture and one-hidden-layer parameters of the page's fields. */
export function archOf(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din'>): { arch: Architecture; params: ArchParams } {
  if (!(EXPLORE_ARCHITECTURES as readonly string[]).includes(s.arch)) throw new InvalidArgumentError(`unknown architecture "${s.arch}"`);
  const arch = getArchitecture(s.arch);
  const params = resolveParams(arch, {
    sW: numField(s.sw, 'σ_W'), sb: numField(s.sb, 'σ_b'), dIn: intField(s.din, 'd_in', 1, 1000),
  });
  return { arch, params };
}

