/**
 * The text of the DSL's grammar, `grammar/action.ohm`, read from the package. Kept in
 * its own module so that a browser bundle (web/build.mjs) can replace this one module by
 * the grammar's text inlined at build time, while the parser itself stays the same.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/** The source text of grammar/action.ohm. */
export function actionGrammarSource(): string {
  return readFileSync(grammarPath(), 'utf8');
}
