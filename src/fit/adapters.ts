/**
 * Converters from the outputs of the other parts (predictions, exact engine,
 * sampler, sampler JSON files) to the tables the fits work on
 * (CONVENTIONS §3, §6; Halverson, Maiti, Stoner, arXiv:2008.08601 §5).
 * Typed structurally, so any producer of these shapes plugs in.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { FeatureTable, TargetRow } from './fit.js';
import type { SixPointTarget } from './sixpoint.js';
import type { Action } from '../dsl/types.js';

/** A value that is either exact (a number) or sampled ({mean, stdError}). */
export type MaybeMeasured = number | { mean: number; stdError: number };

/** One correlator entry as the exact engine or the sampler report it. */
export interface CorrelatorEntryLike {
  index: readonly number[];
  G?: MaybeMeasured;
  GP?: number | null;
  delta?: MaybeMeasured | null;
  connected?: MaybeMeasured;
}

/** One prediction entry (predictCorrelators): per coupling monomial the term at unit coupling. */
export interface PredictionEntryLike {
  index: readonly number[];
  terms: readonly { couplings: Readonly<Record<string, number>>; value: number; absError?: number }[];
}

/** Value and standard error of a maybe-measured quantity. */
export function valueOf(x: MaybeMeasured): { value: number; stdError?: number } {
  if (typeof x === 'number') return { value: x };
  if (x && typeof x === 'object' && typeof x.mean === 'number') return { value: x.mean, stdError: x.stdError };
  throw new InvalidArgumentError('correlator value is neither a number nor {mean, stdError}');
}

/** ΔG = G − G_GP per entry (from `delta`, or from G and GP when `delta` is absent). */
export function targetsFromEntries(entries: readonly CorrelatorEntryLike[]): TargetRow[] {
  return entries.map((e) => {
    if (e.delta !== undefined && e.delta !== null) {
      const d = valueOf(e.delta);
      return { index: [...e.index], value: d.value, ...(d.stdError !== undefined ? { stdError: d.stdError } : {}) };
    }
    if (e.G !== undefined && e.GP !== undefined && e.GP !== null) {
      const g = valueOf(e.G);
      return { index: [...e.index], value: g.value - e.GP, ...(g.stdError !== undefined ? { stdError: g.stdError } : {}) };
    }
    throw new InvalidArgumentError(`correlator entry (${e.index.join(',')}) has neither delta nor G and GP`);
  });
}

/** Six-point targets: ΔG6 with its error, and the connected part where reported. */
export function sixPointTargetsFromEntries(entries: readonly CorrelatorEntryLike[]): SixPointTarget[] {
  return targetsFromEntries(entries).map((t, i) => {
    const c = entries[i]!.connected;
    return {
      index: t.index,
      delta: t.value,
      ...(t.stdError !== undefined ? { deltaStdError: t.stdError } : {}),
      ...(c !== undefined ? { connected: valueOf(c).value } : {}),
    };
  });
}

/** Name of a coupling monomial: "λ0", "λ^2", "g·λ". */
export function monomialName(m: Readonly<Record<string, number>>): string {
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return '1';
  return keys.map((k) => (m[k] === 1 ? k : `${k}^${m[k]}`)).join('·');
}

/**
 * Feature table from prediction entries: one column per coupling monomial
 * (those in `order` first, then in order of first appearance), 0 where an
 * entry lacks a monomial (e.g. a coupling with no first-order diagram for this n).
 * Only first-order monomials make a linear model: higher ones are refused.
 */
export function featuresFromPrediction(entries: readonly PredictionEntryLike[], order: readonly string[] = []): FeatureTable {
  const names: string[] = [...order];
  for (const e of entries) for (const t of e.terms) {
    const deg = Object.values(t.couplings).reduce((a, b) => a + b, 0);
    if (deg !== 1) throw new InvalidArgumentError(`fit: the prediction has a term of order ${deg} in the couplings (${monomialName(t.couplings)}); fits use first-order features only`);
    const n = monomialName(t.couplings);
    if (!names.includes(n)) names.push(n);
  }
  return {
    couplings: names,
    rows: entries.map((e) => {
      const features = new Array<number>(names.length).fill(0);
      const featureErrors = new Array<number>(names.length).fill(0);
      for (const t of e.terms) {
        const j = names.indexOf(monomialName(t.couplings));
        features[j]! += t.value;
        featureErrors[j]! += t.absError ?? 0;
      }
      return { index: [...e.index], features, featureErrors };
    }),
  };
}

/**
 * Reads a sampler's JSON output (`nnqft sample … --json`): either
 * {entries:[…]} (one width, one n) or {results:[{width, n, entries}]}.
 * Returns the entries for the requested n (and width, when several).
 */
export function entriesFromSampleJson(doc: unknown, n: number, width?: number): CorrelatorEntryLike[] {
  const d = doc as { entries?: unknown; results?: unknown; n?: unknown; width?: unknown };
  const pick = (entries: unknown): CorrelatorEntryLike[] => {
    if (!Array.isArray(entries)) throw new InvalidArgumentError('sampler JSON: "entries" is not a list');
    const out = (entries as CorrelatorEntryLike[]).filter((e) => Array.isArray(e.index) && e.index.length === n);
    if (out.length === 0) throw new InvalidArgumentError(`sampler JSON: no ${n}-point entries`);
    return out;
  };
  if (Array.isArray(d.results)) {
    const rs = (d.results as { width?: number; n?: number; entries?: unknown }[]).filter(
      (r) => (r.n === undefined || r.n === n) && (width === undefined || r.width === undefined || r.width === width),
    );
    const withN = rs.filter((r) => Array.isArray(r.entries) && (r.entries as { index: unknown[] }[]).some((e) => Array.isArray(e.index) && e.index.length === n));
    if (withN.length === 0) throw new InvalidArgumentError(`sampler JSON: no ${n}-point results${width !== undefined ? ` at width ${width}` : ''}`);
    const widths = new Set(withN.map((r) => r.width));
    if (widths.size > 1) throw new InvalidArgumentError(`sampler JSON holds several widths (${[...widths].join(', ')}): pass --width`);
    return withN.flatMap((r) => pick(r.entries));
  }
  if (d.entries !== undefined) return pick(d.entries);
  throw new InvalidArgumentError('sampler JSON: expected {"entries":[…]} or {"results":[…]}');
}

/** Coupling monomial names of an action, in order of first appearance (the column order of its features). */
export function actionCouplings(a: Action): string[] {
  const out: string[] = [];
  for (const t of a.terms) {
    if (Object.keys(t.couplings).length === 0) continue;
    const name = monomialName(t.couplings);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
