/** The list of CLI commands: one import and one entry per command file. */
import type { Command } from 'commander';
import { register as inputs } from './inputs.js';
import { register as actionCmd } from './action.js';

export const COMMANDS: ((program: Command) => void)[] = [inputs, actionCmd];
