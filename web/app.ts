/**
 * The explorer page (`nnqft explore`): controls, the URL as the view's state, and one Web
 * Worker per computing panel. Everything computed comes from the library through
 * src/explore/<panel>.ts, in a worker; this file only reads controls and draws results.
 */
import type { DiagramClass, DiagramsResult, EftResult, ErrorInfo, KernelResult, WidthResult } from '../src/explore/compute.js';
import { DEFAULT_STATE, stateFromParams, stateToParams, type ExploreState } from '../src/explore/state.js';
import type { Panel, PanelRequest, PanelResponse } from './protocol.js';

/** Each panel's worker, bundled and inlined by web/build.mjs (a Blob worker also runs from file://). */
declare const WORKER_SOURCES: Record<Panel, string>;

/** A panel's computation is stopped after this long: the page never waits forever. */
const WATCHDOG_MS = 30_000;
/** Delay before a slow panel (finite width, EFT) starts on a change: typing a number is several changes. */
const SLOW_DEBOUNCE_MS = 150;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`explorer: no element #${id}`);
  return el as T;
};

/** Which fields each panel reads (a change elsewhere does not recompute it). */
const PANEL_FIELDS: Record<Panel, (keyof ExploreState)[]> = {
  diagrams: ['action', 'n', 'order', 'mode'],
  kernel: ['arch', 'sw', 'sb', 'din', 'depth', 'x0'],
  width: ['arch', 'sw', 'sb', 'din', 'depth', 'inputs', 'widths'],
  eft: ['arch', 'sw', 'sb', 'din', 'width', 'cutoff', 'train', 'test'],
};

/** Defaults of σ_W, σ_b per architecture (CONVENTIONS §1), for when the architecture changes. */
const ARCH_DEFAULTS: Record<string, { sw: string; sb: string }> = {
  erf: { sw: '1', sb: '1' }, relu: { sw: '1', sb: '0' }, gauss: { sw: '1', sb: '1' }, tanh: { sw: '1', sb: '1' }, linear: { sw: '1', sb: '0' },
};

const workerUrls = new Map<Panel, string>();
function newWorker(panel: Panel): Worker {
  let url = workerUrls.get(panel);
  if (!url) { url = URL.createObjectURL(new Blob([WORKER_SOURCES[panel]], { type: 'text/javascript' })); workerUrls.set(panel, url); }
  return new Worker(url);
}

/**
 * One panel's worker. A request while the previous one still runs makes that one stale:
 * the worker is terminated (the only way to stop a synchronous computation) and a fresh
 * one takes the new request.
 */
class Runner {
  private worker: Worker | undefined;
  private busy = false;
  private id = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly panel: Panel,
    private readonly onDone: (r: PanelResponse) => void,
    private readonly onStart: () => void,
    private readonly delay: number,
  ) {}

  request(state: ExploreState, immediate = false): void {
    clearTimeout(this.debounce);
    this.onStart();
    if (immediate || this.delay === 0) this.send(state);
    else this.debounce = setTimeout(() => this.send(state), this.delay);
  }

  private send(state: ExploreState): void {
    if (this.busy && this.worker) {
      this.worker.terminate();
      this.worker = undefined;
      // Counted on the page, for tests: stale computations are stopped, not waited for.
      const root = document.documentElement;
      root.dataset.cancelled = String(Number(root.dataset.cancelled ?? 0) + 1);
    }
    if (!this.worker) {
      const w = newWorker(this.panel);
      w.onmessage = (ev: MessageEvent<PanelResponse>) => {
        if (ev.data.id !== this.id) return; // stale
        this.busy = false;
        clearTimeout(this.timer);
        this.onDone(ev.data);
        // The next frame shows the drawing: a mark for benchmarks and tests (bench/explore.bench.mjs).
        const id = ev.data.id;
        requestAnimationFrame(() => performance.mark(`nnqft:${this.panel}`, { detail: id }));
      };
      w.onerror = (ev) => {
        ev.preventDefault();
        this.busy = false;
        clearTimeout(this.timer);
        this.onDone({ id: this.id, panel: this.panel, ok: false, error: { code: 'INTERNAL', message: ev.message || 'the worker failed' }, ms: 0 });
      };
      this.worker = w;
    }
    const req: PanelRequest = { id: ++this.id, panel: this.panel, state };
    this.busy = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.worker?.terminate();
      this.worker = undefined;
      this.busy = false;
      this.onDone({ id: req.id, panel: this.panel, ok: false, error: { code: 'TIMEOUT', message: `stopped after ${WATCHDOG_MS / 1000} s: choose fewer inputs, widths or a lower order` }, ms: WATCHDOG_MS });
    }, WATCHDOG_MS);
    this.worker.postMessage(req);
  }
}

