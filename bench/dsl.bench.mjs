// Action DSL parse throughput (src/dsl/parse.ts). Baseline in the same run: ohm's
// bare match of the same text (no semantics), so the ratio shows what the
// semantics (polynomial expansion, merging) add on top of the grammar.
import { readFileSync } from 'node:fs';
import * as ohm from 'ohm-js';
import { parseAction } from '../dist/src/dsl/parse.js';

const grammar = ohm.grammar(readFileSync(new URL('../grammar/action.ohm', import.meta.url), 'utf8'));

function time(fn, reps) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

export default async function (log) {
  const inputs = {
    'paper (λ f⁴ + κ f⁶)': 'S = S_GP + ∫ d^1x [ λ f(x)^4 + κ f(x)^6 ]',
    'mixed 5 terms': 'λ/4! f^4 + (λ0 + λ2 x^2) f^4 + λNL ∫∫ dx dy f(x)² f(y)² - g f^3 + (1/2) m f^2',
    '800 distinct terms (~8.7k chars)': Array.from({ length: 800 }, (_, i) => `g${i} f^${(i % 8) + 1}`).join(' + '),
  };
  for (const [name, text] of Object.entries(inputs)) {
    const reps = text.length > 1000 ? 5 : 500;
    const base = time(() => grammar.match(text), reps);
    const full = time(() => parseAction(text), reps);
    log(`${name}: ${text.length} chars, parseAction ${full.toFixed(3)} ms (${(text.length / full / 1000).toFixed(2)} Mchar/s), `
      + `bare ohm match ${base.toFixed(3)} ms, ratio ${(full / base).toFixed(2)}`);
  }
}
