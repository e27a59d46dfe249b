/**
 * Wall time for reports about the machine (how long a simulation took to compute), never for the
 * simulation itself: virtual time comes from the kernel.
 */

/** Starts a stopwatch; the returned function reads the wall ms elapsed. */
export function startStopwatch(): () => number {
  const start = performance.now();
  return () => performance.now() - start;
}
