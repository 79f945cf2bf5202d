#!/usr/bin/env node
/**
 * Builds the explorer (`nnqft explore`) into dist/explore/: index.html (styles inlined) and
 * explorer.js, which carries the worker's bundle as a string (a Blob worker runs from
 * file:// too, where a worker file could not be loaded). esbuild bundles the library's
 * browser-safe modules; src/dsl/grammar-source.ts (which reads grammar/action.ohm with
 * node:fs) is replaced by the grammar's text. Any other Node import fails the build.
 * Usage: node web/build.mjs [--out DIR]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, 'dist', 'explore');

/** src/dsl/grammar-source.ts -> the grammar text, inlined. */
const grammarInline = {
  name: 'nnqft-grammar-inline',
  setup(b) {
    b.onResolve({ filter: /[\\/]grammar-source\.js$/ }, () => ({ path: join(root, 'grammar', 'action.ohm'), namespace: 'nnqft-grammar' }));
    b.onLoad({ filter: /.*/, namespace: 'nnqft-grammar' }, (args) => ({
      contents: `export function actionGrammarSource() { return ${JSON.stringify(readFileSync(args.path, 'utf8'))}; }`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true, platform: 'browser', format: 'iife', target: ['es2022'], minify: true, write: false,
  legalComments: 'none', logLevel: 'warning', plugins: [grammarInline],
};

const worker = await build({ ...common, entryPoints: [join(root, 'web', 'worker.ts')] });
const workerSource = worker.outputFiles[0].text;
const app = await build({ ...common, entryPoints: [join(root, 'web', 'app.ts')], define: { WORKER_SOURCE: JSON.stringify(workerSource) } });

const css = readFileSync(join(root, 'web', 'style.css'), 'utf8');
const html = readFileSync(join(root, 'web', 'index.html'), 'utf8').replace('/*STYLE*/', () => css);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'index.html'), html);
writeFileSync(join(out, 'explorer.js'), app.outputFiles[0].text);
