/**
 * The fingerprint of a cluster's history: SHA-256 over every revision the store ever committed, in
 * order (type, key, revision and the object's JSON, Events included, since Events are objects too).
 * Two runs of one scenario must produce the same digest whatever the speed or the number of node
 * workers; `npm run sim` prints it, and the determinism tests compare it.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Store } from '../store/store';
import type { StoreEvent } from '../store/types';

/** Hashes a store's history from its first revision on, as it is written. */
export class HistoryHash {
  private readonly hash: Hash = createHash('sha256');
  private readonly cancel: () => void;
  /** Revisions hashed so far. */
  revisions = 0;

  /** Starts at revision 0: the store's whole history must still be in its log (not compacted). */
  constructor(store: Store, private readonly record?: (line: string) => void) {
    const w = store.watch('/', 0, (e) => this.add(e));
    this.cancel = () => w.cancel();
  }

  private add(e: StoreEvent): void {
    const line = `${e.revision} ${e.type} ${e.key} ${JSON.stringify(e.object)}\n`;
    this.hash.update(line);
    this.record?.(line);
    this.revisions++;
  }

  /** The hex digest so far (stops hashing). */
  digest(): string {
    this.cancel();
    return this.hash.digest('hex');
  }
}
