#!/usr/bin/env node
/**
 * Regenerates docs/explorer.png (shown in the README): the built explorer's default view in
 * headless chromium. Usage: npm run build && node web/screenshot.mjs [out.png]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveExplorer } from '../dist/src/explore/site.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) { console.error('web/screenshot.mjs: no chromium (apt-get install chromium)'); process.exit(2); }
const out = resolve(process.argv[2] ?? 'docs/explorer.png');
const profile = mkdtempSync(join(tmpdir(), 'nnqft-shot-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const { url, server } = await serveExplorer(0);
try {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => ['diagrams', 'kernel', 'width', 'eft'].every((p) => performance.getEntriesByName(`nnqft:${p}`).length > 0), null, { timeout: 60_000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out}`);
} finally {
  await ctx.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
