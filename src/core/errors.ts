/**
 * Typed errors. Every error nnqft raises on purpose is an {@link NnqftError}
 * with a stable `code`; tests check codes, the CLI prints one line and exits 2.
 */

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'DSL_SYNTAX'
  | 'INVALID_ARGUMENT'
  | 'NOT_CONVERGED'
  | 'DIVERGENT'
  | 'BUDGET_EXCEEDED'
  | 'IO'
  | 'INTERRUPTED'
  | 'UNAVAILABLE';

/** Base class of every error nnqft raises deliberately. */
export class NnqftError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** A syntax error in action text, with 1-based line and column and what was expected there. */
export class DslSyntaxError extends NnqftError {
  readonly line: number;
  readonly column: number;
  readonly expected: string[];
  constructor(message: string, line: number, column: number, expected: string[] = []) {
    super('DSL_SYNTAX', `line ${line}, column ${column}: ${message}`, { line, column, expected });
    this.line = line;
    this.column = column;
    this.expected = expected;
  }
}

/** An argument out of its domain (bad width, malformed input set, unknown architecture, ...). */
export class InvalidArgumentError extends NnqftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INVALID_ARGUMENT', message, details);
  }
}

/** A numerical procedure did not reach its tolerance within its budget. */
export class NotConvergedError extends NnqftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('NOT_CONVERGED', message, details);
  }
}

/** An integral that does not exist (e.g. ReLU-net propagators at an infinite cutoff). */
export class DivergentIntegralError extends NnqftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('DIVERGENT', message, details);
  }
}

/** A request that would explode combinatorially; carries the estimate that triggered the refusal. */
export class BudgetExceededError extends NnqftError {
  readonly estimate: number;
  readonly limit: number;
  constructor(what: string, estimate: number, limit: number) {
    super(
      'BUDGET_EXCEEDED',
      `${what}: estimated ${formatCount(estimate)}, over the limit of ${formatCount(limit)}`,
      { estimate, limit },
    );
    this.estimate = estimate;
    this.limit = limit;
  }
}

/** A file could not be read or written. */
export class IoError extends NnqftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('IO', message, details);
  }
}

/** A long run stopped on request (signal, Ctrl-C) after saving its checkpoints: running it again continues. */
export class InterruptedError extends NnqftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INTERRUPTED', message, details);
  }
}

function formatCount(x: number): string {
  return Number.isFinite(x) && x < 1e6 ? String(Math.round(x)) : x.toExponential(2);
}

/** True when `e` is an error nnqft raised deliberately. */
export function isNnqftError(e: unknown): e is NnqftError {
  return e instanceof NnqftError;
}

/** Something the request needs is not installed or not present (an optional package, a GPU driver); the message names the fix. */
export class UnavailableError extends NnqftError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('UNAVAILABLE', message, details);
  }
}
