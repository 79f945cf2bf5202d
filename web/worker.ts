/**
 * The explorer's Web Worker: runs one panel's computation (src/explore/compute.ts) off the
 * page's thread, so that typing never waits for it. The page gives each panel its own
 * worker and terminates it when a newer request makes the running one stale.
 */
import { computeDiagrams, computeEft, computeKernel, computeWidth, errorInfo } from '../src/explore/compute.js';
import type { PanelRequest, PanelResponse } from './protocol.js';

interface WorkerScope {
  onmessage: ((ev: { data: PanelRequest }) => void) | null;
  postMessage(message: PanelResponse): void;
}
const scope = self as unknown as WorkerScope;

async function run(req: PanelRequest): Promise<unknown> {
  switch (req.panel) {
    case 'diagrams': return computeDiagrams(req.state);
    case 'kernel': return computeKernel(req.state);
    case 'width': return computeWidth(req.state);
    case 'eft': return computeEft(req.state);
  }
}

scope.onmessage = (ev) => {
  const req = ev.data;
  const t0 = performance.now();
  run(req).then(
    (result) => scope.postMessage({ id: req.id, panel: req.panel, ok: true, result, ms: performance.now() - t0 }),
    (e: unknown) => scope.postMessage({ id: req.id, panel: req.panel, ok: false, error: errorInfo(e), ms: performance.now() - t0 }),
  );
};
