#!/usr/bin/env node
// Regenerates test/render/golden/* from the current renderers (never edit them by hand):
//   node test/render/make-golden.mjs
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const r = spawnSync('npx', ['vitest', 'run', 'test/render/golden.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NNQFT_UPDATE_GOLDEN: '1' },
});
process.exit(r.status ?? 1);
