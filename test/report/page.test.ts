import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { esc, htmlTable, renderPage } from '../../src/report/page.js';
import { writeReport } from '../../src/report/write.js';
import { danglingLinks } from './links.js';

describe('report page', () => {
  it('escapes text', () => {
    expect(esc('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(htmlTable(['a<b'], [[1]])).toContain('<th>a&lt;b</th>');
  });
  it('never breaks a table cell inside a number (Table 5 broke "-2.63e-" / "5±3.35e-5"); escapes around the numbers', () => {
    const html = htmlTable(['x'], [['(0.0375±1.96e-4, -2.13e-4±2.90e-5, -2.63e-5±3.35e-5)'], ['-2.63e-5'], ['a<1e-3 & "x"'], ['λ0 + 7143·λ2 = 6.25e-11 ± 3.1e-27']]);
    for (const n of ['0.0375±1.96e-4', '-2.13e-4±2.90e-5', '-2.63e-5±3.35e-5', '6.25e-11 ± 3.1e-27']) expect(html).toContain(`<span class="num">${n}</span>`);
    expect(html).toContain('<td class="num">-2.63e-5</td>');
    expect(html).toContain('<td>a&lt;<span class="num">1e-3</span> &amp; &quot;x&quot;</td>');
    // The stylesheet keeps "num" on one line.
    expect(renderPage('t', '', [], {})).toMatch(/\.num\{white-space:nowrap\}/);
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
