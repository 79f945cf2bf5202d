import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { PLAN_FILE, reproduce, reproducePlan, RG_CUTOFFS } from '../../src/report/reproduce.js';
import { makeEngines } from '../../src/fit/engines.js';
import { fitAction, rgAction, validateAction } from '../../src/fit/pipeline.js';
import { predictRows } from '../../src/fit/fit.js';
import { targetsFromEntries } from '../../src/fit/adapters.js';
import { TABLE5_MODELS, TABLE5_SETUPS } from '../../src/fit/table5.js';
import { INPUT_PRESETS } from '../../src/core/inputs.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
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
    for (const id of ['diagrams', 'kernels', 'deviations', 'table5', 'sixpoint', 'rg', 'deep']) expect(html).toContain(`<section id="${id}">`);
    for (const f of ['table5-exact.json', 'table5-sampled.json', 'sixpoint.json', 'rg-flow.json', 'table5-residuals.svg']) expect(files).toContain(f);
    // The RG flow: one panel per architecture, each axis fitted to its own data.
    for (const arch of ['gauss', 'relu', 'erf']) expect(files).toContain(`rg-flow-${arch}.svg`);
    for (const arch of ['gauss', 'relu', 'erf']) expect(files).toContain(`mn-${arch}.svg`);
    // The seed's first-order classes appear with their coefficients (CONVENTIONS §5).
    for (const c of ['-24', '-360', '-720', '-5400']) expect(html).toContain(`<td class="num">${c}</td>`);
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
    // Sampled Table 5: 3 setups × (train, test) × 2 replicas.
    expect(readdirSync(dir).filter((f) => /^table5-.*\.checkpoint\.json$/.test(f))).toHaveLength(12);
    const other = reproducePlan(true, 4, 1, { widths: [2, 10, 100], nets: 2_000, experiments: 4, fitNets: 4_000, fitReplicas: 2, checkpointDir: dir });
    await expect(reproduce(other)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    // Without the plan record, the sampler's own check of its checkpoint still refuses.
    rmSync(join(dir, PLAN_FILE));
    await expect(reproduce(other, () => {}, { sections: ['deviations'] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
  it('computing each fit and exact table once gives the numbers of independent recomputation (fresh engines, fresh fits)', async () => {
    const asJson = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
    const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const six = read('sixpoint.json'), res = read('table5-residuals.json'), rg = read('rg-flow.json');
    for (const s of TABLE5_SETUPS) {
      const arch = getArchitecture(s.arch), params = resolveParams(arch, { sW: s.sW, sb: s.sb, dIn: 1 });
      const fresh = () => makeEngines(TABLE5_MODELS.M1!, { arch, params, width: s.width, propagator: 'eft', source: 'exact' });
      const v = await validateAction(fresh(), { train: s.train, test: s.test, cutoff: s.cutoff });
      expect(six[s.arch]).toEqual(asJson({ width: s.width, cutoff: s.cutoff, g4: v.fit.test, g6: v.g6 }));
      const e = fresh();
      const fit = await fitAction(e, { train: s.train, cutoff: s.cutoff });
      const pred = predictRows(await e.features(4, s.test, s.cutoff), fit.lsq.coefficients);
      const t = targetsFromEntries((await e.correlators(s.test, [4])).get(4)!);
      expect(res[s.arch].relativeResidual).toEqual(t.map((x, i) => (pred[i]! - x.value) / Math.abs(x.value)));
    }
    // RG flow of Erf- and Gauss-net: exact data shared with Table 5's test sets.
    for (const [label, a, sb, width, preset] of [['Erf-net, d_in = 1', 'erf', 1, 5, 'table5-erf-test'], ['Gauss-net, d_in = 1', 'gauss', 1, 1000, 'table5-gauss-test'], ['ReLU-net, d_in = 1', 'relu', 0, 20, 'paper-relu']] as const) {
      const arch = getArchitecture(a), params = resolveParams(arch, { sW: 1, sb, dIn: 1 });
      const points = INPUT_PRESETS[preset]!.points.map((p) => p.slice());
      const cutoffs = a === 'relu' ? [...RG_CUTOFFS] : [1, 2, 5, 10, 20, 50, 100, 1000];
      const r = await rgAction(makeEngines('λ f^4', { arch, params, width, propagator: 'eft', source: 'exact' }), { points, cutoffs });
      expect(rg[label]).toEqual(asJson({ arch: a, params, width, inputs: points, ...r }));
    }
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
