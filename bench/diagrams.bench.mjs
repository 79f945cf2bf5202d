// Diagram engine throughput (issue 2 §7): diagrams per second and wall time for G4 and G6 of
// λf⁴+κf⁶ at orders 1..5, full and skeleton. Requests over the default budget are refused
// (BudgetExceededError, before any generation) and reported with their estimate.
// Baseline in the same run: enumerating the (12−1)!! = 10395 Wick pairings of 12 line ends
// (core perfectMatchings), the work the generator avoids; the ratio column compares throughputs.
import { generateDiagrams, estimateDiagrams } from '../dist/src/diagrams/generate.js';
import { parseAction } from '../dist/src/dsl/parse.js';
import { perfectMatchings } from '../dist/src/core/combinatorics.js';
import { BudgetExceededError } from '../dist/src/core/errors.js';

export default async function (log) {
  const t0 = performance.now();
  let reps = 0;
  while (performance.now() - t0 < 500) { perfectMatchings(12); reps++; }
  const wickPerSec = (reps * 10395) / ((performance.now() - t0) / 1000);
  log(`baseline: Wick pairing enumeration ${wickPerSec.toExponential(2)} pairings/s`);
  const action = parseAction('λf⁴+κf⁶');
  log('n  order  mode      diagrams  wall (s)  diagrams/s  vs baseline');
  for (const n of [4, 6]) {
    for (let order = 1; order <= 5; order++) {
      for (const mode of ['full', 'skeleton']) {
        const t = performance.now();
        try {
          const ds = generateDiagrams(action, { n, order, mode });
          const s = (performance.now() - t) / 1000;
          const rate = ds.length / s;
          log(`${n}  ${order}      ${mode.padEnd(8)}  ${String(ds.length).padStart(8)}  ${s.toFixed(3).padStart(8)}  ${rate.toExponential(2).padStart(10)}  ${(rate / wickPerSec).toExponential(2)}`);
        } catch (e) {
          if (!(e instanceof BudgetExceededError)) throw e;
          log(`${n}  ${order}      ${mode.padEnd(8)}  refused: ${e.estimate.toExponential(2)} estimated (limit ${e.limit}); estimateDiagrams ${estimateDiagrams(action, n, order).toExponential(2)}`);
        }
      }
    }
  }
}
