/** The one sanctioned read of the host's clock outside the kernel driver: where a live server's virtual time starts. */

/** The current wall-clock second, as the virtual epoch of a cluster served live (`npm run serve`). */
export function wallClockEpochMs(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}
