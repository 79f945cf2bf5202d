/**
 * The published declarations (dist/src/*.d.ts, built by `npm test` before vitest) type-check in a
 * consumer that has neither @types/node nor the DOM library: `types: []`, `lib: ["ES2022"]`,
 * `skipLibCheck: false`, with the repository's own tsc. A Node type in the public API (Buffer,
 * AbortSignal, NodeJS.*, `node:` imports) makes this fail. A negative control proves that the same
 * configuration does reject a declaration naming Buffer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const INDEX = join(ROOT, 'dist', 'src', 'index.js');
const dir = mkdtempSync(join(tmpdir(), 'nnqft-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Type-checks `source` as consumer.ts under the no-Node configuration; returns tsc's diagnostics. */
function typecheck(source: string): { status: number | null; out: string } {
  writeFileSync(join(dir, 'consumer.ts'), source);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'],
      types: [], strict: true, skipLibCheck: false, noEmit: true,
    },
    files: ['consumer.ts'],
  }));
  const r = spawnSync(TSC, ['-p', dir], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('published types without @types/node', () => {
  it('a consumer importing the whole API type-checks with types: [] and lib ES2022', () => {
    const r = typecheck([
      `import * as nnqft from ${JSON.stringify(INDEX)};`,
      'export const names: string[] = Object.keys(nnqft);',
      'export const npy: Uint8Array = nnqft.npyHeader([2, 3]);',
      'export const back: number[] = nnqft.readNpy(npy).shape;',
    ].join('\n'));
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('negative control: the same configuration rejects a declaration that names Buffer', () => {
    writeFileSync(join(dir, 'leak.d.ts'), 'export declare function leak(): Buffer;\n');
    const r = typecheck(`import { leak } from './leak.js';\nexport const x = leak();\n`);
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/Buffer/);
  });
});
