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
import { residualsPlotSvg } from '../render/plot.js';
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
  /** Per unique test tuple (in the plot's order): exact G4 and G_GP, and the prediction G_GP + ΔG4(M1). */
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
  // Per test tuple, the prediction's relative error in ΔG4 (%), the quantity whose mean is the MAPE;
  // tuples whose exact ΔG4 vanishes (by a symmetry of the inputs) have none and are left out, as in the MAPE.
  const scale = Math.max(...rows.map((r) => Math.abs(r.exact - r.gp)));
  const residuals = rows.flatMap((r, i) => {
    const d = r.exact - r.gp;
    return Math.abs(d) > 1e-12 * scale ? [{ x: i + 1, y: (100 * (r.predicted - r.exact)) / d }] : [];
  });
  const svg = residualsPlotSvg({
    title: `M1 at Λ = ${cutoff === Infinity ? '∞' : cutoff}, N = ${N}: (predicted − exact) / exact ΔG₄`,
    xLabel: 'test tuple', yLabel: 'relative error of ΔG₄ (%)', residuals, width: 520, height: 340, legend: 'none',
  });
  return {
    lambda: c?.value ?? null, lambdaPaper: c?.value == null ? null : -c.value,
    mapeTrain: fit.train.mape, mapeTest: fit.test?.mape ?? NaN, rows, svg,
  };
}
