/**
 * Safe compilation of user expressions: activations φ(z) (generic
 * architectures) and custom propagators K(x, y) (CONVENTIONS §5: the
 * propagator inside the diagram integrals). Parsed with nerdamer-prime's
 * `tree` (its parser only); evaluated by our own closures, because its
 * `buildFunction` returns NaN for exp(u) once |u| > ~40 and its erf is off by
 * ~3e-8 (ARCHITECTURE.md, dependency notes). A non-finite value is an error,
 * never a silent NaN.
 */
import nerdamer from 'nerdamer-prime';
import { InvalidArgumentError } from '../core/errors.js';
import type { Point } from '../core/inputs.js';
import { erf, erfc } from '../core/special.js';

type Fn = (v: Float64Array) => number;

interface TreeNode {
  type: string;
  value: string;
  left?: TreeNode;
  right?: TreeNode;
}

const UNARY: Record<string, (a: number) => number> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  exp: Math.exp, log: Math.log, ln: Math.log, log10: Math.log10, sqrt: Math.sqrt, abs: Math.abs,
  sign: Math.sign, erf, erfc,
  step: (a) => (a > 0 ? 1 : a < 0 ? 0 : 0.5),
  relu: (a) => (a > 0 ? a : 0),
  sigmoid: (a) => (a >= 0 ? 1 / (1 + Math.exp(-a)) : Math.exp(a) / (1 + Math.exp(a))),
  softplus: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
};
const BINARY: Record<string, (a: number, b: number) => number> = { max: Math.max, min: Math.min, atan2: Math.atan2, pow: Math.pow };
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const NUMBER = /^(\d+\.?\d*|\.\d+)$/;
const COEF_NAME = /^(\d+\.?\d*|\.\d+)([A-Za-z_]\w*)$/;

/** Names of the functions a user expression may call. */
export const EXPRESSION_FUNCTIONS: readonly string[] = [...Object.keys(UNARY), ...Object.keys(BINARY)];

/** A user expression compiled to a checked function of its variables. */
export interface CompiledExpression {
  /** The expression as written. */
  readonly text: string;
  /** Variable names, in the order of the arguments of `evaluate`. */
  readonly variables: readonly string[];
  /** Value at the given variable values; throws INVALID_ARGUMENT when it is not finite. */
  evaluate(values: ArrayLike<number>): number;
}

/**
 * Compiles `text` (nerdamer syntax: + - * / ^, parentheses, functions
 * {@link EXPRESSION_FUNCTIONS}, constants pi and e) over the given variables.
 * Throws INVALID_ARGUMENT on a syntax error, an unknown name or function, or
 * (when evaluated) a non-finite value.
 */
export function compileExpression(text: string, variables: readonly string[]): CompiledExpression {
  if (typeof text !== 'string' || text.trim() === '') throw new InvalidArgumentError('empty expression');
  if (text.length > 2000) throw new InvalidArgumentError('expression longer than 2000 characters');
  let tree: TreeNode | undefined;
  try {
    tree = nerdamer.tree(text) as TreeNode | undefined;
  } catch (e) {
    throw new InvalidArgumentError(`cannot parse expression "${text}": ${(e as Error).message}`);
  }
  if (!tree) throw new InvalidArgumentError(`cannot parse expression "${text}"`);
  const bad = (why: string) => new InvalidArgumentError(`expression "${text}": ${why}`);
  const leaf = (name: string): Fn => {
    if (NUMBER.test(name)) { const c = Number(name); return () => c; }
    const i = variables.indexOf(name);
    if (i >= 0) return (v) => v[i]!;
    if (name in CONSTANTS) { const c = CONSTANTS[name]!; return () => c; }
    // nerdamer reads 2.5e-3 as (2.5e) - 3: refuse rather than read "2.5e" as 2.5·e.
    if (/^(\d+\.?\d*|\.\d+)e$/i.test(name)) throw bad(`scientific notation is not supported ("${name}…"): write the number out, or 2.5*e for 2.5·e`);
    const m = COEF_NAME.exec(name);
    if (m) { const c = Number(m[1]), f = leaf(m[2]!); return (v) => c * f(v); }
    throw bad(`unknown name "${name}" (variables: ${variables.join(', ')}; constants: pi, e)`);
  };
  const args = (n: TreeNode | undefined): TreeNode[] =>
    !n ? [] : n.type === 'OPERATOR' && n.value === ',' ? [...args(n.left), ...args(n.right)] : [n];
  const build = (n: TreeNode | undefined): Fn => {
    if (!n) throw bad('incomplete expression');
    if (n.type === 'VARIABLE_OR_LITERAL') return leaf(String(n.value));
    if (n.type === 'FUNCTION') {
      const name = String(n.value), as = args(n.right).map(build);
      const u = UNARY[name], b = BINARY[name];
      if (u) { if (as.length !== 1) throw bad(`${name} takes one argument`); const a = as[0]!; return (v) => u(a(v)); }
      if (b) { if (as.length !== 2) throw bad(`${name} takes two arguments`); const [a, c] = as as [Fn, Fn]; return (v) => b(a(v), c(v)); }
      throw bad(`unknown function "${name}" (known: ${EXPRESSION_FUNCTIONS.join(', ')})`);
    }
    if (n.type === 'OPERATOR') {
      const op = n.value;
      if (op === '-' && n.left && !n.right) { const a = build(n.left); return (v) => -a(v); }
      if (op === '+' && n.left && !n.right) return build(n.left);
      if (!n.left || !n.right) throw bad(`operator "${op}" is missing an operand`);
      const a = build(n.left), c = build(n.right);
      switch (op) {
        case '+': return (v) => a(v) + c(v);
        case '-': return (v) => a(v) - c(v);
        case '*': return (v) => a(v) * c(v);
        case '/': return (v) => a(v) / c(v);
        case '^': return (v) => Math.pow(a(v), c(v));
        case ',': throw bad('unexpected ","');
        default: throw bad(`unsupported operator "${op}"`);
      }
    }
    throw bad(`unsupported syntax (${n.type})`);
  };
  const f = build(tree);
  const buf = new Float64Array(variables.length);
  return {
    text,
    variables: variables.slice(),
    evaluate(values) {
      for (let i = 0; i < buf.length; i++) buf[i] = values[i]!;
      const r = f(buf);
      if (!Number.isFinite(r)) {
        throw new InvalidArgumentError(
          `expression "${text}" is not finite (${r}) at ${variables.map((n, i) => `${n} = ${buf[i]}`).join(', ')}`,
          { expression: text, values: Array.from(buf) },
        );
      }
      return r;
    },
  };
}

/** A propagator written as an expression in x and y (d_in = 1), e.g. "exp(-(x-y)^2/2)". */
export interface CustomKernel {
  readonly kind: 'custom';
  readonly expression: string;
  /** K(x, y); throws INVALID_ARGUMENT where the expression is not finite. */
  evaluate(x: Point, y: Point): number;
}

/** Compiles a custom propagator K(x, y) for d_in = 1 (variables x and y). */
export function customKernel(expression: string): CustomKernel {
  const c = compileExpression(expression, ['x', 'y']);
  const v = new Float64Array(2);
  return {
    kind: 'custom',
    expression,
    evaluate(x, y) {
      if (x.length !== 1 || y.length !== 1) throw new InvalidArgumentError('a custom kernel in x, y needs d_in = 1');
      v[0] = x[0]!; v[1] = y[0]!;
      return c.evaluate(v);
    },
  };
}
