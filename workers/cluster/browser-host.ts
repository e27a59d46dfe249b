/**
 * What the browser's cluster worker needs of its host beyond the simulation: the node workers it
 * starts (one shard of machines each) and the Web Lock that keeps two tabs from running one cluster.
 */
import { ShardRpcClient } from '../sim/shard-rpc';

const LOCK_NAME = 'kubesim-cluster-owner';

/** How many node workers to run: the nodes' share of the machine's cores (the history is the same for any count). */
function nodeWorkerCount(): number {
  return Math.min(4, Math.max(1, Math.floor((navigator.hardwareConcurrency || 2) / 2)));
}

/** The node workers of one cluster: started together, terminated together. */
export class NodeWorkers {
  private workers: Worker[] = [];
  private shards: ShardRpcClient[] = [];

  /**
   * Starts the workers' scripts loading, before the cluster knows its seed: fetching and compiling
   * them overlaps with opening IndexedDB instead of following it. Idempotent until `terminate`.
   */
  spawn(): void {
    if (this.workers.length) return;
    for (let i = 0; i < nodeWorkerCount(); i++) {
      const w = new Worker(new URL('../node.worker.ts', import.meta.url), { type: 'module', name: `kubesim-nodes-${i}` });
      const shard = new ShardRpcClient({ post: (m) => w.postMessage(m), listen: (fn) => w.addEventListener('message', (e) => fn(e.data)) });
      w.addEventListener('error', (e) => shard.fail(new Error(`node worker ${i}: ${e.message}`)));
      this.workers.push(w);
      this.shards.push(shard);
    }
  }

  /** The shards, each initialised with the cluster's seed and clock (spawning the workers if needed). */
  async start(seed: number, epochMs: number): Promise<ShardRpcClient[]> {
    this.spawn();
    const shards = this.shards;
    await Promise.all(shards.map((s) => s.init({ seed, epochMs })));
    return shards;
  }

  terminate(): void {
    for (const w of this.workers) w.terminate();
    this.workers = [];
    this.shards = [];
  }
}

/**
 * Holds the Web Lock for as long as this worker runs the cluster, so two tabs never share it. Taking
 * over steals the lock: the other tab's worker hears it (its request rejects) and `onLost` runs.
 */
export class TabLock {
  private release?: () => void;

  acquire(takeOver: boolean, onLost: () => void): Promise<boolean> {
    if (!('locks' in navigator)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      navigator.locks
        .request(LOCK_NAME, takeOver ? { steal: true } : { ifAvailable: true }, (lock) => {
          if (!lock) {
            resolve(false);
            return undefined;
          }
          resolve(true);
          return new Promise<void>((release) => (this.release = release));
        })
        .catch(() => {
          this.release = undefined;
          onLost();
        });
    });
  }

  /** Lets go (the page is closing). */
  releaseNow(): void {
    this.release?.();
  }
}
