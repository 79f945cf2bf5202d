/**
 * `nnqft explore [--port P] [--open]`: serves the interactive explorer on 127.0.0.1 and prints
 * its URL (opens a browser only with --open). `nnqft explore --out DIR` writes the page as a
 * static site instead (any file server, or file://).
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { serveExplorer, writeExplorerSite } from '../../src/explore/site.js';
import { natInt } from '../options.js';
import { action } from '../run.js';

/** Default port of the local server. */
const DEFAULT_PORT = 8173;

/** Opens a URL in the desktop's browser, if there is one; failures are reported, never fatal. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => process.stderr.write(`nnqft: could not start ${cmd}; open ${url} yourself\n`));
    child.unref();
  } catch {
    process.stderr.write(`nnqft: could not start ${cmd}; open ${url} yourself\n`);
  }
}

export function register(program: Command): void {
  program
    .command('explore')
    .description('interactive explorer in the browser: an action\'s diagrams, kernels, exact finite-width deviations and the EFT fit, live')
    .option('--port <p>', `port on 127.0.0.1 (0: any free port)`, natInt('port'), DEFAULT_PORT)
    .option('--open', 'open the page in the default browser')
    .option('--out <dir>', 'write the page as a static site into <dir> instead of serving it')
    .action(action(async (o: { port: number; open?: boolean; out?: string }) => {
      if (o.out !== undefined) {
        const files = writeExplorerSite(o.out);
        process.stdout.write(`wrote ${files.join(', ')}\nopen ${files[0]} in a browser, or serve ${o.out} with any file server\n`);
        return;
      }
      const { url, server } = await serveExplorer(o.port);
      process.stdout.write(`nnqft explorer: ${url}  (Ctrl-C stops it)\n`);
      if (o.open) openBrowser(url);
      const stop = () => { server.close(); process.exit(0); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }));
}
