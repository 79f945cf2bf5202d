/** `nnqft explore`: the static site (--out), the local server (URL on stdout), bad ports. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';

describe('nnqft explore', () => {
  it('--out DIR writes the page as a static site (index.html + explorer.js)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnqft-explore-out-'));
    try {
      const r = runCli(['explore', '--out', join(dir, 'site')]);
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(join(dir, 'site')).sort()).toEqual(['explorer.js', 'index.html']);
      const html = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
      // A classic script (not a module): modules do not load from file://.
      expect(html).toContain('<script src="explorer.js"></script>');
      expect(r.stdout).toContain('index.html');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('serves on 127.0.0.1, prints the URL, opens nothing; the page and its script load', async () => {
    const child = spawn(process.execPath, [CLI, 'explore', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('nnqft explorer');
      const js = await fetch(url + 'explorer.js');
      expect(js.headers.get('content-type')).toContain('javascript');
      expect((await fetch(url + 'nothing-here')).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
  it('a bad port is one line on stderr and exit status 2', () => {
    for (const p of ['70000', 'abc']) {
      const r = runCli(['explore', '--port', p]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
