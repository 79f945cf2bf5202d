import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateRemaining, estimateSeconds, estimateStages, openCheckpoints, PLAN_FILE, PAPER_WIDTHS, reproduce, reproducePlan, secondsPerNet, type ReproducePlan, type SectionId, type StageEstimate } from '../../src/report/reproduce.js';
import { writeReport } from '../../src/report/write.js';
import { samplingCallSeconds } from '../../src/report/cost.js';
import { deepSamplingSeconds } from '../../src/report/sections/deep.js';
import { DEEP_STUDY } from '../../src/core/paper.js';
import { reportDigest } from './compare.js';
import { runCli } from '../helpers/cli.js';

// Tiny plan, one thread (so the chunk counts of the interruptions are exact):
// m_n: 3 archs × 2 widths × 4 experiments of 500 networks = 8 chunks per arch, 24 in all;
// Table 5: 3 setups × (train, test) × 2 replicas × 2 chunks of 1000 networks = 24 chunks.
const SECTIONS: SectionId[] = ['deviations', 'table5', 'sixpoint'];
const tinyPlan = (dir: string, o: Partial<ReproducePlan> = {}) =>
  reproducePlan(true, 5, 1, { widths: [2, 10], nets: 2_000, experiments: 4, fitNets: 2_000, fitReplicas: 2, checkpointDir: join(dir, 'checkpoints'), ...o });

/** Runs the tiny plan into `dir`, writes the report; returns the sampling chunks it computed and whether it says it continued. */
async function run(dir: string, stopAfterChunks?: number): Promise<{ chunks: number; continued: boolean }> {
  const r = await reproduce(tinyPlan(dir), () => {}, { sections: SECTIONS, ...(stopAfterChunks !== undefined ? { stopAfterChunks } : {}) });
  writeReport(dir, r.title, r.intro, r.sections, r.meta);
  return { chunks: r.sampledChunks, continued: /continuing/.test(r.meta['run time']!) };
}
const runTo = async (dir: string, stopAfterChunks?: number) => (await run(dir, stopAfterChunks)).chunks;

