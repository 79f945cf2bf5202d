/**
 * nnqft: neural networks and quantum field theory (Halverson, Maiti, Stoner,
 * Mach. Learn.: Sci. Technol. 2 (2021) 035002, arXiv:2008.08601).
 */
export * from './core/errors.js';
export * from './core/estimate.js';
export * from './core/rational.js';
export * from './core/combinatorics.js';
export * from './core/inputs.js';
export * from './core/special.js';
export * from './kernels/types.js';
export * from './kernels/registry.js';
export * from './kernels/kernel.js';
export { escapeXml, coefficientText, coefficientTex, monomialText } from './render/text.js';
export { layoutDiagram, type DiagramLayout, type LaidEdge, type LaidPoint } from './render/diagram-layout.js';
export { diagramSvg, diagramCaption, type DiagramSvgOptions } from './render/diagram-svg.js';
export { diagramTikz, type DiagramTikzOptions } from './render/tikz.js';
export { buildGallery, diagramFiles, propagatorText, type GallerySection, type GalleryFile, type GalleryOptions } from './render/gallery.js';
export { linePlotSvg, residualsPlotSvg, logLogFit, powerLawSeries, type PlotSpec, type PlotSeries, type PlotPoint, type AxisKind } from './render/plot.js';
export * from './dsl/types.js';
export * from './dsl/parse.js';
export * from './dsl/print.js';
