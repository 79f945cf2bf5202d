import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('nnqft CLI plumbing', () => {
  it('prints presets as JSON', () => {
    const r = runCli(['inputs', 'paper-erf', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).points).toHaveLength(6);
  });
  it('bad input: one line on stderr, exit 2', () => {
    const r = runCli(['inputs', '1,x']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
  it('unknown command: exit 2', () => {
    expect(runCli(['no-such-command']).status).toBe(2);
  });
});

describe('nnqft output into a closed pipe', () => {
  it('exits quietly when the reader stops early (EPIPE)', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli.js');
    const child = spawn(process.execPath, [CLI, 'inputs', 'paper-erf', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader goes away before the first write
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});

describe('interruption by a signal', () => {
  it('nnqft reproduce: SIGINT saves the sampling done so far and exits 130 with one line, as nnqft sample', async () => {
    const { spawn } = await import('node:child_process');
    const { existsSync, mkdtempSync, readdirSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { CLI } = await import('../helpers/cli.js');
    const out = mkdtempSync(join(tmpdir(), 'nnqft-int-'));
    const child = spawn(process.execPath, [CLI, 'reproduce', '--quick', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const ck = join(out, 'checkpoints');
    const code = await new Promise<number | null>((resolve) => {
      // once sampling has started (its checkpoint folder exists), interrupt
      const t = setInterval(() => { if (existsSync(ck) && readdirSync(ck).length > 1) { clearInterval(t); child.kill('SIGINT'); } }, 20);
      child.once('exit', (c) => { clearInterval(t); resolve(c); });
    });
    expect(code).toBe(130);
    const last = stderr.trim().split('\n').pop()!;
    expect(last).toMatch(/^nnqft: interrupted; .*run the same command again/);
  }, 60_000);
});
