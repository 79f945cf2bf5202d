/** Runs the built CLI (dist/, built by `npm test` before vitest) as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

export function runCli(args: string[], opts: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000, cwd: opts.cwd, env: opts.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
