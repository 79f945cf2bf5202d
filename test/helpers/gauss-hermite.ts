/** Brute-force Gaussian expectations for test oracles, independent of src/integrate. */

/** Gauss–Hermite nodes and weights (weight e^{-t²}) by Newton on the orthonormal recurrence (Numerical Recipes' gauher; n ≤ 160, beyond it the recurrence underflows). */
export function gaussHermiteRule(n: number): { x: number[]; w: number[] } {
  const x = new Array<number>(n).fill(0), w = new Array<number>(n).fill(0);
  const pim4 = Math.PI ** -0.25;
  let z = 0;
  for (let i = 0; i < (n + 1) >> 1; i++) {
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * x[1]!;
    else z = 2 * z - x[i - 2]!;
    let pp = 0;
    for (let it = 0; it < 100; it++) {
      let p1 = pim4, p2 = 0;
      for (let j = 1; j <= n; j++) {
        const p3 = p2; p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z; z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    x[i] = z; x[n - 1 - i] = -z;
    w[i] = w[n - 1 - i] = 2 / (pp * pp);
  }
  return { x, w };
}

/** E[φ(u)φ(v)], (u, v) ~ N(0, [[a, c], [c, b]]), by a brute-force tensor Gauss–Hermite rule. */
export function bruteDual(phi: (z: number) => number, a: number, b: number, c: number, n = 160): number {
  if (n > 160) throw new Error('gaussHermiteRule: n ≤ 160');
  const { x, w } = gaussHermiteRule(n);
  const su = Math.sqrt(a), beta = c / a, s = Math.sqrt(Math.max(0, b - (c * c) / a));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const u = su * Math.SQRT2 * x[i]!;
    let inner = 0;
    for (let j = 0; j < n; j++) inner += w[j]! * phi(beta * u + s * Math.SQRT2 * x[j]!);
    sum += w[i]! * phi(u) * inner;
  }
  return sum / Math.PI;
}

