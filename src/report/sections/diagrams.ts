/**
 * Report section: the first-order Feynman diagrams of ΔS = ∫ [λ f⁴ + κ f⁶]
 * (Halverson, Maiti, Stoner, arXiv:2008.08601 §4; CONVENTIONS §5).
 */
import { parseAction } from '../../dsl/parse.js';
import { generateDiagrams, groupByTopology } from '../../diagrams/generate.js';
import { seriesLatex } from '../../symbolic/expression.js';
import { diagramSvg } from '../../render/diagram-svg.js';
import { esc, htmlTable, type Figure, type Section } from '../page.js';
import { defineSection, fixedStage } from './section.js';

/** The diagrams of the paper's expansion (skeleton convention, by topology). */
export function diagramsSection(): Section {
  const action = parseAction('λ f^4 + κ f^6');
  const figures: Figure[] = [];
  const rows: (string | number)[][] = [];
  let latex = '';
  for (const n of [2, 4, 6]) {
    const labelled = generateDiagrams(action, { n, order: 1, mode: 'skeleton' });
    const classes = groupByTopology(labelled);
    latex += `G^{(${n})} = ${seriesLatex(labelled)}\n`;
    classes.forEach((d, i) => {
      const id = `diagram-g${n}-${i + 1}`;
      figures.push({ id, caption: `G${n}, class ${i + 1}: total coefficient ${d.coefficient.toString()} (${d.multiplicity ?? 1} labelled diagram(s))`, svg: diagramSvg(d), data: d });
      rows.push([`G${n}`, i + 1, d.order, Object.keys(d.couplings).join(' ') || '1', d.coefficient.toString(), d.multiplicity ?? 1]);
    });
  }
  return {
    id: 'diagrams',
    title: 'Feynman diagrams of ΔS = ∫ [λ f⁴ + κ f⁶]',
    html:
      `<p>First-order diagrams of G(2), G(4), G(6) in the skeleton convention (no two-point corrections: the network's G2 equals K at every width), ` +
      `grouped by topology. The seed's coefficients are 24 and 360 (G4), 360 = 15 × 24, 720 and 5400 = 15 × 360 (G6), with the action's sign. ` +
      `G2 has no first-order diagram in this convention.</p>` +
      htmlTable(['correlator', 'class', 'order', 'coupling', 'total coefficient', 'labelled diagrams'], rows) +
      `<details><summary>LaTeX of the labelled series</summary><pre>${esc(latex)}</pre></details>`,
    figures,
  };
}

/** CPU seconds of this section: measured 0.08 s (test/report/fixtures/timings.json). */
export const DIAGRAMS_SECONDS = 0.1;

export default defineSection({
  id: 'diagrams',
  estimate: () => fixedStage('diagrams', DIAGRAMS_SECONDS),
  run: async (ctx) => { ctx.progress('diagrams', 0, 1); return diagramsSection(); },
});
