/** The diagrams panel's worker (see web/serve.ts). */
import { computeDiagrams } from '../../src/explore/diagrams.js';
import { servePanel } from '../serve.js';

servePanel(computeDiagrams);
