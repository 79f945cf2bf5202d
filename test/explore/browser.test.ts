/**
 * The explorer in a real browser (Debian's chromium driven by playwright-core): the page
 * served by `nnqft explore` and written by `nnqft explore --out`. Skipped, visibly, where
 * chromium is absent (.ci/run installs it).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { serveExplorer, writeExplorerSite } from '../../src/explore/site.js';
import { DEFAULT_STATE, stateFromParams, stateToParams } from '../../src/explore/state.js';

// The callbacks of page.evaluate run in the page: its globals, typed loosely here (this project's
// type check has no DOM library, and adding one would hide DOM use in the library's Node code).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
type HTMLInputElement = any;

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PANELS = ['diagrams', 'kernel', 'width', 'eft'];

/** Standard deviation of the decoded PNG bytes (filter bytes included): a blank page is ~0. */
function pngByteSpread(png: Buffer): number {
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  let s = 0, s2 = 0;
  for (const b of raw) { s += b; s2 += b * b; }
  const m = s / raw.length;
  return Math.sqrt(s2 / raw.length - m * m);
}

/** Waits until every panel has answered (ok or error) for its latest request. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction((ps) => ps.every((p) => {
    const k = document.getElementById(`${p}-status`)?.dataset.kind;
    return k === 'ok' || k === 'error';
  }), PANELS, { timeout: 60_000 });
}

describe.skipIf(!CHROMIUM)('nnqft explore in headless chromium', () => {
  let ctx: BrowserContext;
  let server: Server;
  let url = '';
  let profile = '';
  const errors: string[] = [];
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    profile = mkdtempSync(join(tmpdir(), 'nnqft-explore-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 1500 } });
    ctx.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    ctx.on('weberror', (e) => errors.push(String(e.error())));
    ({ url, server } = await serveExplorer(0));
  }, 60_000);
  afterAll(async () => {
    await ctx?.close();
    server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(hash = ''): Promise<Page> {
    errors.length = 0;
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url + hash);
    await settled(page);
    return page;
  }

  it('the default view: every panel draws, no console errors, the screenshot is not blank', async () => {
    const page = await open();
    for (const p of PANELS) expect(await page.locator(`#${p}-status`).getAttribute('data-kind'), p).toBe('ok');
    expect(await page.locator('#kernel-plot svg').count()).toBe(1);
    expect(await page.locator('#width-plot svg').count()).toBe(1);
    expect(await page.locator('#eft-plot svg').count()).toBe(1);
    expect(await page.locator('#eft-mape').textContent()).toMatch(/^\d+\.\d+$/);
    const png = await page.screenshot();
    expect(pngByteSpread(png)).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('typing λf⁴+κf⁶ shows the −24 λ and −360 κ classes of G4, with KaTeX MathML and the canonical form', async () => {
    const page = await open('#a=g%20f%5E3&k=0');
    const box = page.getByLabel(/ΔS in S/);
    await box.fill('');
    await box.pressSequentially('λf⁴+κf⁶');
    await page.locator('#order').fill('1');
    await page.waitForFunction(() => document.querySelectorAll('figure.diagram[data-coefficient="-360"]').length === 1);
    await expect.poll(() => page.locator('#canonical').textContent()).toBe('λ f^4 + κ f^6');
    const lam = page.locator('figure.diagram[data-coefficient="-24"][data-couplings=\'{"λ":1}\']');
    const kap = page.locator('figure.diagram[data-coefficient="-360"][data-couplings=\'{"κ":1}\']');
    expect(await lam.count()).toBe(1);
    expect(await kap.count()).toBe(1);
    expect(await kap.locator('svg text.caption').textContent()).toContain('360');
    expect(await kap.locator('math').count()).toBeGreaterThan(0);
    expect(stateFromParams(new URL(page.url()).hash).action).toBe('λf⁴+κf⁶');
    // Copy TikZ puts the class's TikZ-Feynman picture on the clipboard.
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    await lam.locator('button.copy-tikz').click();
    await expect.poll(() => lam.locator('button.copy-tikz').textContent()).toBe('Copied');
    const clip = await page.evaluate(() => (globalThis as any).navigator.clipboard.readText());
    expect(clip).toContain('\\begin{feynman}');
    expect(clip).toContain('\\lambda');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('typing λ f^ + shows the parser\'s error underlined at its column', async () => {
    const page = await open();
    const box = page.locator('#action');
    await box.fill('');
    await box.pressSequentially('λ f^ +');
    const mark = page.locator('#action-error mark.err-at');
    // Intermediate texts ("", "λ f^") have errors of their own: wait for the last keystroke's answer.
    await expect.poll(async () => (await mark.count()) > 0 ? mark.getAttribute('data-column') : null, { timeout: 30_000 }).toBe('6');
    expect(await mark.getAttribute('data-line')).toBe('1');
    expect(await mark.textContent()).toBe('+');
    expect(await page.locator('#action-error .message').textContent()).toMatch(/line 1, column 6: expected/);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#action-error').isVisible()).toBe(true);
    // Fixing the text clears the error.
    await box.press('Backspace');
    await box.press('Backspace');
    await box.pressSequentially('4');
    await page.locator('#action-error').waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('changing the widths redraws the finite-width plot', async () => {
    const page = await open();
    const before = await page.locator('#width-plot').innerHTML();
    await page.locator('#widths').fill('4,40,400');
    await page.waitForFunction(() => document.getElementById('width-table')!.textContent!.includes('400'));
    await settled(page);
    const after = await page.locator('#width-plot').innerHTML();
    expect(after).not.toBe(before);
    expect(await page.locator('#width-table tr').count()).toBe(4);
    expect(new URL(page.url()).hash).toContain('N=4%2C40%2C400');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('changing the depth redraws the finite-width plot at leading order in 1/n, saying m6 is not available', async () => {
    const page = await open('#arch=relu&sb=0&in=0.7&N=2%2C20%2C200');
    expect(await page.locator('#width-plot svg').textContent()).toContain('exact m₄, m₆');
    await page.locator('#depth').fill('2');
    await page.waitForFunction(() => document.getElementById('width-plot')!.textContent!.includes('leading order in 1/n, truncation O(1/n²)'));
    await settled(page);
    expect(await page.locator('#width-status').getAttribute('data-kind')).toBe('ok');
    expect(await page.locator('#width-status').textContent()).toContain('m₆ is not available at depth ≥ 2');
    expect(await page.locator('#h-width').textContent()).toContain('depth 2');
    // One input, bias-free ReLU: the exact m4 (1+5/n)² − 1 is tabulated beside the leading 10/n.
    expect(await page.locator('#width-table tr').count()).toBe(4);
    expect(await page.locator('#width-table tr:nth-child(3) td:nth-child(3)').textContent()).toBe(((1 + 5 / 20) ** 2 - 1).toExponential(4));
    expect(new URL(page.url()).hash).toContain('L=2');
    // Gauss-net refuses depth > 1: the library's one-line error in the panel.
    await page.locator('#arch').selectOption('gauss');
    await page.waitForFunction(() => document.getElementById('width-status').dataset.kind === 'error');
    expect(await page.locator('#width-status').textContent()).toMatch(/INVALID_ARGUMENT.*Gauss-net has no depth > 1/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a shared URL restores its view', async () => {
    const shared = { ...DEFAULT_STATE, action: 'κ f^6', n: '6', order: '1', arch: 'relu', sw: '1.5', sb: '0', depth: '3', widths: '2,20,200' };
    const page = await open('#' + stateToParams(shared));
    expect(await page.locator('#action').inputValue()).toBe('κ f^6');
    expect(await page.locator('#n').inputValue()).toBe('6');
    expect(await page.locator('#arch').inputValue()).toBe('relu');
    expect(await page.locator('#sw').inputValue()).toBe('1.5');
    expect(await page.locator('#depth').inputValue()).toBe('3');
    // G6 of κ f^6 at first order: classes −720 κ and −5400 κ (CONVENTIONS §5).
    expect(await page.locator('figure.diagram[data-coefficient="-720"]').count()).toBe(1);
    expect(await page.locator('figure.diagram[data-coefficient="-5400"]').count()).toBe(1);
    expect(await page.locator('#kernel-plot svg').textContent()).toContain('ReLU-net');
    expect(await page.locator('#kernel-status').textContent()).toContain('depths 1, 2, 3');
    expect(await page.locator('#width-table tr').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('an exploding request is refused with its estimate shown, and the page keeps answering', async () => {
    const page = await open('#n=10&k=6&mode=full');
    const status = page.locator('#diagrams-status');
    expect(await status.getAttribute('data-kind')).toBe('error');
    expect(await status.textContent()).toMatch(/Refused \(budget\).*estimate \d/);
    await page.locator('#n').fill('4');
    await page.locator('#order').fill('1');
    await page.waitForFunction(() => document.querySelectorAll('figure.diagram[data-coefficient="-24"]').length === 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('a long computation runs in its worker: the page answers meanwhile, and a newer request stops the stale one', async () => {
    const page = await open();
    // 16 inputs: tens of seconds of exact moments on this machine.
    const heavy = Array.from({ length: 16 }, (_, i) => (-1 + (2 * i) / 15).toFixed(3)).join(',');
    await page.locator('#inputs').fill(heavy);
    await page.waitForFunction(() => document.getElementById('width-status').dataset.kind === 'busy');
    await page.waitForTimeout(400); // past the debounce: the heavy request is running
    // The page's thread is free: it answers at once, and the diagrams panel keeps working.
    const t0 = Date.now();
    await page.evaluate(() => 1);
    expect(Date.now() - t0).toBeLessThan(2000);
    await page.locator('#n').fill('6');
    await page.waitForFunction(() => document.querySelectorAll('figure.diagram[data-coefficient="-720"]').length === 1);
    expect(await page.locator('#width-status').getAttribute('data-kind')).toBe('busy');
    // A newer request terminates the running worker and is answered.
    const cancelledBefore = Number(await page.evaluate(() => document.documentElement.dataset.cancelled ?? '0'));
    await page.locator('#inputs').fill('0.2,0.6');
    await page.waitForFunction(() => document.getElementById('width-status').dataset.kind === 'ok', null, { timeout: 60_000 });
    expect(await page.locator('#width-status').textContent()).toMatch(/^2 inputs/);
    expect(Number(await page.evaluate(() => document.documentElement.dataset.cancelled))).toBeGreaterThan(cancelledBefore);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('accessibility: every control has a label and the Tab key reaches each one', async () => {
    const page = await open();
    const controls = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button, summary, a[href]')].map((el, i) => {
      if (!el.id) el.id = `ctl-${i}`;
      const labelled = (el as HTMLInputElement).labels?.length ? [...(el as HTMLInputElement).labels!].map((l) => l.textContent).join(' ') : '';
      const name = (el.getAttribute('aria-label') ?? '') || labelled || (el.textContent ?? '');
      return { id: el.id, name: name.trim() };
    }));
    expect(controls.length).toBeGreaterThan(15);
    for (const c of controls) expect(c.name, c.id).not.toBe('');
    // Playwright's accessible name agrees for the form fields.
    for (const id of ['action', 'n', 'order', 'mode', 'arch', 'sw', 'sb', 'din', 'depth', 'x0', 'inputs', 'widths', 'width', 'cutoff', 'train', 'test']) {
      expect(await page.locator(`#${id}`).evaluate((el) => (el as HTMLInputElement).labels?.length ?? 0), id).toBeGreaterThan(0);
    }
    const reached = new Set<string>();
    await page.locator('body').focus();
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id ?? ''));
    }
    for (const c of controls) expect(reached.has(c.id), `Tab reaches #${c.id}`).toBe(true);
    await page.close();
  }, 120_000);

  it('nnqft explore --out: the static site works from file://', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnqft-explore-site-'));
    try {
      writeExplorerSite(dir);
      errors.length = 0;
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto('file://' + join(dir, 'index.html') + '#k=2');
      await settled(page);
      for (const p of PANELS) expect(await page.locator(`#${p}-status`).getAttribute('data-kind'), p).toBe('ok');
      expect(await page.locator('figure.diagram').count()).toBeGreaterThan(3);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
