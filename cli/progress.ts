/**
 * Progress bars of long CLI jobs on stderr, in the style of `nnqft sample`
 * (cli-progress, shades_classic preset): one bar per phase of the library's
 * {@link ProgressCallback}, with rate and ETA. Shown only on a terminal
 * (stderr a TTY) and without --no-progress, so pipes, tests and --json
 * consumers see nothing new; never written to stdout. Jobs under about a
 * second stay clean: no bar appears before `delayMs` after the start, nor for a
 * phase that has not yet run for a quarter of that.
 */
import cliProgress from 'cli-progress';
import type { ProgressCallback } from '../src/core/progress.js';

/** Default delay before the first bar (ms). */
export const PROGRESS_DELAY_MS = 1000;

/**
 * NNQFT_PROGRESS_DELAY_MS (a number >= 0) overrides the delay: 0 shows a bar for
 * any job, which makes a test under a pseudo-terminal independent of the machine's speed.
 */
function envDelay(): number | undefined {
  const v = process.env['NNQFT_PROGRESS_DELAY_MS'];
  const d = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(d) && d >= 0 ? d : undefined;
}

/** Options of {@link cliProgressBar}; the defaults are the real stderr and clock. */
export interface CliProgressOptions {
  /** Where the bar goes (default process.stderr); nothing is shown unless `isTTY` is true. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** No bar before this many ms after the start (default {@link PROGRESS_DELAY_MS}). */
  delayMs?: number;
  /** Clock in ms (default performance.now). */
  now?: () => number;
  /**
   * Where stderr is not a terminal, write each new phase's name on a line of its own
   * ("  <phase>…"), for the logs of long batch jobs (`nnqft reproduce`); default false.
   */
  logPhases?: boolean;
}

/** A progress display for one CLI job. */
export interface CliProgress {
  /** The callback to hand to the library; undefined when nothing will be shown (then the library skips its counting). */
  readonly onProgress: ProgressCallback | undefined;
  /** Removes the bar (call before printing results and in `finally`, so error lines start on a clean line). */
  stop(): void;
}

/**
 * A progress display: `enabled` is the command's --progress flag (false with
 * --no-progress). Each phase gets its own bar, cleared when the next phase
 * starts or the job ends, so stderr holds only what it held before once the
 * job is done.
 */
export function cliProgressBar(enabled: boolean, o: CliProgressOptions = {}): CliProgress {
  const stream = o.stream ?? process.stderr;
  if (!enabled) return { onProgress: undefined, stop() {} };
  if (stream.isTTY !== true) {
    if (!o.logPhases) return { onProgress: undefined, stop() {} };
    let logged: string | undefined;
    return {
      onProgress: (_done, _total, name) => { if (name !== logged) { logged = name; stream.write(`  ${name}…\n`); } },
      stop() {},
    };
  }
  const now = o.now ?? (() => performance.now());
  const delay = o.delayMs ?? envDelay() ?? PROGRESS_DELAY_MS;
  const t0 = now();
  let bar: cliProgress.SingleBar | undefined;
  let phase: string | undefined, phaseStart = t0, barStart = t0, barStartDone = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const onProgress: ProgressCallback = (done, total, name) => {
    const t = now();
    if (name !== phase) {
      stop();
      phase = name;
      phaseStart = t;
    }
    if (!bar) {
      // A phase already finished, or too young, or a job under the delay: nothing to show yet.
      if (done >= total || t - t0 < delay || t - phaseStart < delay / 4) return;
      bar = new cliProgress.SingleBar({
        stream: stream as NodeJS.WritableStream,
        format: `${name} {bar} {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        clearOnComplete: true,
        etaBuffer: 50,
      }, cliProgress.Presets.shades_classic);
      barStart = t;
      barStartDone = done;
      bar.start(total, done, { rate: '-' });
      return;
    }
    const s = (t - barStart) / 1000;
    const rate = s > 0 ? (done - barStartDone) / s : 0;
    bar.update(done, { rate: rate >= 100 ? Math.round(rate) : rate.toPrecision(2) });
  };
  return { onProgress, stop };
}
