#!/usr/bin/env node
/**
 * Builds the explorer (`nnqft explore`) into dist/explore/: index.html (styles inlined) and
 * explorer.js, which carries the workers' bundles as strings (a Blob worker runs from
 * file:// too, where a worker file could not be loaded). esbuild bundles the library's
 * browser-safe modules; src/dsl/grammar-source.ts (which reads grammar/action.ohm with
 * node:fs) is replaced by the generated recipe of the same grammar. Any other Node import fails the build.
 * Usage: node web/build.mjs [--out DIR]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, 'dist', 'explore');

/**
 * src/dsl/grammar-source.ts -> the generated recipe grammar/action.ohm-bundle.js (kept current by
 * test/dsl/grammar-bundle.test.ts): it loads in milliseconds where compiling the text takes ~300 ms.
 */
const grammarRecipe = {
  name: 'nnqft-grammar-recipe',
  setup(b) {
    b.onResolve({ filter: /[\\/]grammar-source\.js$/ }, () => ({ path: 'grammar-source', namespace: 'nnqft-grammar' }));
    // The recipe is CommonJS (`require('ohm-js')`, `module.exports`) inside this ESM package: run it
    // as a function with ohm-js as its only requirement.
    b.onLoad({ filter: /.*/, namespace: 'nnqft-grammar' }, () => ({
      contents: [
        "import * as ohm from 'ohm-js';",
        'const module = { exports: {} };',
        `(function (require, module) { ${readFileSync(join(root, 'grammar', 'action.ohm-bundle.js'), 'utf8')}\n})(`,
        "  (id) => { if (id === 'ohm-js') return ohm; throw new Error('grammar recipe: unexpected require ' + id); }, module);",
        'export function loadActionGrammar() { return module.exports; }',
      ].join('\n'),
      loader: 'js', resolveDir: root,
    }));
  },
};

const common = {
  bundle: true, platform: 'browser', format: 'iife', target: ['es2022'], minify: true, write: false,
  legalComments: 'none', logLevel: 'warning', plugins: [grammarRecipe],
};

// One worker per panel (web/workers/<panel>.ts), each bundled with only what its panel uses.
const PANELS = ['diagrams', 'kernel', 'width', 'eft'];
const workers = await Promise.all(PANELS.map((p) => build({ ...common, entryPoints: [join(root, 'web', 'workers', `${p}.ts`)] })));
const sources = Object.fromEntries(PANELS.map((p, i) => [p, workers[i].outputFiles[0].text]));
const app = await build({ ...common, entryPoints: [join(root, 'web', 'app.ts')], define: { WORKER_SOURCES: JSON.stringify(sources) } });

const css = readFileSync(join(root, 'web', 'style.css'), 'utf8');
const html = readFileSync(join(root, 'web', 'index.html'), 'utf8').replace('/*STYLE*/', () => css);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.html'), html);
writeFileSync(join(out, 'explorer.js'), app.outputFiles[0].text);
