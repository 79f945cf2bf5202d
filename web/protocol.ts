/** Messages between the explorer page (app.ts) and its workers (worker.ts). */
import type { ErrorInfo } from '../src/explore/compute.js';
import type { ExploreState } from '../src/explore/state.js';

/** The page's panels that compute; each has its own worker. */
export type Panel = 'diagrams' | 'kernel' | 'width' | 'eft';

/** One request: the panel, a request id (newer ids make older ones stale) and the whole state. */
export interface PanelRequest {
  id: number;
  panel: Panel;
  state: ExploreState;
}

/** The answer to a request: its result, or the library's error. */
export type PanelResponse =
  | { id: number; panel: Panel; ok: true; result: unknown; ms: number }
  | { id: number; panel: Panel; ok: false; error: ErrorInfo; ms: number };
