/**
 * The paper's study constants in one place: widths, the three architectures with
 * their settings and input presets, and the RG cutoffs. Halverson, Maiti, Stoner,
 * arXiv:2008.08601 §3 (widths, architectures), §5 (RG); CONVENTIONS §1, §3, §7.
 * The input sets themselves are the presets of `core/inputs.ts`; Table 5's setups
 * are `TABLE5_SETUPS` in `fit/table5.ts`.
 */

/** The paper's widths N (CONVENTIONS §3). */
export const PAPER_WIDTHS: readonly number[] = [2, 3, 4, 5, 10, 20, 50, 100, 500, 1000];

/** One of the paper's architectures: registry name, input preset (core/inputs.ts) and σ_W, σ_b. */
export interface PaperArch { readonly name: string; readonly preset: string; readonly sW: number; readonly sb: number }

/** The three architectures of the paper with its settings (CONVENTIONS §1, §3), in the report's order. */
export const PAPER_ARCHS: readonly PaperArch[] = [
  { name: 'gauss', preset: 'paper-gauss', sW: 1, sb: 1 },
  { name: 'relu', preset: 'paper-relu', sW: 1, sb: 0 },
  { name: 'erf', preset: 'paper-erf', sW: 1, sb: 1 },
];

/** The paper's RG test cutoffs for ReLU-net (CONVENTIONS §7). */
export const RG_CUTOFFS: readonly number[] = [7, 10, 15, 20, 30, 50, 70, 100, 200, 500, 1e3, 1e4, 1e5];

/** Cutoffs of the RG flow of Erf- and Gauss-net (on Table 5's test inputs). */
export const RG_CUTOFFS_SMOOTH: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 1000];

/**
 * The "Deeper networks" study (issue 12; CONVENTIONS §8), which extends the paper's settings in depth:
 * m_4 against width for depths 1–3 with the paper's ReLU (σ_W = 1, σ_b = 0) at one input of its input
 * set (where the exact kurtosis 3 Π(1 + 5/n_l) exists), and λ f⁴ fitted to the connected G4c against
 * depth with the paper's Erf (σ_W = 1, σ_b = 1) at all hidden widths equal, on three of its inputs
 * (the recursion's four-point moments cost grows fast with the inputs).
 */
export const DEEP_STUDY = {
  depths: [1, 2, 3] as readonly number[],
  mn: { arch: 'relu', point: [1] as readonly number[] },
  fit: { arch: 'erf', width: 20, cutoff: 5, inputs: [[-1], [0.2], [1]] as readonly (readonly number[])[], action: 'λ f^4' },
} as const;
