/**
 * Option parsers shared by CLI commands: each turns a string into a validated
 * value or throws InvalidArgumentError (exit 2 with one line).
 */
import { InvalidArgumentError } from '../src/core/errors.js';
import { INPUT_PRESETS, parseInputs, parseNumberList } from '../src/core/inputs.js';
import type { Command } from 'commander';
import { ARCHITECTURES, getArchitecture, resolveParams } from '../src/kernels/registry.js';
import type { ArchParams, Architecture } from '../src/kernels/types.js';
import { validateNetwork, type NetworkSpec } from '../src/kernels/network.js';
import { genericArchitecture } from '../src/kernels/generic.js';

/** A finite number option. */
export function num(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new InvalidArgumentError(`--${name} must be a number, got "${v}"`);
    return x;
  };
}

/** A finite number >= 0 (e.g. seconds). */
export function nonNegNum(name: string) {
  return (v: string): number => {
    const x = num(name)(v);
    if (x < 0) throw new InvalidArgumentError(`--${name} must be >= 0, got "${v}"`);
    return x;
  };
}

/** A positive integer option. */
export function posInt(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError(`--${name} must be a positive integer, got "${v}"`);
    return x;
  };
}

/** A non-negative integer option. */
export function natInt(name: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!Number.isInteger(x) || x < 0) throw new InvalidArgumentError(`--${name} must be a non-negative integer, got "${v}"`);
    return x;
  };
}

/** A choice among fixed words. */
export function oneOf<T extends string>(name: string, choices: readonly T[]) {
  return (v: string): T => {
    if (!(choices as readonly string[]).includes(v)) {
      throw new InvalidArgumentError(`--${name} must be one of ${choices.join(', ')}, got "${v}"`);
    }
    return v as T;
  };
}

/** Widths: positive numbers (non-integer widths are allowed for exact curves). */
export const widths = (v: string): number[] => parseNumberList(v, 'width', (x) => Number.isFinite(x) && x > 0);

/** n-point orders: positive integers. */
export const nList = (v: string): number[] => parseNumberList(v, 'n', (x) => Number.isInteger(x) && x >= 1);

/** A cutoff list, "inf" allowed. */
export const cutoffs = (v: string): number[] => parseNumberList(v, 'cutoff', (x) => x > 0);

/** One cutoff, "inf" allowed. */
export function cutoff(v: string): number {
  const c = parseNumberList(v, 'cutoff', (x) => x > 0);
  if (c.length !== 1) throw new InvalidArgumentError(`--cutoff takes one value, got "${v}"`);
  return c[0]!;
}

/** Input set (list, "a b; c d", or preset). */
export const inputs = (v: string): number[][] => parseInputs(v);

/**
 * Adds --arch, --sw, --sb, --din (the architecture options of every command that
 * builds networks). `arch`: 'required', 'optional' (another option may stand in,
 * e.g. predict's --activation) or a default name.
 */
export function addArchOptions(c: Command, arch: 'required' | 'optional' | string): Command {
  const names = ARCHITECTURES.map((a) => a.name).join(', ');
  if (arch === 'required') c.requiredOption('--arch <name>', `architecture (${names})`);
  else if (arch === 'optional') c.option('--arch <name>', `architecture (${names})`);
  else c.option('--arch <name>', `architecture (${names})`, arch);
  return c
    .option('--sw <x>', 'σ_W (default: the architecture\'s)', num('sw'))
    .option('--sb <x>', 'σ_b (default: the architecture\'s; 0 allowed)', num('sb'))
    .option('--din <d>', 'input dimension (default: the inputs\')', posInt('din'))
    .option('--layers <n1,n2,...>', 'hidden widths of a network of any depth, first layer first (CONVENTIONS §8); --width keeps meaning one hidden layer', layerWidths);
}

/** --layers: hidden widths n_1..n_L, positive integers. */
export const layerWidths = (v: string): number[] => parseNumberList(v, 'layers', (x) => Number.isInteger(x) && x >= 1);

/** Architecture options common to every command that builds networks. */
export interface ArchOptions {
  arch: string;
  sw?: number;
  sb?: number;
  din?: number;
  /** Hidden widths n_1..n_L of a deep network (--layers). */
  layers?: number[];
}

/** Resolves --arch/--sw/--sb/--din; d_in defaults to the inputs' dimension. */
export function archFromOptions(o: ArchOptions, points?: number[][]): { arch: Architecture; params: ArchParams } {
  const arch = getArchitecture(o.arch);
  const dIn = o.din ?? points?.[0]?.length ?? 1;
  if (points && points[0]!.length !== dIn) {
    throw new InvalidArgumentError(`--din ${dIn} does not match the inputs' dimension ${points[0]!.length}`);
  }
  return { arch, params: resolveParams(arch, { sW: o.sw, sb: o.sb, dIn }) };
}

/**
 * The network of --layers (with --arch/--sw/--sb/--din), validated (integer widths; no depth > 1 for
 * Gauss-net). Undefined where --layers was not given.
 */
export function networkFromOptions(o: ArchOptions, points?: number[][]): { arch: Architecture; net: NetworkSpec } | undefined {
  if (!o.layers) return undefined;
  const { arch, params } = archFromOptions(o, points);
  const net: NetworkSpec = { activation: arch.name, widths: o.layers, sW: params.sW, sb: params.sb, dIn: params.dIn };
  validateNetwork(arch, net);
  return { arch, net };
}

