import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esc, htmlTable } from '../../src/report/page.js';
import { writeReport } from '../../src/report/write.js';
import { danglingLinks } from './links.js';

describe('report page', () => {
  it('escapes text', () => {
    expect(esc('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(htmlTable(['a<b'], [[1]])).toContain('<th>a&lt;b</th>');
  });
  it('writes figures and data, and links only files that exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnqft-report-'));
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>';
    const files = writeReport(dir, 'T', '<p>intro</p>', [
      { id: 's1', title: 'One', html: '<p>x</p>', figures: [{ id: 'f1', caption: 'c', svg, data: { a: [1, Infinity] } }], data: { extra: { b: 2 } } },
    ], { seed: '1' });
    expect(files.sort()).toEqual(['extra.json', 'f1.json', 'f1.svg', 'index.html', 'report.json']);
    expect(readdirSync(dir).sort()).toEqual(files.sort()); // no temp files left
    expect(danglingLinks(dir)).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'f1.json'), 'utf8'))).toEqual({ a: [1, 'Infinity'] });
  });
});
