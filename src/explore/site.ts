/**
 * The explorer as files and as a local server (`nnqft explore`). The page itself is built
 * by `npm run build` (web/build.mjs) into dist/explore/; this module only finds, copies and
 * serves it. Node-only (the page's computations are src/explore/compute.ts, in the browser).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, IoError } from '../core/errors.js';
import { ensureDir, writeFileAtomic } from '../core/files.js';

/** The site's files: everything the page needs (styles are inlined, the worker rides in explorer.js). */
export const EXPLORER_FILES = ['index.html', 'explorer.js'] as const;

const TYPES: Readonly<Record<string, string>> = { 'index.html': 'text/html; charset=utf-8', 'explorer.js': 'text/javascript; charset=utf-8' };

/**
 * The folder of the built page: dist/explore, seen from this module built (dist/src/explore)
 * or from its source (src/explore, under a TypeScript runner such as vitest).
 */
export function explorerSiteDir(): string {
  const candidates = ['../../explore/', '../../dist/explore/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  const dir = candidates.find((d) => EXPLORER_FILES.every((f) => existsSync(join(d, f))));
  if (!dir) throw new IoError(`the explorer page is not built (looked in ${candidates.join(', ')}): run npm run build`);
  return dir;
}

/** The site's files as text. */
function readSite(): Map<string, string> {
  const dir = explorerSiteDir();
  return new Map(EXPLORER_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Writes the static site into `dir` (created if needed); returns the written paths. Works from any file server and from file://. */
export function writeExplorerSite(dir: string): string[] {
  const files = readSite();
  ensureDir(dir);
  return [...files].map(([f, text]) => { writeFileAtomic(join(dir, f), text); return join(dir, f); });
}

/**
 * Serves the page on 127.0.0.1 (only there: it is a local tool). Port 0 takes a free port.
 * Resolves with the URL once listening; a taken port rejects with IoError.
 */
export function serveExplorer(port: number): Promise<{ url: string; server: Server }> {
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new InvalidArgumentError(`port must be an integer from 0 to 65535, got ${port}`);
  const files = readSite();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const name = path === '/' ? 'index.html' : path.slice(1);
    const body = files.get(name);
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }).end(); return; }
    if (body === undefined) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n'); return; }
    res.writeHead(200, { 'Content-Type': TYPES[name]!, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new IoError(`cannot serve the explorer on 127.0.0.1:${port}: ${e.code ?? e.message}`)));
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const p = typeof addr === 'object' && addr ? addr.port : port;
      resolve({ url: `http://127.0.0.1:${p}/`, server });
    });
  });
}
