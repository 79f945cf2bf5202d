/**
 * The explorer's view state (web/, `nnqft explore`): every control of the page as text,
 * exactly as the user typed it, so that a link reproduces the view. Values are validated
 * where they are used (src/explore/compute.ts), which shows the library's error in the
 * panel; a shared link never silently replaces a value it cannot read, except for the
 * choice lists (mode, architecture), whose unknown values fall back to the default.
 * Pure functions, no DOM: tested in Node.
 */

/** Every control of the page, as typed. */
export interface ExploreState {
  /** Action text (DSL). */
  action: string;
  /** Diagrams: external points n, highest order, mode. */
  n: string;
  order: string;
  mode: 'skeleton' | 'full';
  /** Architecture: registry name, σ_W, σ_b, d_in, depth (kernel plot), reference input x. */
  arch: string;
  sw: string;
  sb: string;
  din: string;
  depth: string;
  x0: string;
  /** Finite width: input set and widths. */
  inputs: string;
  widths: string;
  /** EFT: width N, cutoff Λ ("inf" allowed), training and test inputs. */
  width: string;
  cutoff: string;
  train: string;
  test: string;
}

/** Architectures offered by the page (registry names); one hidden layer each, depth for the kernel plot. */
export const EXPLORE_ARCHITECTURES = ['erf', 'relu', 'gauss', 'tanh', 'linear'] as const;

/** The default view: the paper's action, G4 at first order, Erf-net, the Table 5 Erf setup. */
export const DEFAULT_STATE: Readonly<ExploreState> = {
  action: 'λf⁴+κf⁶',
  n: '4',
  order: '1',
  mode: 'skeleton',
  arch: 'erf',
  sw: '1',
  sb: '1',
  din: '1',
  depth: '1',
  x0: '0.5',
  inputs: 'paper-erf',
  widths: '2,3,5,10,20,50,100,1000',
  width: '5',
  cutoff: '100',
  train: 'table5-erf-train',
  test: 'table5-erf-test',
};

/** URL parameter name of each field (short, stable: links in the wild depend on them). */
const KEYS: Readonly<Record<keyof ExploreState, string>> = {
  action: 'a', n: 'n', order: 'k', mode: 'mode', arch: 'arch', sw: 'sw', sb: 'sb', din: 'din', depth: 'L', x0: 'x0',
  inputs: 'in', widths: 'N', width: 'w', cutoff: 'cut', train: 'train', test: 'test',
};

/** Longest value read from a link (a bound on what a pasted URL can make the page do). */
const MAX_VALUE_LENGTH = 10_000;

/**
 * The state as URL parameters (for the hash `#a=…&n=…`): only the fields that differ
 * from the defaults, so that the default view has an empty hash.
 */
export function stateToParams(s: ExploreState): string {
  const p = new URLSearchParams();
  for (const k of Object.keys(KEYS) as (keyof ExploreState)[]) {
    if (s[k] !== DEFAULT_STATE[k]) p.set(KEYS[k], s[k]);
  }
  return p.toString();
}

/**
 * The state of a link's parameters (with or without a leading `#` or `?`); absent
 * fields take their defaults, unknown parameters are ignored.
 */
export function stateFromParams(text: string): ExploreState {
  const p = new URLSearchParams(text.replace(/^[#?]/, ''));
  const s: ExploreState = { ...DEFAULT_STATE };
  for (const k of Object.keys(KEYS) as (keyof ExploreState)[]) {
    const v = p.get(KEYS[k]);
    if (v === null || v.length > MAX_VALUE_LENGTH) continue;
    if (k === 'mode') { if (v === 'skeleton' || v === 'full') s.mode = v; continue; }
    if (k === 'arch') { if ((EXPLORE_ARCHITECTURES as readonly string[]).includes(v)) s.arch = v; continue; }
    s[k] = v;
  }
  return s;
}
