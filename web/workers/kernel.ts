/** The kernel panel's worker (see web/serve.ts). */
import { computeKernel } from '../../src/explore/kernel.js';
import { servePanel } from '../serve.js';

servePanel(computeKernel);
