/**
 * `reproduce`'s time estimate against recorded per-stage costs (fixture made by
 * test/report/fixtures/make-timings.mjs, whose header gives the command). The fixture
 * holds CPU seconds: the sampler runs on both cores (wall ≈ CPU / 2 on an idle
 * machine), everything else on one (wall ≈ CPU). Tolerance: ±30 % (+0.5 s for stages
 * that take under a second).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateSeconds, estimateStages, reproducePlan, secondsPerNet, SECTION_IDS } from '../../src/report/reproduce.js';
import { ESTIMATE_CORES, SAMPLER_START_CPU } from '../../src/report/cost.js';
import { runCli } from '../helpers/cli.js';

interface Unit { arch: string; width: number; nets: number; cpuSeconds: number }
const T = JSON.parse(readFileSync(new URL('./fixtures/timings.json', import.meta.url), 'utf8')) as {
  plan: Record<string, unknown>;
  sections: { id: string; cpuSeconds: number }[];
  mnUnits: Unit[];
  table5Units: Unit[];
  table5Exact: { cpuSeconds: number };
  startUnits: Unit[];
};
const quick = reproducePlan(true);
const within = (estimate: number, measured: number) => Math.abs(estimate - measured) <= 0.3 * measured + (measured < 1 ? 0.5 : 0);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const cpuOf = (id: string) => T.sections.find((s) => s.id === id)!.cpuSeconds;

describe('reproduce --quick: the time estimate against the recorded timings', () => {
  it('the fixture was recorded with the quick plan (else remake it)', () => {
    const { quick: q, seed, widths, nets, experiments, fitNets, fitReplicas } = quick;
    expect(T.plan).toEqual({ quick: q, seed, widths, nets, experiments, fitNets, fitReplicas });
    expect(T.sections.map((s) => s.id)).toEqual(SECTION_IDS);
  });

  // Measured wall seconds on 2 idle cores, per section.
  const measured: Record<string, number> = Object.fromEntries(T.sections.map((s) => [s.id, s.cpuSeconds]));
  measured.deviations = cpuOf('deviations') / ESTIMATE_CORES;
  // Deeper networks: almost all of it is sampling (the m_4 study and the fits' replicas), on both cores.
  measured.deep = cpuOf('deep') / ESTIMATE_CORES;
  // Table 5: its exact fits on one core, the rest (sampling) on both.
  measured.table5 = T.table5Exact.cpuSeconds + (cpuOf('table5') - T.table5Exact.cpuSeconds) / ESTIMATE_CORES;
  // A sampling call's start-up (its worker pool): one-chunk calls less their 1000 networks.
  const startCpu = sum(T.startUnits.map((u) => u.cpuSeconds - u.nets * secondsPerNet(u.width, [4]) * ESTIMATE_CORES)) / T.startUnits.length;

  it.each(SECTION_IDS.map((id) => [id]))('section %s within ±30 %', (id) => {
    const est = estimateSeconds(quick, [id]);
    expect(within(est, measured[id]!), `estimate ${est.toFixed(2)} s, measured ${measured[id]!.toFixed(2)} s`).toBe(true);
  });

  it('the m_n sampling of each architecture within ±30 %', () => {
    const stages = estimateStages(quick, ['deviations']);
    for (const arch of ['gauss', 'relu', 'erf']) {
      const est = stages.find((s) => s.stage.includes(arch))!.seconds;
      const meas = sum(T.mnUnits.filter((u) => u.arch === arch).map((u) => u.cpuSeconds)) / ESTIMATE_CORES;
      expect(within(est, meas), `${arch}: estimate ${est.toFixed(2)} s, measured ${meas.toFixed(2)} s`).toBe(true);
    }
  });

  it('the start-up of a sampling call within ±30 %', () => {
    expect(Math.abs(SAMPLER_START_CPU - startCpu) <= 0.3 * startCpu, `${SAMPLER_START_CPU} vs ${startCpu.toFixed(3)} CPU-s`).toBe(true);
  });

  it('the sampler cost model per network, at each width, within ±30 % (n = 4, 6) and for each Table 5 setup (n = 4)', () => {
    for (const [units, ns] of [[T.mnUnits, [4, 6]], [T.table5Units, [4]]] as const) {
      const widths = [...new Set(units.map((u) => u.width))];
      for (const N of widths) {
        const at = units.filter((u) => u.width === N);
        const meas = sum(at.map((u) => u.cpuSeconds - startCpu)) / sum(at.map((u) => u.nets)) / ESTIMATE_CORES;
        const est = secondsPerNet(N, ns);
        expect(Math.abs(est - meas) <= 0.3 * meas, `N = ${N}, n = ${ns}: ${est.toExponential(2)} vs ${meas.toExponential(2)} s per network`).toBe(true);
      }
    }
  });

  it('the whole run within ±30 % (and --help states the same figure)', () => {
    const est = estimateSeconds(quick);
    const meas = sum(Object.values(measured));
    expect(within(est, meas), `estimate ${est.toFixed(1)} s, measured ${meas.toFixed(1)} s`).toBe(true);
    // --help (help text wrapped by commander: join the lines) says the same, in whole seconds under two minutes.
    const help = runCli(['reproduce', '--help']).stdout.replace(/\s+/g, ' ');
    expect(est).toBeLessThan(120);
    expect(help).toContain(`small samples: about ${Math.round(est)} s on 2 idle cores`);
  });
});
