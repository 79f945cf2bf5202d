// Shared benchmark helpers.

/** Mean milliseconds per call of fn over `reps` calls, after one warm-up call. */
export function time(fn, reps) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}
