/**
 * Test helpers that interleave the kernel's virtual time with the promise-based transport: run one
 * event, let every pending promise settle, repeat.
 */
import type { Kernel } from '../../sim/kernel';

/** Lets pending promise chains (transport answers) run to completion. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Advances virtual time by `ms`, settling promises after every event. */
export async function advance(kernel: Kernel, ms: number, maxEvents = 100_000): Promise<void> {
  const target = kernel.now() + ms;
  await settle();
  for (let n = 0; n < maxEvents; n++) {
    const next = kernel.nextEventAt();
    if (next === undefined || next > target) break;
    kernel.step();
    await settle();
  }
  kernel.runUntil(target);
  await settle();
}
