/**
 * Writes a report directory: index.html, one .svg and one .json per figure,
 * extra data files, and report.json (everything behind the page). Files are
 * written atomically (temp file + rename) so an interrupted run leaves no
 * half-written file.
 */
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../core/files.js';
import { renderPage, type Section } from './page.js';

const json = (x: unknown) =>
  JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n';

/** Writes the report; returns the list of files written (relative to `dir`). */
export function writeReport(dir: string, title: string, intro: string, sections: Section[], meta: Record<string, string>): string[] {
  ensureDir(dir);
  const files: string[] = [];
  const put = (name: string, text: string) => {
    writeFileAtomic(join(dir, name), text);
    files.push(name);
  };
  for (const s of sections) {
    for (const f of s.figures) {
      put(`${f.id}.svg`, f.svg.startsWith('<?xml') ? f.svg : `<?xml version="1.0" encoding="UTF-8"?>\n${f.svg}\n`);
      put(`${f.id}.json`, json(f.data));
    }
    for (const [k, v] of Object.entries(s.data ?? {})) put(`${k}.json`, json(v));
  }
  put('report.json', json({ title, meta, sections: sections.map((s) => ({ id: s.id, title: s.title, figures: s.figures.map((f) => f.id), data: Object.keys(s.data ?? {}) })) }));
  put('index.html', renderPage(title, intro, sections, meta));
  return files;
}
