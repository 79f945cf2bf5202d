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
