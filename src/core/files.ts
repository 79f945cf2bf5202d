/** File output shared by every writer (sampler checkpoints, reports, diagram files). */
import { renameSync, writeFileSync } from 'node:fs';
import { IoError } from './errors.js';

/**
 * Writes text atomically: a temporary file in the same folder, then rename, so an
 * interrupted run never leaves a half-written file. Failures raise IoError (code IO).
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw new IoError(`cannot write ${file}: ${(e as Error).message}`);
  }
}
