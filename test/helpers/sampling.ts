/**
 * Shared checks of the sampler's reproducibility contract (one hidden layer and deep specs alike):
 * the numbers depend on the seed and the job, never on threads, chunking, resumes or shards.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Point } from '../../src/core/inputs.js';
import type { ArchParams, Architecture } from '../../src/kernels/types.js';
import type { SampleResult } from '../../src/nets/result.js';
import { runSampler, sampleCorrelators, type SampleOptions } from '../../src/nets/sample.js';

/** A fresh temp folder. */
export const tmpDir = (prefix = 'nnqft-sample-'): string => mkdtempSync(join(tmpdir(), prefix));

/** The result as JSON without its timing fields (the only ones that may differ between equal runs). */
export const noTiming = (r: SampleResult): string => { const c = { ...r }; delete c.netsPerSecond; delete c.seconds; return JSON.stringify(c); };

/** 1 vs 2 worker threads give the same result, and chunk sizes 7 and 1000 the same raw outputs, bit for bit. Returns the 1-thread result. */
export async function expectThreadAndChunkInvariance(arch: Architecture, p: ArchParams, pts: Point[], base: SampleOptions): Promise<SampleResult> {
  const one = await sampleCorrelators(arch, p, pts, base);
  const two = await sampleCorrelators(arch, p, pts, { ...base, threads: 2 });
  expect(noTiming(two)).toBe(noTiming(one));
  const dir = tmpDir();
  await runSampler(arch, p, pts, { ...base, threads: 2, chunkSize: 7, npy: join(dir, 'a.npy') });
  await runSampler(arch, p, pts, { ...base, threads: 1, chunkSize: 1000, npy: join(dir, 'b.npy') });
  expect(readFileSync(join(dir, 'a.npy')).equals(readFileSync(join(dir, 'b.npy')))).toBe(true);
  return one;
}

/**
 * A run stopped after 5 chunks and resumed from its checkpoint (on 2 threads) equals one uninterrupted run, bit
 * for bit. Returns the uninterrupted result and the checkpoint file (for checks that another job's checkpoint is refused).
 */
export async function expectResumeInvariance(
  arch: Architecture, p: ArchParams, pts: Point[], base: SampleOptions,
): Promise<{ full: SampleResult; ck: string }> {
  const full = await sampleCorrelators(arch, p, pts, base);
  const ck = join(tmpDir(), 'ck.json');
  const part = await runSampler(arch, p, pts, { ...base, checkpoint: ck, stopAfterChunks: 5 });
  expect(part.complete).toBe(false);
  const resumed = await sampleCorrelators(arch, p, pts, { ...base, checkpoint: ck, resume: true, threads: 2 });
  expect(noTiming(resumed)).toBe(noTiming(full));
  return { full, ck };
}
