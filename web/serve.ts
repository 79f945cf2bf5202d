/**
 * The explorer's Web Workers: each runs one panel's computation (src/explore/<panel>.ts) off
 * the page's thread, so that typing never waits for it. One entry per panel (web/workers/),
 * so that a worker loads only its panel's code; the page terminates a worker when a newer
 * request makes the running one stale.
 */
import { errorInfo } from '../src/explore/fields.js';
import type { ExploreState } from '../src/explore/state.js';
import type { PanelRequest, PanelResponse } from './protocol.js';

interface WorkerScope {
  onmessage: ((ev: { data: PanelRequest }) => void) | null;
  postMessage(message: PanelResponse): void;
}

/** Answers every request with `compute(state)` or the library's error. */
export function servePanel(compute: (s: ExploreState) => unknown): void {
  const scope = self as unknown as WorkerScope;
  scope.onmessage = (ev) => {
    const req = ev.data;
    const t0 = performance.now();
    Promise.resolve().then(() => compute(req.state)).then(
      (result) => scope.postMessage({ id: req.id, panel: req.panel, ok: true, result, ms: performance.now() - t0 }),
      (e: unknown) => scope.postMessage({ id: req.id, panel: req.panel, ok: false, error: errorInfo(e), ms: performance.now() - t0 }),
    );
  };
}
