/**
 * Progress reporting of long library calls (exact correlators, predictions,
 * fits). Not physics: a callback the caller may pass to watch a computation;
 * it never changes a result, and the calls it receives depend only on the
 * inputs (no clocks), so they are as deterministic as the results.
 */

/**
 * Progress of a long computation: `done` of `total` units of the named phase.
 * Within one phase `total` is fixed, 0 <= done <= total, done never decreases,
 * and the last call of every phase has done = total. A call with a new
 * `phase` starts a new count. Units are whatever the phase counts (moment
 * tuples, integrals, index tuples); `phase` says which.
 */
export type ProgressCallback = (done: number, total: number, phase: string) => void;

/** Reports one phase through a {@link ProgressCallback}, thinned to about `steps` calls. */
export interface PhaseReporter {
  /** Sets the count to `done` (clamped to [previous, total]); reports when it passed the next step. */
  set(done: number): void;
  /** Adds `n` (default 1) to the count. */
  advance(n?: number): void;
  /** Reports done = total (once). */
  end(): void;
}

/**
 * A reporter for one phase: reports done = 0 at once, then whenever the count
 * has advanced by total/steps since the last report, and total at `end()`.
 * Without a callback every method is a no-op (so the hot loops pay one call).
 */
export function phaseReporter(cb: ProgressCallback | undefined, phase: string, total: number, steps = 1000): PhaseReporter {
  if (!cb) return { set() {}, advance() {}, end() {} };
  const T = Math.max(0, Math.floor(total));
  const stride = Math.max(1, Math.ceil(T / steps));
  let done = 0, reported = 0, ended = false;
  cb(0, T, phase);
  const set = (d: number) => {
    if (ended) return;
    const v = Math.min(T, Math.floor(d));
    if (v <= done) return;
    done = v;
    if (done - reported >= stride && done < T) { reported = done; cb(done, T, phase); }
  };
  return {
    set,
    advance: (n = 1) => set(done + n),
    end() {
      if (ended) return;
      ended = true;
      cb(T, T, phase);
    },
  };
}
