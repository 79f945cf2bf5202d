import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { reproduce, reproducePlan } from '../../src/report/reproduce.js';
import { writeReport } from '../../src/report/write.js';
import { danglingLinks } from './links.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Distinct byte values in a PNG's decompressed image data: a blank page has a handful. */
function pngByteVariety(png: Buffer): number {
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  return new Set(inflateSync(Buffer.concat(idat))).size;
}

describe('nnqft reproduce (tiny plan)', () => {
  let dir = '';
  let files: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nnqft-reproduce-'));
    const plan = reproducePlan(true, 3, 1, { widths: [2, 10, 100], nets: 2_000, experiments: 4, fitNets: 4_000, fitReplicas: 2, checkpointDir: dir });
    const r = await reproduce(plan);
    files = writeReport(dir, r.title, r.intro, r.sections, r.meta);
  }, 240_000);

  it('covers the study: diagrams, kernels, deviations, Table 5, 6-point prediction, RG flow', () => {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const id of ['diagrams', 'kernels', 'deviations', 'table5', 'sixpoint', 'rg']) expect(html).toContain(`<section id="${id}">`);
    for (const f of ['table5-exact.json', 'table5-sampled.json', 'sixpoint.json', 'rg-flow.svg', 'table5-residuals.svg']) expect(files).toContain(f);
    for (const arch of ['gauss', 'relu', 'erf']) expect(files).toContain(`mn-${arch}.svg`);
    // The seed's first-order classes appear with their coefficients (CONVENTIONS §5).
    for (const c of ['-24', '-360', '-720', '-5400']) expect(html).toContain(`<td>${c}</td>`);
  });
  it('reports what the physics fixes: exact m_n slopes, ReLU degeneracy, RG slopes −5, −6, −7', () => {
    for (const arch of ['gauss', 'relu', 'erf']) {
      const d = JSON.parse(readFileSync(join(dir, `mn-${arch}.json`), 'utf8'));
      // ΔG4 is exactly ∝ 1/N (CONVENTIONS §4).
      expect(d.exact.slopes['4']).toBeCloseTo(-1, 8);
    }
    const t5 = JSON.parse(readFileSync(join(dir, 'table5-exact.json'), 'utf8')) as { arch: string; model: string; degenerate: boolean }[];
    expect(t5.filter((r) => r.arch === 'relu' && (r.model === 'M2' || r.model === 'M3')).every((r) => r.degenerate)).toBe(true);
    const rg = JSON.parse(readFileSync(join(dir, 'rg-flow.json'), 'utf8')) as Record<string, { slope: number }>;
    // ReLU (σ_b = 0): K_EFT is homogeneous of degree 2 in y, so ∫_{-Λ}^{Λ} d^d y Π K ∝ Λ^{4+d}.
    for (const d of [1, 2, 3]) expect(rg[`ReLU-net, d_in = ${d}`]!.slope).toBeCloseTo(-(4 + d), 6);
  });
  it('checkpoints the sampling, and a checkpoint of another job is refused, not silently reused', async () => {
    for (const arch of ['gauss', 'relu', 'erf']) expect(existsSync(join(dir, `mn-${arch}.checkpoint.json`))).toBe(true);
    const other = reproducePlan(true, 4, 1, { widths: [2, 10, 100], nets: 2_000, experiments: 4, fitNets: 4_000, fitReplicas: 2, checkpointDir: dir });
    await expect(reproduce(other)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
  it('links only files that exist, and every SVG is well-formed XML', () => {
    expect(danglingLinks(dir)).toEqual([]);
    for (const f of files.filter((f) => f.endsWith('.svg'))) {
      expect(XMLValidator.validate(readFileSync(join(dir, f), 'utf8')), f).toBe(true);
    }
    for (const f of files.filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(readFileSync(join(dir, f), 'utf8'))).not.toThrow();
  });
  it.skipIf(!CHROMIUM)('opens in headless Chromium without console errors; the screenshot is not blank', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const errors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto('file://' + join(dir, 'index.html'));
      const svgs = await page.locator('figure svg').count();
      expect(svgs).toBeGreaterThan(10);
      const png = await page.screenshot({ fullPage: false });
      expect(errors).toEqual([]);
      expect(pngByteVariety(png)).toBeGreaterThan(64);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
