/**
 * The explorer's architecture panel (web/, `nnqft explore`): the NNGP kernel of depths 1..L
 * (CONVENTIONS §2, §8; Halverson, Maiti, Stoner, arXiv:2008.08601 §3; Roberts, Yaida, Hanin,
 * arXiv:2106.10165 ch. 4). Browser-safe.
 */
import type { Point } from '../core/inputs.js';
import { layerKernels } from '../kernels/network.js';
import { linePlotSvg, type PlotSeries } from '../render/plot.js';
import { archOf, intField, numField } from './fields.js';
import type { ExploreState } from './state.js';

/** Deepest network the kernel plot draws (each layer is one more dual map per plotted point). */
export const MAX_EXPLORE_DEPTH = 50;
/** Points of the kernel curve. */
const KERNEL_SAMPLES = 81;
/** Curves drawn at most (depths 1..L, thinned evenly beyond this). */
const MAX_KERNEL_CURVES = 6;

/** Depths whose curves are drawn: all of 1..L up to {@link MAX_KERNEL_CURVES}, else evenly thinned (1 and L kept). */
function curveDepths(L: number): number[] {
  if (L <= MAX_KERNEL_CURVES) return Array.from({ length: L }, (_, i) => i + 1);
  const out = new Set<number>();
  for (let i = 0; i < MAX_KERNEL_CURVES; i++) out.add(1 + Math.round((i * (L - 1)) / (MAX_KERNEL_CURVES - 1)));
  return [...out];
}

/** Result of {@link computeKernel}. */
export interface KernelResult {
  svg: string;
  /** K(x0, x0) at the deepest layer, for the caption. */
  kxx: number;
  depths: number[];
}

/**
 * Architecture panel: the NNGP kernel K(x0·u, y·u) against y along u = (1,…,1), for depths
 * 1..L (CONVENTIONS §8: K(l+1) = C_b + C_W E[φ(u)φ(v)], (u,v) ~ N(0, Kl)). Along u,
 * x·y/d_in = x0·y for every d_in.
 */
export function computeKernel(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din' | 'depth' | 'x0'>): KernelResult {
  const { arch, params } = archOf(s);
  const L = intField(s.depth, 'depth', 1, MAX_EXPLORE_DEPTH);
  const x0 = numField(s.x0, 'x', (x) => Math.abs(x) <= 100);
  const net = { activation: arch.name, widths: new Array<number>(L).fill(1), sW: params.sW, sb: params.sb, dIn: params.dIn };
  const depths = curveDepths(L);
  const span = Math.max(2, 2 * Math.abs(x0));
  const along = (t: number): Point => new Array<number>(params.dIn).fill(t);
  const curves = depths.map(() => [] as { x: number; y: number }[]);
  let kxx = NaN;
  for (let i = 0; i < KERNEL_SAMPLES; i++) {
    const y = -span + (2 * span * i) / (KERNEL_SAMPLES - 1);
    // layerKernels gives [K1, …, K(L+1)]: Ks[l] is the output kernel of l hidden layers.
    const Ks = layerKernels(arch, net, [along(x0), along(y)]);
    depths.forEach((l, j) => curves[j]!.push({ x: y, y: Ks[l]![0]![1]! }));
    kxx = Ks[L]![0]![0]!;
  }
  const series: PlotSeries[] = depths.map((l, j) => ({
    kind: 'line', name: depths.length > 1 ? `L = ${l}` : undefined, points: curves[j]!, dashed: l !== L,
  }));
  const svg = linePlotSvg({
    title: `${arch.title}: K(x, x′) at x = ${x0}${L > 1 ? `, depth ${L}` : ''}`,
    xLabel: params.dIn > 1 ? 'x′ (inputs along (1,…,1))' : 'x′',
    yLabel: 'K(x, x′)', series, width: 520, height: 340,
  });
  return { svg, kxx, depths };
}

