import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Timing fields: the only parts of a report that may differ between runs of the same plan. */
const TIMING_KEYS = new Set(['seconds', 'netsPerSecond', 'run time']);

/**
 * Every file of a report directory (not its checkpoints) as text, with the timing
 * fields removed: two runs of the same plan must give equal digests.
 */
export function reportDigest(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    const text = () => readFileSync(join(dir, f), 'utf8');
    if (f.endsWith('.json')) out[f] = JSON.stringify(JSON.parse(text()), (k, v) => (TIMING_KEYS.has(k) ? undefined : v));
    else if (f.endsWith('.html')) out[f] = text().replace(/run time: [^<·]*/g, '');
    else if (f.endsWith('.svg')) out[f] = text();
  }
  return out;
}
