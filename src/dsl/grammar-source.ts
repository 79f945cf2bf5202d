/**
 * The DSL's grammar, `grammar/action.ohm`, read from the package and compiled by ohm. Kept in
 * its own module so that a browser bundle (web/build.mjs) can replace this one module by the
 * generated recipe grammar/action.ohm-bundle.js (the same grammar, a test keeps it current:
 * test/dsl/grammar-bundle.test.ts), which loads in ~2 ms where compiling the text takes
 * ~300 ms, while the parser itself stays the same. (Node cannot load that CommonJS recipe
 * from this ESM package, so here the text is compiled.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ohm from 'ohm-js';

/**
 * The grammar file: the nearest `grammar/action.ohm` above this module, which is
 * the package root both from the sources (src/dsl) and from the build (dist/src/dsl).
 */
function grammarPath(): string {
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 5; i++) {
    const p = fileURLToPath(new URL('grammar/action.ohm', dir));
    if (existsSync(p)) return p;
    dir = new URL('..', dir);
  }
  throw new Error('grammar/action.ohm not found in the nnqft package');
}

/** The grammar of grammar/action.ohm. */
export function loadActionGrammar(): ohm.Grammar {
  return ohm.grammar(readFileSync(grammarPath(), 'utf8'));
}