// ---------------------------------------------------------------------------
// Drawing

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An error line: budget refusals with their estimate, syntax errors with line and column. */
function errorHtml(e: ErrorInfo): string {
  const what = e.code === 'BUDGET_EXCEEDED' ? 'Refused (budget)' : e.code === 'TIMEOUT' ? 'Stopped' : 'Error';
  const est = e.code === 'BUDGET_EXCEEDED' && e.estimate !== undefined
    ? ` <span class="estimate">estimate ${e.estimate.toExponential(2)}, limit ${e.limit?.toExponential(2)}</span>` : '';
  return `<span class="error-code">${what} [${escapeHtml(e.code)}]</span> ${escapeHtml(e.message)}${est}`;
}

function setStatus(panel: string, html: string, kind: 'busy' | 'ok' | 'error'): void {
  const el = $(`${panel}-status`);
  el.innerHTML = html;
  el.dataset.kind = kind;
}

/** The action with the character at (line, column) underlined, and the parser's message. */
function showParseError(text: string, e: ErrorInfo): void {
  const box = $('action-error');
  const lines = text.split('\n');
  const line = Math.min(Math.max(1, e.line ?? 1), lines.length);
  const chars = Array.from(lines[line - 1] ?? '');
  const col = Math.max(1, e.column ?? 1);
  const before = chars.slice(0, col - 1).join(''), at = chars[col - 1] ?? ' ', after = chars.slice(col).join('');
  box.innerHTML =
    `<pre class="source" aria-hidden="true">${escapeHtml(before)}<mark class="err-at" data-line="${line}" data-column="${col}">${escapeHtml(at)}</mark>${escapeHtml(after)}</pre>` +
    `<p class="message">${errorHtml(e)}</p>`;
  box.hidden = false;
  $('action').setAttribute('aria-invalid', 'true');
}

function drawDiagrams(r: DiagramsResult, ms: number): void {
  $('canonical').textContent = r.canonical ?? '—';
  const box = $('action-error');
  if (r.parseError) {
    showParseError(state.action, r.parseError);
    setStatus('diagrams', 'no diagrams: the action does not parse', 'error');
    return;
  }
  box.hidden = true;
  box.innerHTML = '';
  $('action').removeAttribute('aria-invalid');
  if (r.error) {
    setStatus('diagrams', errorHtml(r.error), 'error');
    $('diagrams').innerHTML = '';
    return;
  }
  const byOrder = new Map<number, DiagramClass[]>();
  for (const c of r.classes) byOrder.set(c.order, [...(byOrder.get(c.order) ?? []), c]);
  let html = '';
  let i = 0;
  for (const [order, cs] of [...byOrder].sort((a, b) => a[0] - b[0])) {
    html += `<h3>order ${order}</h3><div class="diagram-row">`;
    for (const c of cs) {
      html += `<figure class="diagram" data-coefficient="${escapeHtml(c.coefficient)}" data-couplings="${escapeHtml(JSON.stringify(c.couplings))}">` +
        `${c.svg}<figcaption><span class="math">${c.mathml}</span>` +
        `<button type="button" class="copy-tikz" data-i="${i}" aria-label="Copy the TikZ-Feynman code of ${escapeHtml(c.caption)}">Copy TikZ</button></figcaption></figure>`;
      i++;
    }
    html += '</div>';
  }
  $('diagrams').innerHTML = html;
  tikz = r.classes.map((c) => c.tikz);
  const warn = r.warnings.length ? ` <span class="warning">${r.warnings.map(escapeHtml).join(' ')}</span>` : '';
  setStatus('diagrams', `${r.classes.length} classes (${r.labelled} labelled diagrams), ${ms.toFixed(0)} ms${warn}`, 'ok');
}

let tikz: string[] = [];

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API refused (no secure context): the selection fallback.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('aria-hidden', 'true');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

function drawKernel(r: KernelResult, ms: number): void {
  $('kernel-plot').innerHTML = r.svg;
  setStatus('kernel', `K(x, x) = ${r.kxx.toPrecision(6)}; depths ${r.depths.join(', ')}; ${ms.toFixed(0)} ms`, 'ok');
}

function drawWidth(r: WidthResult, ms: number): void {
  $('width-plot').innerHTML = r.svg;
  const deep = r.method !== 'exact';
  $('h-width').textContent = deep ? `Finite width: m₄ at depth ${r.depth} (leading order in 1/n)` : 'Finite width: exact m₄, m₆ (one hidden layer)';
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toExponential(4));
  if (!deep) {
    const slope = (n: string) => (r.slopes[n] === undefined ? '—' : r.slopes[n]!.toFixed(3));
    setStatus('width', `${r.points.length} inputs; log–log slopes: m₄ ${slope('4')}, m₆ ${slope('6')}; ${ms.toFixed(0)} ms`, 'ok');
    $('width-table').innerHTML = '<tr><th scope="col">N</th><th scope="col">m₄</th><th scope="col">m₆</th></tr>' +
      r.rows.map((x) => `<tr><td>${x.width}</td><td>${fmt(x.m4)}</td><td>${fmt(x.m6)}</td></tr>`).join('');
    return;
  }
  // Depth ≥ 2: the method, its truncation and the missing m₆ are said in the status line (no silent omission).
  setStatus('width', `${r.points.length} inputs; ${r.notes.map(escapeHtml).join('; ')}; ${ms.toFixed(0)} ms`, 'ok');
  const exact = r.rows.some((x) => x.m4Exact !== undefined);
  $('width-table').innerHTML = '<tr><th scope="col">n</th><th scope="col">m₄ (leading order)</th>' + (exact ? '<th scope="col">m₄ (exact)</th>' : '') + '<th scope="col">m₆</th></tr>' +
    r.rows.map((x) => `<tr><td>${x.width}</td><td>${fmt(x.m4)}</td>${exact ? `<td>${fmt(x.m4Exact)}</td>` : ''}<td>not available</td></tr>`).join('');
}

