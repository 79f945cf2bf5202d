/**
 * The explorer's computations, one module per panel (web/, `nnqft explore`), each from
 * the library and each returning plain data (SVG and MathML as strings) that a Web Worker
 * can post to the page. Each worker imports its own panel's module, so that it loads only what it uses. Browser-safe: nothing here imports a Node module (the DSL's
 * grammar text is inlined by the bundler, web/build.mjs). The physics is the library's:
 * diagrams (CONVENTIONS §5), kernels of any depth (§2, §8), the exact one-layer engine
 * (§3–4), the M1 fit (§6); Halverson, Maiti, Stoner, arXiv:2008.08601 §3–5.
 */
export { errorInfo, archOf, type ErrorInfo } from './fields.js';
export { computeDiagrams, classLatex, renderKey, MAX_RENDER_CACHE, type DiagramClass, type DiagramsResult, type RenderCache } from './diagrams.js';
export { computeKernel, MAX_EXPLORE_DEPTH, type KernelResult } from './kernel.js';
export { computeWidth, type WidthResult } from './width.js';
export { computeEft, parseCutoff, type EftResult } from './eft.js';
