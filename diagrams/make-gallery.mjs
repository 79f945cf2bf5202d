#!/usr/bin/env node
// Writes the diagram gallery into this folder from the built library (dist/):
//   npm run gallery        (builds first)
// Files the gallery no longer produces (gN-NN.svg/.tex) are removed, so the folder is exactly the gallery.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { paperGallery } from '../dist/src/render/paper-gallery.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = paperGallery();
const keep = new Set(files.map((f) => f.path));
for (const f of readdirSync(dir)) {
  if (/^g\d+-\d+\.(svg|tex)$/.test(f) && !keep.has(f)) rmSync(join(dir, f));
}
for (const f of files) writeFileSync(join(dir, f.path), f.content);
console.log(`diagrams/: ${files.length} files written`);
