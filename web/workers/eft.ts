/** The eft panel's worker (see web/serve.ts). */
import { computeEft } from '../../src/explore/eft.js';
import { servePanel } from '../serve.js';

servePanel(computeEft);
