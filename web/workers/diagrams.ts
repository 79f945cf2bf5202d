/** The diagrams panel's worker (see web/serve.ts); it keeps the classes it has drawn, so that a keystroke redraws only what changed. */
import { computeDiagrams, type RenderCache } from '../../src/explore/diagrams.js';
import { servePanel } from '../serve.js';

const cache: RenderCache = new Map();
servePanel((s) => computeDiagrams(s, cache));
