/** `nnqft gpu`: the WebGPU adapter that `--backend gpu` would run on (src/nets/gpu/device.ts). */
import type { Command } from 'commander';
import { openGpu } from '../../src/nets/gpu/device.js';
import { action, formatTable, printJson } from '../run.js';

/** Registers `nnqft gpu`. */
export function register(program: Command): void {
  program
    .command('gpu')
    .description('show the WebGPU adapter of --backend gpu (vendor, device, driver, CPU fallback); exit 2 naming the fix when there is none')
    .option('--json', 'print JSON')
    .action(action(async (o: { json?: boolean }) => {
      const gpu = await openGpu();
      const info = gpu.info;
      const limits = gpu.device.limits as Record<string, number>;
      gpu.close();
      const doc = { ...info, maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup, maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize };
      if (o.json) { printJson(doc); return; }
      process.stdout.write(formatTable(['field', 'value'], [
        ['vendor', info.vendor], ['architecture', info.architecture], ['device', info.device], ['driver', info.description],
        ['CPU fallback', info.cpuFallback ? 'yes (a CPU implementation: its figures are CPU figures)' : 'no'], ['runtime', info.runtime],
      ]));
    }));
}
