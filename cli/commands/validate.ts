/**
 * `nnqft validate "<action>"`: fit on 4-point training data, then on the test set
 * report the G4 MAPE and the G6 prediction (O(1/N) part and connected part),
 * in one table (CONVENTIONS §3, §5–6).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { makeEngines } from '../../src/fit/engines.js';
import { fmt } from '../../src/fit/fit.js';
import { validateAction } from '../../src/fit/pipeline.js';
import { action, formatTable, printJson } from '../run.js';
import { addFitOptions, engineOptions, fitJson, fitSetup, fitText, type FitCliOptions } from './fit.js';
import { cliProgressBar } from '../progress.js';

export function register(program: Command): void {
  addFitOptions(
    program
      .command('validate <action>')
      .description('fit on training ΔG4, then report the test MAPE of G4 and of the predicted G6 (with its O(1/N) and connected parts)'),
  ).action(action(async (text: string, o: FitCliOptions) => {
    if (!o.test) throw new InvalidArgumentError('validate needs --test inputs');
    const test = o.test;
    const bar = cliProgressBar(o.progress);
    let v, setup;
    try {
      const eo = engineOptions(o, bar.onProgress);
      setup = fitSetup(eo);
      v = await validateAction(makeEngines(text, eo), {
        train: o.train, test, cutoff: o.cutoff, ...(o.rtol !== undefined ? { rtol: o.rtol } : {}),
        ...(setup.target === 'connected' ? { weighted: false } : {}),
      });
    } finally {
      bar.stop();
    }
    const g6 = {
      mape: v.g6.total.mape, mse: v.g6.total.mse, n: v.g6.total.n, determined: v.g6Determined,
      disconnected: { mape: v.g6.disconnected.mape, mse: v.g6.disconnected.mse },
      connected: { mape: v.g6.connected.mape, mse: v.g6.connected.mse },
      connectedFraction: v.g6.connectedFraction,
    };
    if (o.json) { printJson({ ...fitJson(v.fit, setup), g6 }); return; }
    let out = fitText(v.fit, setup) + '\n';
    out += formatTable(['test quantity', 'MAPE (%)', 'MSE', 'tuples'], [
      [setup.target === 'connected' ? 'G4c' : 'ΔG4', fmt(v.fit.test!.mape), fmt(v.fit.test!.mse), v.fit.test!.n],
      ['ΔG6 (prediction)', fmt(g6.mape), fmt(g6.mse), g6.n],
      ['  O(1/N) part Σ15 K·ΔG4', fmt(g6.disconnected.mape), fmt(g6.disconnected.mse), g6.n],
      ['  connected part G6c', fmt(g6.connected.mape), fmt(g6.connected.mse), g6.n],
    ]);
    if (o.source === 'finite-width') {
      out += '\nsource finite-width: G6 at O(1/n) is Σ15 K·G4c; its connected part G6c is O(1/n²), outside the truncation (so the connected row has nothing to compare)\n';
    } else out += `\nthe connected O(1/N²) part is ${fmt(100 * g6.connectedFraction)}% of ΔG6 on average; a first-order quartic coupling cannot produce it\n`;
    if (!v.g6Determined) out += 'warning: the fit is degenerate and the test set leaves the determined directions: these predictions depend on an arbitrary split\n';
    process.stdout.write(out);
  }));
}