describe('reproduce: an interrupted run continues from its checkpoints', () => {
  const root = mkdtempSync(join(tmpdir(), 'nnqft-resume-'));
  const ref = join(root, 'uninterrupted'), cut = join(root, 'interrupted');
  const table5Files = (d: string) => readdirSync(join(d, 'checkpoints')).filter((f) => f.startsWith('table5-'));
  beforeAll(async () => { expect(await run(ref)).toEqual({ chunks: 48, continued: false }); }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stops in the m_n stage, then in the middle of a Table 5 replica, and the resumed report equals the uninterrupted one', async () => {
    // 13 chunks: Gauss-net's 8 and 5 of ReLU-net's; nothing of Table 5 yet.
    await expect(runTo(cut, 13)).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(existsSync(join(cut, 'checkpoints', 'mn-relu.checkpoint.json'))).toBe(true);
    expect(existsSync(join(cut, 'checkpoints', 'mn-erf.checkpoint.json'))).toBe(false);
    expect(table5Files(cut)).toEqual([]);
    expect(existsSync(join(cut, 'index.html'))).toBe(false);
    // What is left, in the estimate's cost model: Gauss done, ReLU's 3 chunks of width 10, all of Erf and Table 5.
    const sampling = (e: StageEstimate[]) => e.filter((x) => x.checkpointed).map((x) => x.seconds);
    const left = sampling(estimateRemaining(tinyPlan(cut))), full = sampling(estimateStages(tinyPlan(cut)));
    expect(left[0]).toBe(0);
    expect(left[1]).toBeCloseTo(3 * 500 * secondsPerNet(10, [4, 6]), 12);
    expect(left.slice(2)).toEqual(full.slice(2));
    // 16 more: ReLU's last 3, Erf's 8, then Gauss train replicas 1–2 and the first chunk of test replica 1.
    await expect(runTo(cut, 16)).rejects.toMatchObject({ code: 'INTERRUPTED' });
    expect(table5Files(cut).sort()).toEqual(['table5-gauss-N1000-test-n4-r1.checkpoint.json', 'table5-gauss-N1000-train-n4-r1.checkpoint.json', 'table5-gauss-N1000-train-n4-r2.checkpoint.json']);
    // Only the 48 − 13 − 16 chunks not yet done are computed.
    expect(await run(cut)).toEqual({ chunks: 19, continued: true });
    const a = reportDigest(ref), b = reportDigest(cut);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(Object.keys(a)).toEqual(expect.arrayContaining(['table5-sampled.json', 'mn-erf.json', 'sixpoint.json', 'index.html']));
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
    // Run again on complete checkpoints: no sampling, the same report.
    expect(await runTo(cut)).toBe(0);
    expect(reportDigest(cut)).toEqual(a);
    expect(estimateRemaining(tinyPlan(cut), SECTIONS).filter((e) => e.checkpointed).map((e) => e.seconds)).toEqual([0, 0, 0, 0]);
  }, 60_000);

  it('estimates the full run per stage: 3 × 1e7 networks at each paper width (n = 4, 6), 2 × 10 × 1e6 per Table 5 setup (n = 4 only), and the fixed stages', () => {
    const stages = estimateStages(reproducePlan(false));
    // One sampling call per architecture for m_n, one per Table 5 replica (2 sets × 10 replicas per setup).
    const mn = samplingCallSeconds(0, 0, [4, 6]) + 1e7 * PAPER_WIDTHS.reduce((s, N) => s + secondsPerNet(N, [4, 6]), 0);
    const t5 = 20 * [1000, 20, 5].reduce((s, N) => s + samplingCallSeconds(1e6, N, [4]), 0);
    // Deeper networks: one sampling call per depth (its own cost model, one input).
    const deep = DEEP_STUDY.depths.map((L) => deepSamplingSeconds(reproducePlan(false), L));
    expect(stages.filter((e) => e.checkpointed).map((e) => e.seconds)).toEqual([mn, mn, mn, t5, ...deep].map((x) => expect.closeTo(x, 6)));
    const fixed = stages.filter((e) => !e.checkpointed).reduce((s, e) => s + e.seconds, 0);
    expect(fixed).toBeGreaterThan(0);
    expect(estimateSeconds(reproducePlan(false))).toBeCloseTo(3 * mn + t5 + deep.reduce((a, b) => a + b, 0) + fixed, 6);
  });

  it('an abort signal interrupts before any work', async () => {
    const dir = join(root, 'aborted');
    await expect(reproduce(tinyPlan(dir), () => {}, { signal: AbortSignal.abort(), sections: SECTIONS })).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });

  it('refuses checkpoints of another plan before any work, naming the difference', () => {
    const dir = join(root, 'other');
    expect(openCheckpoints(tinyPlan(dir))).toEqual({ resumed: false });
    expect(openCheckpoints(tinyPlan(dir, { threads: 2 }))).toEqual({ resumed: true }); // threads do not change numbers
    for (const o of [{ seed: 6 }, { fitNets: 3_000 }, { widths: [2, 20] }, { experiments: 2 }]) {
      let err: unknown;
      try { openCheckpoints(tinyPlan(dir, o)); } catch (e) { err = e; }
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((err as { details: { differences: string[] } }).details.differences).toHaveLength(1);
    }
    // The CLI refuses at once (exit 2, one line naming the difference), before its first stage.
    const out = join(root, 'cli');
    openCheckpoints(reproducePlan(true, 1, undefined, { checkpointDir: join(out, 'checkpoints') }));
    const r = runCli(['reproduce', '--quick', '--no-progress', '--seed', '2', '--out', out], { timeoutMs: 15_000 });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/seed 1 there, 2 here/);
    writeFileSync(join(dir, 'checkpoints', PLAN_FILE), '{"format":"something else"}');
    expect(() => openCheckpoints(tinyPlan(dir))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    writeFileSync(join(dir, 'checkpoints', PLAN_FILE), '{not json');
    expect(() => openCheckpoints(tinyPlan(dir))).toThrow(expect.objectContaining({ code: 'IO' }));
  });
});
