/**
 * Report section: the 6-point function predicted from couplings fitted on G4
 * (model M1, exact data). Halverson, Maiti, Stoner, arXiv:2008.08601 §5; CONVENTIONS §5.
 */
import { validateAction } from '../../fit/pipeline.js';
import { TABLE5_SETUPS } from '../../fit/table5.js';
import { fmtNum, m1Exact, type Ctx } from '../context.js';
import { htmlTable, type Section } from '../page.js';
import { defineSection, fixedStage } from './section.js';

/** CPU seconds of this section beyond the shared exact Table 5: measured 0.39 s (test/report/fixtures/timings.json). */
export const SIXPOINT_SECONDS = 0.4;

/** Section: ΔG6 predicted by the M1 coupling, against the exact ΔG6 and its parts. */
export async function sixPointSection(ctx: Ctx): Promise<Section> {
  const rows: (string | number)[][] = [];
  const data: Record<string, unknown> = {};
  for (const s of TABLE5_SETUPS) {
    ctx.progress('6-point prediction', rows.length, TABLE5_SETUPS.length);
    const { arch, engines, fit } = await m1Exact(ctx, s);
    const v = await validateAction(engines, { train: s.train, test: s.test, cutoff: s.cutoff, fit });
    rows.push([arch.title, s.width, fmtNum(v.fit.test?.mape ?? NaN, 3), fmtNum(v.g6.total.mape, 3), fmtNum(v.g6.disconnected.mape, 3), fmtNum(v.g6.connected.mape, 3), `${fmtNum(100 * v.g6.connectedFraction, 3)} %`]);
    data[arch.name] = { width: s.width, cutoff: s.cutoff, g4: v.fit.test, g6: v.g6 };
  }
  return {
    id: 'sixpoint',
    title: 'Predicting the 6-point function',
    html:
      `<p>With λ<sub>0</sub> fitted on ΔG4 (model M1, exact data), the first-order diagrams predict ΔG6 (class totals 360, 720, 5400; CONVENTIONS §5). ` +
      `ΔG6 splits into an O(1/N) part Σ₁₅ K·ΔG4, which the quartic coupling reproduces, and the connected O(1/N²) part G6<sub>c</sub>, which no first-order ` +
      `quartic coupling can produce: the prediction misses exactly that share.</p>` +
      htmlTable(['architecture', 'N', 'G4 test MAPE %', 'ΔG6 MAPE %', 'O(1/N) part MAPE %', 'connected part MAPE %', 'connected share of ΔG6'], rows),
    figures: [],
    data: { sixpoint: data },
  };
}

export default defineSection({
  id: 'sixpoint',
  estimate: () => fixedStage('6-point prediction', SIXPOINT_SECONDS),
  run: sixPointSection,
});
