/**
 * User activation expressions φ(z) (src/kernels/generic.ts) compiled to WGSL for the GPU
 * sampler (src/nets/gpu). The expression is parsed as src/kernels/custom.ts parses it
 * (nerdamer-prime's `tree`, the same names, functions and constants); every function of
 * {@link EXPRESSION_FUNCTIONS} has a WGSL form here, in float32. A function without one is
 * refused with a typed error naming it. Halverson, Maiti, Stoner, arXiv:2008.08601 §3.
 */
import nerdamer from 'nerdamer-prime';
import { InvalidArgumentError } from '../core/errors.js';
import { EXPRESSION_FUNCTIONS } from './custom.js';
import { WGSL_ERF } from './erf.js';
import { WGSL_TANH } from './tanh.js';

interface TreeNode { type: string; value: string; left?: TreeNode; right?: TreeNode }

/** WGSL of each expression function (arguments a, b already WGSL text). */
const UNARY: Record<string, (a: string) => string> = {
  sin: (a) => `sin(${a})`, cos: (a) => `cos(${a})`, tan: (a) => `tan(${a})`,
  asin: (a) => `asin(${a})`, acos: (a) => `acos(${a})`, atan: (a) => `atan(${a})`,
  sinh: (a) => `sinh(${a})`, cosh: (a) => `cosh(${a})`, tanh: (a) => `act_tanh(${a})`,
  asinh: (a) => `asinh(${a})`, acosh: (a) => `acosh(${a})`, atanh: (a) => `atanh(${a})`,
  exp: (a) => `exp(${a})`, log: (a) => `log(${a})`, ln: (a) => `log(${a})`,
  log10: (a) => `(log(${a}) * 0.4342944819032518)`, sqrt: (a) => `sqrt(${a})`, abs: (a) => `abs(${a})`,
  sign: (a) => `sign(${a})`, erf: (a) => `act_erf(${a})`, erfc: (a) => `(1.0 - act_erf(${a}))`,
  step: (a) => `act_step(${a})`, relu: (a) => `max(${a}, 0.0)`,
  sigmoid: (a) => `act_sigmoid(${a})`, softplus: (a) => `act_softplus(${a})`,
};
const BINARY: Record<string, (a: string, b: string) => string> = {
  max: (a, b) => `max(${a}, ${b})`, min: (a, b) => `min(${a}, ${b})`, atan2: (a, b) => `atan2(${a}, ${b})`,
  pow: (a, b) => `act_pow(${a}, ${b})`,
};
/** Helpers the forms above call (all emitted: unused functions cost nothing). */
const HELPERS = `${WGSL_ERF}
${WGSL_TANH}
fn act_step(a: f32) -> f32 { return select(select(0.5, 0.0, a < 0.0), 1.0, a > 0.0); }
fn act_sigmoid(a: f32) -> f32 { let e = exp(-abs(a)); return select(e / (1.0 + e), 1.0 / (1.0 + e), a >= 0.0); }
fn act_softplus(a: f32) -> f32 { return max(a, 0.0) + log(1.0 + exp(-abs(a))); }
fn act_powi(a: f32, n: i32) -> f32 {
  var r = 1.0; var b = a; var k = abs(n);
  loop { if (k == 0) { break; } if ((k & 1) == 1) { r = r * b; } b = b * b; k = k >> 1u; }
  return select(r, 1.0 / r, n < 0);
}
// a^b: integer b by repeated squaring (defined for a < 0, as Math.pow is); otherwise exp(b log a)
fn act_pow(a: f32, b: f32) -> f32 {
  if (b == round(b) && abs(b) <= 64.0) { return act_powi(a, i32(b)); }
  return pow(a, b);
}`;
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const NUMBER = /^(\d+\.?\d*|\.\d+)$/;
const COEF_NAME = /^(\d+\.?\d*|\.\d+)([A-Za-z_]\w*)$/;

/** A float32 WGSL literal of x (nearest float32, written exactly through its bits). */
export function wgslF32(x: number): string {
  const b = new Uint32Array(new Float32Array([x]).buffer)[0]!;
  return `bitcast<f32>(0x${b.toString(16)}u)`;
}

/**
 * WGSL source defining `fn act(z: f32, c: f32) -> f32` for an expression in z (the contract
 * of {@link WgslActivation}). Throws INVALID_ARGUMENT where the expression does not parse or
 * calls a function with no WGSL form.
 */
export function wgslActivationSource(text: string): string {
  let tree: TreeNode | undefined;
  try { tree = nerdamer.tree(text) as TreeNode | undefined; } catch (e) {
    throw new InvalidArgumentError(`cannot parse expression "${text}": ${(e as Error).message}`);
  }
  const bad = (why: string) => new InvalidArgumentError(`expression "${text}" cannot run on the GPU: ${why}`);
  const leaf = (name: string): string => {
    if (NUMBER.test(name)) return wgslF32(Number(name));
    if (name === 'z') return 'z';
    if (name in CONSTANTS) return wgslF32(CONSTANTS[name]!);
    const m = COEF_NAME.exec(name);
    if (m) return `(${wgslF32(Number(m[1]))} * ${leaf(m[2]!)})`;
    throw bad(`unknown name "${name}"`);
  };
  const args = (n: TreeNode | undefined): TreeNode[] =>
    !n ? [] : n.type === 'OPERATOR' && n.value === ',' ? [...args(n.left), ...args(n.right)] : [n];
  const build = (n: TreeNode | undefined): string => {
    if (!n) throw bad('incomplete expression');
    if (n.type === 'VARIABLE_OR_LITERAL') return leaf(String(n.value));
    if (n.type === 'FUNCTION') {
      const name = String(n.value), as = args(n.right).map(build);
      const u = UNARY[name], b = BINARY[name];
      if (u && as.length === 1) return u(as[0]!);
      if (b && as.length === 2) return b(as[0]!, as[1]!);
      throw bad(`function "${name}" has no WGSL form here (use --backend workers)`);
    }
    if (n.type === 'OPERATOR') {
      const op = n.value;
      if (op === '-' && n.left && !n.right) return `(-${build(n.left)})`;
      if (op === '+' && n.left && !n.right) return build(n.left);
      if (!n.left || !n.right) throw bad(`operator "${op}" is missing an operand`);
      const a = build(n.left), c = build(n.right);
      if (op === '^') return `act_pow(${a}, ${c})`;
      if (op === '+' || op === '-' || op === '*' || op === '/') return `(${a} ${op} ${c})`;
      throw bad(`unsupported operator "${op}"`);
    }
    throw bad(`unsupported syntax (${n.type})`);
  };
  return `${HELPERS}\nfn act(z: f32, c: f32) -> f32 { return ${build(tree)}; }`;
}

/** The expression functions with a WGSL form (all of {@link EXPRESSION_FUNCTIONS}, checked by a test). */
export const WGSL_EXPRESSION_FUNCTIONS: readonly string[] = EXPRESSION_FUNCTIONS.filter((f) => f in UNARY || f in BINARY);
