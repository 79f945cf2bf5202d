/**
 * Activation keys in sampler states (src/kernels/resolve.ts): a user activation is stored as
 * "expr:<expression>", so shards of two different user activations are not merged (both were
 * "generic" before), and a merged state rebuilds its activation from the key alone.
 */
import { describe, expect, it } from 'vitest';
import { genericArchitecture } from '../../src/kernels/generic.js';
import { getArchitecture, resolveParams } from '../../src/kernels/registry.js';
import { buildResult, type SampleResult } from '../../src/nets/result.js';
import { runSampler, sampleCorrelators, type SampleOptions } from '../../src/nets/sample.js';
import { mergeStates, parseState, serializeState, specKey, type SampleState } from '../../src/nets/state.js';

const noTiming = (r: SampleResult) => { const c = { ...r }; delete c.netsPerSecond; delete c.seconds; return JSON.stringify(c); };

describe('sampler states name their activation by key', () => {
  const pts = [[-0.5], [0.4]];
  const base: SampleOptions = { widths: [3], ns: [2], nets: 600, seed: 4, threads: 1, chunkSize: 100 };
  const shards = async (expr: string): Promise<SampleState[]> => {
    const arch = genericArchitecture(expr), p = resolveParams(arch, { dIn: 1 });
    const out: SampleState[] = [];
    for (let i = 1; i <= 2; i++) {
      const run = await runSampler(arch, p, pts, { ...base, shard: { index: i, count: 2 } });
      out.push(parseState(JSON.parse(JSON.stringify(serializeState(run.state)))));
    }
    return out;
  };

  it('a user activation\'s shards merge into the one-run result without being told the activation', async () => {
    const arch = genericArchitecture('sin(z)');
    const full = await sampleCorrelators(arch, resolveParams(arch, { dIn: 1 }), pts, base);
    const parts = await shards('sin(z)');
    expect(parts[0]!.spec.arch).toBe('expr:sin(z)');
    expect(JSON.stringify(buildResult(mergeStates(parts)))).toBe(noTiming(full));
  });

  it('shards of two different user activations are different jobs', async () => {
    const [a] = await shards('sin(z)'), [, b] = await shards('z/(1+abs(z))');
    expect(specKey(a!.spec)).not.toBe(specKey(b!.spec));
    expect(() => mergeStates([a!, b!])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('registry architectures keep their keys (existing checkpoints stay readable)', () => {
    const s = serializeState(mergeStates([parseState({
      format: 'nnqft-sample-state/1',
      spec: { arch: 'erf', params: { sW: 1, sb: 1, dIn: 1 }, points: pts, widths: [3], ns: [2], nets: 100, experiments: 1, seed: 0, estimator: 'conditional', chunkSize: 100, backend: 'workers' },
      chunks: { total: 1, done: [] }, nets: [0], sum: [[], [], []], sumsq: [[], [], []],
    })]));
    expect((s.spec as { arch: string }).arch).toBe(getArchitecture('erf').name);
  });
});
