/** The width panel's worker (see web/serve.ts). */
import { computeWidth } from '../../src/explore/width.js';
import { servePanel } from '../serve.js';

servePanel(computeWidth);
