/**
 * The report's sections, in the page's order. Adding a section: write one file in
 * this folder exporting `defineSection({ id, estimate, run })` as its default (see
 * `section.ts`; `deviations.ts` is one that samples and checkpoints, `sixpoint.ts`
 * one that does not), and add one line below.
 */
import diagrams from './diagrams.js';
import kernels from './kernels.js';
import deviations from './deviations.js';
import table5 from './table5.js';
import sixpoint from './sixpoint.js';
import rg from './rg.js';
import deep from './deep.js';

/** Every section of the report, in order. */
export const SECTIONS = [
  diagrams,
  kernels,
  deviations,
  table5,
  sixpoint,
  rg,
  deep,
] as const;

/** One section's id. */
export type SectionId = (typeof SECTIONS)[number]['id'];

/** The report's section ids, in order. */
export const SECTION_IDS: readonly SectionId[] = SECTIONS.map((s) => s.id);