/**
 * Refuses --layers of depth > 1 on a command that handles one hidden layer only, naming what does
 * handle it; returns the single width of --layers n (or undefined without --layers).
 */
export function oneHiddenLayer(o: { layers?: number[] }, command: string, instead: string): number | undefined {
  if (!o.layers) return undefined;
  if (o.layers.length > 1) {
    throw new InvalidArgumentError(`${command} handles one hidden layer; for --layers ${o.layers.join(',')} use ${instead}`);
  }
  return o.layers[0];
}

/** The paper's input preset for an architecture (paper-<name>), else paper-erf. */
export function defaultInputs(archName: string): number[][] {
  const name = getArchitecture(archName).name;
  return parseInputs(INPUT_PRESETS[`paper-${name}`] ? `paper-${name}` : 'paper-erf');
}

/** Adds --nets, --experiments, --seed: the sampling replicas behind fitted couplings' error bars (fit, validate, rg, table5). */
export function addReplicaOptions(c: Command): Command {
  return c
    .option('--nets <n>', 'networks per sampling replica (default 20000)', posInt('nets'))
    .option('--experiments <n>', 'independent sampling replicas (default 10); coupling errors come from their spread', posInt('experiments'))
    .option('--seed <n>', 'first seed when sampling (replica r uses seed + r)', natInt('seed'));
}

/** Adds --no-progress (the bar of cli/progress.ts: on a terminal only, for jobs over a second). */
export function addProgressOption(c: Command): Command {
  return c.option('--no-progress', 'no progress bar (shown only on a terminal, for jobs over a second)');
}

/** Adds --activation "<expression in z>", a user activation in place of --arch (see {@link activationFromOptions}). */
export function addActivationOption(c: Command): Command {
  return c.option('--activation <expr>', 'activation φ(z) as an expression in z, e.g. "z/(1+abs(z))" (instead of --arch)');
}

/** --arch or --activation (a user φ(z)), with the architecture options and --layers. */
export interface ActivationOptions extends Omit<ArchOptions, 'arch'> {
  arch?: string;
  activation?: string;
}

/**
 * Resolves exactly one of --arch and --activation "<expression in z>" (src/kernels/generic.ts, key
 * "expr:<expression>") with --sw/--sb/--din, and the network of --layers (validated; undefined without
 * --layers). d_in defaults to the inputs' dimension.
 */
export function activationFromOptions(o: ActivationOptions, points: number[][]): { arch: Architecture; params: ArchParams; net?: NetworkSpec } {
  if (!o.arch && !o.activation) throw new InvalidArgumentError('give --arch or --activation');
  if (o.arch && o.activation) throw new InvalidArgumentError('give either --arch or --activation, not both');
  let arch: Architecture, params: ArchParams;
  if (o.activation !== undefined) {
    arch = genericArchitecture(o.activation);
    const dIn = o.din ?? points[0]!.length;
    if (points[0]!.length !== dIn) throw new InvalidArgumentError(`--din ${dIn} does not match the inputs' dimension ${points[0]!.length}`);
    params = resolveParams(arch, { sW: o.sw, sb: o.sb, dIn });
  } else {
    ({ arch, params } = archFromOptions({ ...o, arch: o.arch! }, points));
  }
  if (!o.layers) return { arch, params };
  const net: NetworkSpec = { activation: arch.name, widths: o.layers, sW: params.sW, sb: params.sb, dIn: params.dIn };
  validateNetwork(arch, net);
  return { arch, params, net };
}

/** --scale: positive factors by which every hidden width of --layers is multiplied (a sweep). */
export const scaleList = (v: string): number[] => parseNumberList(v, 'scale', (x) => Number.isFinite(x) && x > 0);

/**
 * The sweep of --layers n_1..n_L scaled by each factor of --scale (every width times s; each product
 * must be an integer), or the single network without --scale.
 */
export function layerSweep(layers: number[], scale?: number[]): number[][] {
  if (!scale) return [layers.slice()];
  return scale.map((s) => layers.map((n) => {
    const v = n * s, r = Math.round(v);
    if (Math.abs(v - r) > 1e-9 * v || r < 1) throw new InvalidArgumentError(`--scale ${s} makes width ${n} into ${v}, not a positive integer`);
    return r;
  }));
}

/**
 * The network of `fit`/`validate`/`rg`: --width N (one hidden layer) or --layers n_1..n_L (any depth),
 * exactly one of them. Returns the last hidden width (the width a sampler file is keyed by) and the
 * network description (one layer of width N for --width).
 */
export function widthOrLayers(o: ArchOptions & { width?: number }, params: ArchParams, arch: Architecture): { width: number; network: NetworkSpec } {
  if (o.width !== undefined && o.layers) throw new InvalidArgumentError('give --width N (one hidden layer) or --layers n1,...,nL, not both');
  if (o.width === undefined && !o.layers) throw new InvalidArgumentError('give the network: --width N (one hidden layer) or --layers n1,...,nL');
  const widths = o.layers ?? [o.width!];
  const network: NetworkSpec = { activation: arch.name, widths: widths.slice(), sW: params.sW, sb: params.sb, dIn: params.dIn };
  // --width may be fractional (the exact engine's width sweep); integer widths are checked where networks are built.
  if (o.layers) validateNetwork(arch, network);
  return { width: widths[widths.length - 1]!, network };
}
