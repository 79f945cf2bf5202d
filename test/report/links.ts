import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every href/src in the page that is a relative file must exist in the directory. */
export function danglingLinks(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:href|src)="([^"#][^"]*)"/g)].map((m) => m[1]!);
  return refs.filter((r) => !/^[a-z]+:/i.test(r) && !existsSync(join(dir, r)));
}
