/**
 * Six-point prediction from couplings fitted on the four-point function
 * (CONVENTIONS §3, §5; Halverson, Maiti, Stoner, arXiv:2008.08601 §4–5).
 *
 * Exactly, since κ2 = K at every width and odd cumulants vanish,
 *   ΔG6 = G6 − G6_GP = Σ_15 K(x_e,x_f) ΔG4(x_a..x_d)  +  G6c,
 * the first part O(1/N), the connected part O(1/N²). A first-order quartic
 * coupling produces only the first part: its G6 diagrams (class total
 * 360 = 15 × 24) are a spectator line times the G4 vertex diagram. The
 * spectator line is the full kernel K (the network's exact G2), not K_EFT.
 * Connected first-order G6 pieces need a sextic coupling (classes 720 and 5400).
 */
import { InvalidArgumentError } from '../core/errors.js';
import { errorMetrics, type Metrics } from './metrics.js';

/** Measured six-point data on one unique index tuple. */
export interface SixPointTarget {
  index: number[];
  /** ΔG6 = G6 − G6_GP. */
  delta: number;
  deltaStdError?: number;
  /** Connected G6c, where known (exact engine). */
  connected?: number;
}

/** One tuple of the comparison. */
export interface SixPointEntry {
  index: number[];
  /** Predicted ΔG6 = Σ_15 K·ΔG4_pred + predicted connected part. */
  predicted: number;
  /** Σ_15 K·ΔG4_pred: the O(1/N) part the quartic couplings produce. */
  predictedDisconnected: number;
  /** Predicted connected part (0 unless the action has couplings with connected G6 diagrams). */
  predictedConnected: number;
  actual: number;
  actualStdError?: number;
  /** Σ_15 K·ΔG4_data: the O(1/N) part of the data. */
  actualDisconnected: number;
  /** ΔG6 − Σ_15 K·ΔG4_data: the connected O(1/N²) part of the data. */
  actualConnected: number;
}

/** Result of {@link sixPointComparison}. */
export interface SixPointResult {
  entries: SixPointEntry[];
  /** Prediction vs measured ΔG6. */
  total: Metrics;
  /** Σ15 K·ΔG4_pred vs Σ15 K·ΔG4_data: how well the fitted G4 transfers to the O(1/N) part. */
  disconnected: Metrics;
  /** Predicted connected part vs the data's connected part (MAPE 100 when nothing connected is predicted). */
  connected: Metrics;
  /** mean |connected| / |ΔG6| of the data: the floor a first-order quartic fit cannot go below. */
  connectedFraction: number;
}

/** The 15 ways to split six positions into a spectator pair and the remaining four. */
function pairSplits(): { pair: [number, number]; rest: number[] }[] {
  const out: { pair: [number, number]; rest: number[] }[] = [];
  for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) {
    out.push({ pair: [a, b], rest: [0, 1, 2, 3, 4, 5].filter((i) => i !== a && i !== b) });
  }
  return out;
}

/** Σ_15 K(x_e, x_f) · g(x_a..x_d) over the splits of a 6-tuple (g receives a sorted index 4-tuple). */
export function sumOverSpectators(K: readonly (readonly number[])[], idx6: readonly number[], g: (idx4: number[]) => number): number {
  if (idx6.length !== 6) throw new InvalidArgumentError(`six-point tuple must have 6 indices, got ${idx6.length}`);
  let s = 0;
  for (const { pair, rest } of pairSplits()) {
    const k = K[idx6[pair[0]]!]?.[idx6[pair[1]]!];
    if (k === undefined) throw new InvalidArgumentError(`index tuple (${idx6.join(',')}) outside the kernel matrix`);
    s += k * g(rest.map((i) => idx6[i]!).sort((x, y) => x - y));
  }
  return s;
}

/**
 * Compares the six-point prediction of fitted couplings with measured ΔG6.
 * `delta4Pred` and `delta4Data` give ΔG4 on every sorted 4-tuple of the input set
 * (prediction from the fitted couplings; measurement); `connectedPred` the
 * predicted connected G6 part where the action has one.
 */
export function sixPointComparison(args: {
  K: readonly (readonly number[])[];
  targets: readonly SixPointTarget[];
  delta4Pred: (idx4: number[]) => number;
  delta4Data: (idx4: number[]) => number;
  connectedPred?: (idx6: number[]) => number;
}): SixPointResult {
  if (args.targets.length === 0) throw new InvalidArgumentError('six-point comparison: no data');
  const entries: SixPointEntry[] = args.targets.map((t) => {
    const idx = t.index.slice().sort((x, y) => x - y);
    const predictedDisconnected = sumOverSpectators(args.K, idx, args.delta4Pred);
    const predictedConnected = args.connectedPred ? args.connectedPred(idx) : 0;
    const actualDisconnected = sumOverSpectators(args.K, idx, args.delta4Data);
    return {
      index: t.index,
      predicted: predictedDisconnected + predictedConnected,
      predictedDisconnected,
      predictedConnected,
      actual: t.delta,
      ...(t.deltaStdError !== undefined ? { actualStdError: t.deltaStdError } : {}),
      actualDisconnected,
      actualConnected: t.connected ?? t.delta - actualDisconnected,
    };
  });
  const col = (f: (e: SixPointEntry) => number) => entries.map(f);
  const fr = entries.filter((e) => e.actual !== 0).map((e) => Math.abs(e.actualConnected / e.actual));
  return {
    entries,
    total: errorMetrics(col((e) => e.predicted), col((e) => e.actual)),
    disconnected: errorMetrics(col((e) => e.predictedDisconnected), col((e) => e.actualDisconnected)),
    connected: errorMetrics(col((e) => e.predictedConnected), col((e) => e.actualConnected)),
    connectedFraction: fr.length ? fr.reduce((a, b) => a + b, 0) / fr.length : NaN,
  };
}

/** Looks ΔG4 up by sorted 4-tuple from rows keyed by index; throws on a missing tuple. */
export function lookupBySortedIndex(rows: readonly { index: readonly number[]; value: number }[]): (idx: number[]) => number {
  const m = new Map(rows.map((r) => [r.index.slice().sort((a, b) => a - b).join(','), r.value] as const));
  return (idx) => {
    const v = m.get(idx.join(','));
    if (v === undefined) throw new InvalidArgumentError(`no four-point value for index tuple (${idx.join(',')})`);
    return v;
  };
}
