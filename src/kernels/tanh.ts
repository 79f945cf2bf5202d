/**
 * tanh-net: φ(z) = tanh(z), one hidden layer as in CONVENTIONS §1. No closed
 * form kernel: K comes from the numeric fallback (two-dimensional Gaussian
 * quadrature of E[φ(z)φ(z')], src/kernels/kernel.ts). Halverson, Maiti,
 * Stoner, arXiv:2008.08601 §3 (the same construction as Erf-net).
 */
import type { Architecture } from './types.js';

export const tanhNet: Architecture = {
  name: 'tanh',
  title: 'tanh-net',
  defaults: { sW: 1, sb: 1 },
  phi: (z) => Math.tanh(z),
};
