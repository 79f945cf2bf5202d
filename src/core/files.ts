/** File output shared by every writer (sampler checkpoints, reports, diagram files). */
import { accessSync, constants, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

/**
 * Creates a directory and its missing parents, or checks an existing one is a
 * writable directory. Why not mkdirSync({ recursive: true }): on Node 20 it loops
 * forever where mkdir answers ENOENT for a path whose parent exists (/proc/x).
 * Failures raise IoError (code IO).
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch {
      const up = dirname(p);
      if (up === p) throw new IoError(`cannot create ${dir}: no existing parent directory`);
      missing.unshift(p);
      p = up;
      continue;
    }
    if (!st.isDirectory()) throw new IoError(`cannot create ${dir}: ${p} is not a directory`);
    break;
  }
  try {
    for (const m of missing) mkdirSync(m);
    accessSync(resolve(dir), constants.W_OK);
  } catch (e) {
    throw new IoError(`cannot create ${dir}: ${(e as Error).message}`);
  }
}