function drawEft(r: EftResult, ms: number): void {
  $('eft-plot').innerHTML = r.svg;
  const lam = r.lambda === null ? 'not determined' : `${r.lambda.toExponential(4)} (paper's sign: λ₀ = ${r.lambdaPaper!.toExponential(4)})`;
  $('eft-summary').innerHTML =
    `<p>λ = <output id="eft-lambda">${escapeHtml(lam)}</output></p>` +
    `<p>MAPE of ΔG₄: test <output id="eft-mape">${r.mapeTest.toFixed(3)}</output> %, training ${r.mapeTrain.toFixed(3)} %</p>`;
  $('eft-table').innerHTML = '<tr><th scope="col">tuple</th><th scope="col">exact G₄</th><th scope="col">predicted G₄</th><th scope="col">G₄,GP</th></tr>' +
    r.rows.map((x) => `<tr><td>(${x.index.join(',')})</td><td>${x.exact.toExponential(6)}</td><td>${x.predicted.toExponential(6)}</td><td>${x.gp.toExponential(6)}</td></tr>`).join('');
  setStatus('eft', `fitted on the exact ΔG₄; ${ms.toFixed(0)} ms`, 'ok');
}

// ---------------------------------------------------------------------------
// State, URL and controls

let state: ExploreState = stateFromParams(location.hash);

/** The control of each field (ids equal the field names). */
const FIELDS = Object.keys(DEFAULT_STATE) as (keyof ExploreState)[];
const control = (k: keyof ExploreState) => $<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(k);

function writeControls(): void {
  for (const k of FIELDS) if (control(k).value !== state[k]) control(k).value = state[k];
}

function writeUrl(): void {
  const p = stateToParams(state);
  const url = `${location.pathname}${location.search}${p ? `#${p}` : ''}`;
  history.replaceState(null, '', url);
  $<HTMLAnchorElement>('share').href = url;
}

const runners: Record<Panel, Runner> = {
  diagrams: new Runner('diagrams', (r) => (r.ok ? drawDiagrams(r.result as DiagramsResult, r.ms) : setStatus('diagrams', errorHtml(r.error), 'error')), () => setStatus('diagrams', 'computing…', 'busy'), 0),
  kernel: new Runner('kernel', (r) => (r.ok ? drawKernel(r.result as KernelResult, r.ms) : setStatus('kernel', errorHtml(r.error), 'error')), () => setStatus('kernel', 'computing…', 'busy'), 0),
  width: new Runner('width', (r) => (r.ok ? drawWidth(r.result as WidthResult, r.ms) : setStatus('width', errorHtml(r.error), 'error')), () => setStatus('width', 'computing…', 'busy'), SLOW_DEBOUNCE_MS),
  eft: new Runner('eft', (r) => (r.ok ? drawEft(r.result as EftResult, r.ms) : setStatus('eft', errorHtml(r.error), 'error')), () => setStatus('eft', 'computing…', 'busy'), SLOW_DEBOUNCE_MS),
};

/** Recomputes the panels that read any of the changed fields. */
function changed(fields: readonly (keyof ExploreState)[], immediate = false): void {
  writeUrl();
  for (const p of Object.keys(runners) as Panel[]) {
    if (PANEL_FIELDS[p].some((f) => fields.includes(f))) runners[p].request(state, immediate);
  }
}

function onInput(k: keyof ExploreState): void {
  const v = control(k).value;
  if (v === state[k]) return;
  const next = { ...state, [k]: v } as ExploreState;
  const fields: (keyof ExploreState)[] = [k];
  if (k === 'arch' && ARCH_DEFAULTS[v]) {
    // A new architecture starts from its own σ_W, σ_b (the paper's defaults).
    next.sw = ARCH_DEFAULTS[v].sw;
    next.sb = ARCH_DEFAULTS[v].sb;
    fields.push('sw', 'sb');
  }
  state = next;
  writeControls();
  changed(fields);
}

for (const k of FIELDS) control(k).addEventListener('input', () => onInput(k));
$('diagrams').addEventListener('click', (ev) => {
  const b = (ev.target as HTMLElement).closest<HTMLButtonElement>('button.copy-tikz');
  if (!b) return;
  const text = tikz[Number(b.dataset.i)] ?? '';
  void copyText(text).then(() => { b.textContent = 'Copied'; setTimeout(() => { b.textContent = 'Copy TikZ'; }, 1500); });
});
window.addEventListener('hashchange', () => {
  state = stateFromParams(location.hash);
  writeControls();
  changed(FIELDS, true);
});

writeControls();
changed(FIELDS, true);
