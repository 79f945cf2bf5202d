/**
 * Exact rationals over bigint. Diagram coefficients, symmetry factors and
 * action prefactors are exact; floating point starts at integration.
 */
import { InvalidArgumentError } from './errors.js';

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** An immutable exact rational number num/den with den > 0 and gcd(num, den) = 1. */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /** num/den in lowest terms; throws on a zero denominator. */
  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    let n = BigInt(num), d = BigInt(den);
    if (d === 0n) throw new InvalidArgumentError('rational with zero denominator');
    if (d < 0n) { n = -n; d = -d; }
    const g = gcd(n, d) || 1n;
    return new Rational(n / g, d / g);
  }

  static readonly ZERO = Rational.of(0n);
  static readonly ONE = Rational.of(1n);

  /** Parses "3", "-3/4", " 12 / 5 ". */
  static parse(text: string): Rational {
    const m = /^\s*([+-]?\d+)\s*(?:\/\s*(\d+)\s*)?$/.exec(text);
    if (!m) throw new InvalidArgumentError(`not a rational number: "${text}"`);
    return Rational.of(BigInt(m[1]!), m[2] ? BigInt(m[2]) : 1n);
  }

  add(o: Rational): Rational { return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den); }
  sub(o: Rational): Rational { return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den); }
  mul(o: Rational): Rational { return Rational.of(this.num * o.num, this.den * o.den); }
  div(o: Rational): Rational {
    if (o.num === 0n) throw new InvalidArgumentError('division by zero');
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  neg(): Rational { return new Rational(-this.num, this.den); }
  inverse(): Rational { return Rational.ONE.div(this); }
  pow(k: number): Rational {
    if (!Number.isInteger(k)) throw new InvalidArgumentError('rational power must be an integer');
    return k >= 0 ? Rational.of(this.num ** BigInt(k), this.den ** BigInt(k)) : this.inverse().pow(-k);
  }
  isZero(): boolean { return this.num === 0n; }
  isInteger(): boolean { return this.den === 1n; }
  sign(): -1 | 0 | 1 { return this.num < 0n ? -1 : this.num > 0n ? 1 : 0; }
  equals(o: Rational): boolean { return this.num === o.num && this.den === o.den; }
  compare(o: Rational): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  /** Nearest double (exact for small values; correct to ~1 ulp for large ones). */
  toNumber(): number {
    if (this.den === 1n) return Number(this.num);
    const n = Number(this.num), d = Number(this.den);
    if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
    // Scale down both to keep 64 significant bits before dividing.
    const shift = BigInt(Math.max(this.num.toString(2).length, this.den.toString(2).length) - 64);
    return Number(this.num >> shift) / Number(this.den >> shift);
  }
  /** "n" or "n/d". */
  toString(): string { return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`; }
  toJSON(): string { return this.toString(); }
}

/** n! as a bigint. */
export function factorial(n: number): bigint {
  let r = 1n;
  for (let i = 2n; i <= BigInt(n); i++) r *= i;
  return r;
}

/** (n)!! = n (n-2) (n-4) ... ; (-1)!! = 0!! = 1. */
export function doubleFactorial(n: number): bigint {
  let r = 1n;
  for (let i = BigInt(n); i > 1n; i -= 2n) r *= i;
  return r;
}

/** Binomial coefficient C(n, k) as a bigint. */
export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  k = Math.min(k, n - k);
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}
