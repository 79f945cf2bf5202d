/**
 * CLI progress bars (cli/progress.ts): shown only on a TTY stderr, after the
 * delay, never on stdout; nothing new in pipes (the tests' spawnSync), with or
 * without --no-progress.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cliProgressBar } from '../../cli/progress.js';
import { CLI, runCli } from '../helpers/cli.js';

/** A fake terminal: collects what is written. */
function fakeTty(isTTY: boolean) {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } }) as Writable & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  return { stream, text: () => text };
}

describe('cliProgressBar', () => {
  it('no callback at all with --no-progress or a non-TTY stream (the library then skips its counting)', () => {
    expect(cliProgressBar(false, { stream: fakeTty(true).stream }).onProgress).toBeUndefined();
    expect(cliProgressBar(true, { stream: fakeTty(false).stream }).onProgress).toBeUndefined();
  });

  it('logPhases: where stderr is not a terminal, each new phase on a line of its own, once', () => {
    const pipe = fakeTty(false);
    const cb = cliProgressBar(true, { stream: pipe.stream, logPhases: true }).onProgress!;
    cb(0, 10, 'sampling Erf-net'); cb(5, 10, 'sampling Erf-net'); cb(10, 10, 'sampling Erf-net'); cb(0, 1, 'RG flow');
    expect(pipe.text()).toBe('  sampling Erf-net…\n  RG flow…\n');
    expect(cliProgressBar(false, { stream: pipe.stream, logPhases: true }).onProgress).toBeUndefined();
  });

  it('nothing before the delay, nor for a phase already done; a bar with rate and ETA after it; cleared by stop()', () => {
    let clock = 0;
    const tty = fakeTty(true);
    const bar = cliProgressBar(true, { stream: tty.stream, delayMs: 1000, now: () => clock });
    const cb = bar.onProgress!;
    cb(0, 100, 'moments'); clock = 500; cb(40, 100, 'moments'); clock = 900; cb(100, 100, 'moments');
    expect(tty.text()).toBe('');
    clock = 1100; cb(0, 50, 'correlators'); // a phase younger than a quarter of the delay: not yet
    expect(tty.text()).toBe('');
    clock = 1400; cb(10, 50, 'correlators');
    expect(tty.text()).toContain('correlators');
    expect(tty.text()).toContain('10/50');
    expect(tty.text()).toContain('ETA');
    clock = 1600; cb(50, 50, 'correlators');
    bar.stop();
    bar.stop(); // idempotent
    expect(tty.text()).toMatch(/\x1b\[2K$/); // the line is cleared at the end
    expect(tty.text()).not.toContain('moments');
  });
});

describe('CLI progress in pipes (non-TTY stderr)', () => {
  it('exact and predict: stderr stays empty, stdout identical with --no-progress', () => {
    const jobs = [
      ['exact', '--arch', 'erf', '--inputs', 'paper-erf', '--n', '4', '--width', '5,50', '--json'],
      ['predict', 'λ f^4', '--arch', 'erf', '--cutoff', '3', '--inputs', '-0.5,0.5', '--n', '4', '--json'],
    ];
    for (const args of jobs) {
      const a = runCli(args), b = runCli([...args, '--no-progress']);
      expect(a.status).toBe(0);
      expect(a.stderr).toBe('');
      expect(b.stderr).toBe('');
      expect(a.stdout).toBe(b.stdout);
      expect(() => JSON.parse(a.stdout)).not.toThrow();
    }
  });

  it('every long command documents --no-progress', () => {
    for (const cmd of ['exact', 'predict', 'fit', 'validate', 'rg', 'table5', 'sample']) {
      expect(runCli([cmd, '--help']).stdout).toContain('--no-progress');
    }
  });
});

// A pseudo-terminal through util-linux `script`, where available; NNQFT_PROGRESS_DELAY_MS=0 makes the bar independent of speed.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('CLI progress on a pseudo-terminal (script -qc)', () => {
  const job = `exact --arch erf --din 2 --inputs '1 0; 0 1; -1 0.5' --n 4 --width 5`;
  const underPty = (cmd: string) => execFileSync('script', ['-qec', cmd, '/dev/null'], {
    encoding: 'utf8', env: { ...process.env, NNQFT_PROGRESS_DELAY_MS: '0' }, timeout: 60_000,
  });

  it('the bar goes to the terminal on stderr; stdout redirected to a file holds exactly the JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnqft-progress-'));
    try {
      const out = join(dir, 'out.json');
      const screen = underPty(`'${process.execPath}' '${CLI}' ${job} --json > '${out}'`);
      expect(screen).toContain('moments');
      expect(screen).toContain('%');
      const json = readFileSync(out, 'utf8');
      expect(json).not.toContain('\x1b');
      expect(JSON.parse(json).results[0].width).toBe(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--no-progress: the terminal shows only the table', () => {
    const screen = underPty(`'${process.execPath}' '${CLI}' ${job} --no-progress`);
    expect(screen).not.toContain('moments');
    expect(screen).not.toContain('\x1b');
    expect(screen).toContain('m_n connected');
  });
});
