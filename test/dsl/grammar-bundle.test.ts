import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const GRAMMAR_DIR = fileURLToPath(new URL('../../grammar/', import.meta.url));

describe('generated grammar bundle and typings', () => {
  it('are what `npm run grammar` makes from grammar/action.ohm (never edited by hand, never stale)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnqft-grammar-'));
    copyFileSync(join(GRAMMAR_DIR, 'action.ohm'), join(dir, 'action.ohm'));
    const ohmCli = createRequire(import.meta.url).resolve('@ohm-js/cli/index.js');
    const r = spawnSync(process.execPath, [ohmCli, 'generateBundles', '--withTypes', 'action.ohm'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['action.ohm-bundle.js', 'action.ohm-bundle.d.ts']) {
      expect(readFileSync(join(dir, f), 'utf8'), `${f} is stale: run npm run grammar`).toBe(readFileSync(join(GRAMMAR_DIR, f), 'utf8'));
    }
  });
});
