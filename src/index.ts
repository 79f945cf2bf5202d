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
export * from './kernels/network.js';
export * from './kernels/resolve.js';
export { linearNet } from './kernels/linear.js';
export { escapeXml, coefficientText, coefficientTex, monomialText } from './render/text.js';
export { layoutDiagram, type DiagramLayout, type LaidEdge, type LaidPoint } from './render/diagram-layout.js';
export { diagramSvg, diagramCaption, type DiagramSvgOptions } from './render/diagram-svg.js';
export { diagramTikz, type DiagramTikzOptions } from './render/tikz.js';
export { buildGallery, diagramFiles, propagatorText, type GallerySection, type GalleryFile, type GalleryOptions } from './render/gallery.js';
export { paperGallery, paperGallerySections, PAPER_GALLERY_ACTION } from './render/paper-gallery.js';
export { linePlotSvg, residualsPlotSvg, logLogFit, powerLawSeries, type PlotSpec, type PlotSeries, type PlotPoint, type AxisKind } from './render/plot.js';
export * from './dsl/types.js';
export * from './dsl/parse.js';
export * from './dsl/print.js';
export * from './fit/lsq.js';
export * from './fit/metrics.js';
export { linearRegression, logLogSlope as logLogRegression, type Regression } from './core/regression.js';
export * from './fit/fit.js';
export * from './fit/rg.js';
export * from './fit/sixpoint.js';
export * from './fit/adapters.js';
export * from './fit/pipeline.js';
export * from './fit/table5.js';
export * from './fit/engines.js';
export * from './kernels/custom.js';
export * from './kernels/generic.js';
export * from './kernels/tanh.js';
export * from './integrate/adaptive.js';
export * from './integrate/rules.js';
export * from './predict/predict.js';
// Exact finite-width correlators (explicit names, so that star exports of other areas cannot collide).
export { exactCorrelators, correlatorPolynomials, reportAtWidths } from './exact/correlators.js';
export type { ExactReport, ExactResult, ExactEntry, ExactOptions, CorrelatorPolynomials } from './exact/correlators.js';
export { singleNeuronMoments, momentTable, preactivationVectors } from './exact/moments.js';
export type { MomentTable, MomentEntry, MomentOptions } from './exact/moments.js';
export { cumulantTable, tuplePolynomial, evaluateAtWidth, evenPartitions } from './exact/cumulants.js';
export type { TuplePolynomial } from './exact/cumulants.js';
export type { QuadratureOptions, QuadratureResult } from './exact/quadrature.js';
// Monte-Carlo sampler (explicit names).
export * from './core/rng.js';
export type { Estimator, SampleSpec } from './nets/engine.js';
export { STATE_FORMAT, mergeStates, parseState, readStateFile, serializeState, isComplete as isSampleComplete } from './nets/state.js';
export type { SampleState } from './nets/state.js';
export { buildResult as buildSampleResult } from './nets/result.js';
export type { SampleEntry, SampleResult, SampleWidthResult } from './nets/result.js';
export { npyHeader, readNpy } from './nets/npy.js';
export { sampleCorrelators, runSampler, sampleSpec, withTiming, DEFAULT_ESTIMATOR, DEFAULT_CHUNK_SIZE } from './nets/sample.js';
export type { SampleOptions, SampleRun } from './nets/sample.js';
export { loadTfjs } from './nets/tfjs.js';
// Feynman diagrams and their symbolic form (explicit names, like the other areas).
export type { Diagram, DiagramVertex, DiagramMode } from './diagrams/types.js';
export {
  generateDiagrams, groupByTopology, estimateDiagrams, isSelfEnergyDiagram, compareDiagrams, diagramNodeGraph,
  DEFAULT_MAX_DIAGRAMS, ESTIMATE_CALIBRATION, SKELETON_WORK_FRACTION, MAX_SYMMETRY_PRODUCT, MAX_ORDER,
} from './diagrams/generate.js';
export type { GenerateOptions } from './diagrams/generate.js';
export { diagramToJson, diagramsDocument } from './diagrams/json.js';
export { diagramWarnings } from './diagrams/generate.js';
export type { DiagramJson } from './diagrams/json.js';
export { diagramGraph } from './diagrams/graph.js';
export type { PointAttributes } from './diagrams/graph.js';
export { diagramExpression, diagramLatex, seriesLatex, seriesExpression, couplingLatex } from './symbolic/expression.js';
// Progress reporting of long calls (exact, predict, fit engines).
export { phaseReporter } from './core/progress.js';
export type { ProgressCallback, PhaseReporter } from './core/progress.js';
export { planTuples } from './exact/quadrature.js';
export type { QuadraturePlan } from './exact/quadrature.js';
export { parseShard, shardFromEnv, SHARDS_ENV } from './nets/shard.js';
export type { Shard, ShardEnv } from './nets/shard.js';
// Deep networks at leading order in 1/n (four-point vertex recursion) and the exact single-input kurtosis.
export { finiteWidthCorrelators, finiteWidthPlan, psdFactor } from './width/vertex.js';
export type { FiniteWidthOptions, FiniteWidthEntry, FiniteWidthReport, FiniteWidthPlan } from './width/vertex.js';
export { pairDerivatives, diagonalDerivatives } from './width/derivatives.js';
export type { PairDerivatives, DiagonalDerivatives } from './width/derivatives.js';
export { exactSingleInputKurtosis } from './width/kurtosis.js';
// The paper's study constants (widths, architectures, RG cutoffs) and honest m_n intervals.
export { PAPER_WIDTHS, PAPER_ARCHS, RG_CUTOFFS, type PaperArch } from './core/paper.js';
export { mInterval, heavyTailSkewLimit, type MInterval } from './nets/interval.js';
// GPU sampler (--backend gpu): the adapter probe behind `nnqft gpu`.
export { openGpu, VULKAN_FIX } from './nets/gpu/device.js';
export type { GpuAdapterInfo } from './nets/gpu/device.js';
