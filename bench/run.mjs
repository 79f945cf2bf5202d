#!/usr/bin/env node
// Runs every benchmark file bench/*.bench.mjs (or those named on the command line) against the built
// library in dist/. Each file exports `default async function (log)`, prints its own figures and
// reports ratios against a baseline measured in the same run (this machine is shared and noisy).
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
for (const f of files) {
  console.log(`\n=== ${f}`);
  const mod = await import(pathToFileURL(join(dir, f)).href);
  await mod.default((...a) => console.log(...a));
}
