/**
 * The report page: sections of prose, inline SVG figures and links to the JSON
 * behind each figure, assembled into one self-contained HTML document.
 */
import { escapeXml } from '../render/text.js';

/** A figure: its SVG text and the data behind it, each written to its own file. */
export interface Figure {
  /** File stem, e.g. "mn-erf" → mn-erf.svg and mn-erf.json. */
  id: string;
  caption: string;
  svg: string;
  data: unknown;
}

/** One section of the report. `html` is trusted markup built by nnqft (escape user text with {@link esc}). */
export interface Section {
  id: string;
  title: string;
  html: string;
  figures: Figure[];
  /** Extra data files written beside the figures (stem → JSON). */
  data?: Record<string, unknown>;
}

/** Escapes text for HTML/XML (the renderer's escaping: one place for it). */
export const esc = escapeXml;

/**
 * A number as it appears in a table cell, "−2.63e-5", "5 ± 3.35e-5" or "1.2e-3%": kept
 * on one line (a break inside "-2.63e-5" reads as two numbers).
 */
const NUMBER = /[-−+]?(?:\d+\.?\d*|\.\d+)(?:e[-−+]?\d+)?(?:\s*±\s*(?:\d+\.?\d*|\.\d+)(?:e[-−+]?\d+)?)?%?/g;

/**
 * A table cell: a single number gets class "num" (no wrapping); in other text (tuples,
 * "a … b", prose) each number that could break is wrapped in a no-break span, so lines
 * break between numbers only. Escaping is applied to the pieces, so no
 * entity is split.
 */
function cellHtml(text: string): string {
  const whole = text.match(NUMBER);
  if (whole?.length === 1 && whole[0] === text.trim() && /\d/.test(text)) return `<td class="num">${esc(text)}</td>`;
  let out = '', at = 0;
  for (const m of text.matchAll(NUMBER)) {
    if (!/\d/.test(m[0]) || !/[-−±e]/.test(m[0])) continue; // only numbers that could break
    out += esc(text.slice(at, m.index)) + `<span class="num">${esc(m[0])}</span>`;
    at = m.index! + m[0].length;
  }
  return `<td>${out + esc(text.slice(at))}</td>`;
}

/** An HTML table from a header and rows (cells are escaped; numbers never break across lines). */
export function htmlTable(header: string[], rows: (string | number)[][], caption?: string): string {
  const th = header.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => cellHtml(String(c))).join('')}</tr>`).join('\n');
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1d1d1f}
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}
nav ol{columns:2}figure{display:inline-block;margin:.6em;vertical-align:top;max-width:100%}
figure svg{max-width:100%;height:auto;border:1px solid #eee;background:#fff}figcaption{font-size:.85em;color:#555;max-width:520px}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:right}
th{background:#f4f4f6}caption{caption-side:top;text-align:left;font-weight:600;padding:.3em 0}
.note{background:#fffbe6;border-left:3px solid #e6c200;padding:.4em .8em}.meta{color:#666;font-size:.85em}
code{background:#f4f4f6;padding:0 .2em}.num{white-space:nowrap}`;

/** Assembles the whole page. Figures are inlined; each links its .svg and .json file. */
export function renderPage(title: string, intro: string, sections: Section[], meta: Record<string, string>): string {
  const nav = sections.map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`).join('');
  const body = sections
    .map((s) => {
      const figs = s.figures
        .map(
          (f) =>
            `<figure id="fig-${esc(f.id)}">${f.svg}<figcaption>${esc(f.caption)} ` +
            `[<a href="${esc(f.id)}.svg">svg</a>, <a href="${esc(f.id)}.json">data</a>]</figcaption></figure>`,
        )
        .join('\n');
      const extra = Object.keys(s.data ?? {})
        .map((k) => `<a href="${esc(k)}.json">${esc(k)}.json</a>`)
        .join(', ');
      return `<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>\n${s.html}\n${figs}${extra ? `\n<p class="meta">Data: ${extra}</p>` : ''}</section>`;
    })
    .join('\n');
  const metaHtml = Object.entries(meta).map(([k, v]) => `${esc(k)}: ${esc(v)}`).join(' · ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head>
<body><h1>${esc(title)}</h1><p class="meta">${metaHtml}</p>
${intro}
<nav><ol>${nav}</ol></nav>
${body}
</body></html>
`;
}
