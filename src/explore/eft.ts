/**
 * The explorer's EFT panel (web/, `nnqft explore`): λ of the model M1 fitted to the exact ΔG4
 * (CONVENTIONS §5–6; Halverson, Maiti, Stoner, arXiv:2008.08601 §5). Browser-safe.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { parseInputs, parseNumberList, validatePoints } from '../core/inputs.js';
import { exactCorrelators } from '../exact/correlators.js';
import { targetsFromEntries } from '../fit/adapters.js';
import { features } from '../fit/features.js';
import { fitCouplings, predictRows } from '../fit/fit.js';
import { TABLE5_MODELS } from '../fit/table5.js';
import { linePlotSvg } from '../render/plot.js';
import { archOf, numField } from './fields.js';
import type { ExploreState } from './state.js';

/** Result of {@link computeEft}. */
export interface EftResult {
  /** λ0 in the action convention (ΔS = λ0 ∫ f⁴) and in the paper's (Table 5: the negative). */
  lambda: number | null;
  lambdaPaper: number | null;
  /** MAPE (%) of ΔG4 on the training and test sets. */
  mapeTrain: number;
  mapeTest: number;
  /** Per unique test tuple: exact G4 and G_GP, and the prediction G_GP + ΔG4(M1). */
  rows: { index: number[]; exact: number; predicted: number; gp: number }[];
  svg: string;
}

/** Parses a cutoff Λ: a positive number or inf / ∞. */
export function parseCutoff(text: string): number {
  const v = parseNumberList(text, 'cutoff', (x) => x > 0);
  if (v.length !== 1) throw new InvalidArgumentError(`one cutoff, got "${text}"`);
  return v[0]!;
}

/**
 * EFT panel: λ of the model M1 (ΔS = λ0 ∫ f⁴, propagator K − σ_b², CONVENTIONS §6) fitted by
 * least squares to the exact ΔG4 at width N on the training inputs, tested on the test inputs.
 */
export async function computeEft(s: Pick<ExploreState, 'arch' | 'sw' | 'sb' | 'din' | 'width' | 'cutoff' | 'train' | 'test'>): Promise<EftResult> {
  const { arch, params } = archOf(s);
  const N = numField(s.width, 'width N', (x) => x > 0);
  const cutoff = parseCutoff(s.cutoff);
  const train = parseInputs(s.train), test = parseInputs(s.test);
  validatePoints(train, params.dIn);
  validatePoints(test, params.dIn);
  const model = TABLE5_MODELS.M1!;
  const fo = { arch, params, propagator: 'eft' as const };
  const exact = (pts: number[][]) => exactCorrelators(arch, params, pts, { widths: [N], ns: [4] }).results[0]!.entries;
  const eTrain = exact(train), eTest = exact(test);
  const fTrain = await features(model, fo, 4, train, cutoff);
  const fTest = await features(model, fo, 4, test, cutoff);
  const tTest = targetsFromEntries(eTest);
  const fit = fitCouplings(fTrain, targetsFromEntries(eTrain), { test: { features: fTest, targets: tTest } });
  const pred = predictRows(fTest, fit.lsq.coefficients);
  const byKey = new Map(eTest.map((e) => [e.index.join(','), e]));
  const rows = fTest.rows.map((r, i) => {
    const e = byKey.get(r.index.join(','))!;
    return { index: r.index, exact: e.G, gp: e.GP, predicted: e.GP + pred[i]! };
  });
  // M1 has one coupling (λ0).
  const c = Object.values(fit.couplings)[0];
  const pts = rows.map((r) => ({ x: r.exact - r.gp, y: r.predicted - r.gp }));
  // One domain for both axes, so that the diagonal is at 45° and a deviation reads the same either way.
  const lo0 = Math.min(...pts.flatMap((p) => [p.x, p.y])), hi0 = Math.max(...pts.flatMap((p) => [p.x, p.y]));
  const pad = 0.05 * (hi0 - lo0 || Math.abs(hi0) || 1), lo = lo0 - pad, hi = hi0 + pad;
  const svg = linePlotSvg({
    title: `M1 at Λ = ${cutoff === Infinity ? '∞' : cutoff}, N = ${N}: ΔG₄ on the test tuples`,
    xLabel: 'exact ΔG₄ = G₄ − G₄,GP', yLabel: 'predicted ΔG₄ (M1)',
    xDomain: [lo, hi], yDomain: [lo, hi],
    series: [
      { kind: 'line', name: 'prediction = exact', points: [{ x: lo, y: lo }, { x: hi, y: hi }], dashed: true, color: '#888' },
      { kind: 'points', name: 'test tuples', points: pts, color: '#1f77b4' },
    ],
    width: 520, height: 340,
  });
  return {
    lambda: c?.value ?? null, lambdaPaper: c?.value == null ? null : -c.value,
    mapeTrain: fit.train.mape, mapeTest: fit.test?.mape ?? NaN, rows, svg,
  };
}
