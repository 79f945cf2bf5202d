/**
 * QA regression: output directories. mkdirSync({ recursive: true }) on Node 20
 * loops forever on /proc/x (mkdir answers ENOENT with the parent present), so
 * `nnqft diagrams --svg /proc/x` and `nnqft reproduce --out /proc/x` hung; and
 * reproduce computed for a minute before finding its --out unusable.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir } from '../../src/core/files.js';
import { isNnqftError } from '../../src/core/errors.js';
import { runCli } from '../helpers/cli.js';

const code = (f: () => void) => { try { f(); } catch (e) { return isNnqftError(e) ? e.code : 'other'; } return 'none'; };

describe('ensureDir', () => {
  it('creates missing parents, accepts an existing directory', () => {
    const base = mkdtempSync(join(tmpdir(), 'nnqft-qa-'));
    const d = join(base, 'a', 'b', 'c');
    ensureDir(d);
    expect(statSync(d).isDirectory()).toBe(true);
    ensureDir(d);
    rmSync(base, { recursive: true });
  });
  it('refuses a path through a regular file with code IO', () => {
    const base = mkdtempSync(join(tmpdir(), 'nnqft-qa-'));
    const f = join(base, 'file');
    writeFileSync(f, 'x');
    expect(code(() => ensureDir(f))).toBe('IO');
    expect(code(() => ensureDir(join(f, 'sub')))).toBe('IO');
    rmSync(base, { recursive: true });
  });
  it.runIf(existsSync('/proc/self'))('refuses /proc/<new> with code IO instead of hanging', () => {
    expect(code(() => ensureDir('/proc/nnqft-qa-x/y'))).toBe('IO');
  });
});

describe('CLI output directories', () => {
  it.runIf(existsSync('/proc/self'))('diagrams --svg /proc/x: one line on stderr, exit 2, promptly', () => {
    const r = runCli(['diagrams', 'λ f^4', '--n', '4', '--order', '1', '--svg', '/proc/nnqft-qa-x'], { timeoutMs: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('reproduce --out <a regular file> is refused before any computation', () => {
    const base = mkdtempSync(join(tmpdir(), 'nnqft-qa-'));
    const f = join(base, 'file');
    writeFileSync(f, 'x');
    const r = runCli(['reproduce', '--quick', '--no-progress', '--out', f], { timeoutMs: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    rmSync(base, { recursive: true });
  });
});
