/** The list of CLI commands: one import and one entry per command file. */
import type { Command } from 'commander';
import { register as inputs } from './inputs.js';
import { register as actionCmd } from './action.js';
import { register as fit } from './fit.js';
import { register as rg } from './rg.js';
import { register as validate } from './validate.js';
import { register as table5 } from './table5.js';

import { register as exact } from './exact.js';
import { register as diagrams } from './diagrams.js';
import { register as merge } from './merge.js';
import { register as sample } from './sample.js';
import { register as predict } from './predict.js';
import { register as reproduce } from './reproduce.js';
import { register as kernel } from './kernel.js';
import { register as finiteWidth } from './finite-width.js';
import { register as explore } from './explore.js';
import { register as gpu } from './gpu.js';

export const COMMANDS: ((program: Command) => void)[] = [
  inputs,
  actionCmd,
  exact,
  fit,
  rg,
  validate,
  table5,
  diagrams,
  sample,
  merge,
  predict,
  reproduce,
  kernel,
  finiteWidth,
  explore,
  gpu,
];
