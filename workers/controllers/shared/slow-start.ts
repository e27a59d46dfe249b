/** Batches that grow while calls succeed (upstream's slowStartBatch). */

/** Upstream's SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/**
 * Calls `fn` `count` times in batches of 1, 2, 4, ... (each batch in parallel, doubling while all
 * succeed, capped by what remains) so a doomed creation (quota, admission) fails once, not `count`
 * times. Returns the successes and the first error of the batch that stopped it.
 */
export async function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: (index: number) => Promise<void>,
): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  let index = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const calls: Promise<void>[] = [];
    for (let i = 0; i < batch; i++) calls.push(fn(index++));
    const results = await Promise.allSettled(calls);
    let error: unknown;
    for (const r of results) {
      if (r.status === 'fulfilled') successes++;
      else if (error === undefined) error = r.reason ?? new Error('failed');
    }
    if (error !== undefined) return { successes, error };
    remaining -= batch;
  }
  return { successes };
}
