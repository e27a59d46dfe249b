/** Starts node shards in worker_threads Workers and connects them as ShardEndpoints. */
import { Worker } from 'node:worker_threads';
import { ShardRpcClient } from '../sim/shard-rpc';

/** Node shards in threads; `close` ends the threads. */
export interface NodeThreads {
  shards: ShardRpcClient[];
  close(): Promise<void>;
}

/** Starts `count` threads, each running one NodeShard for the scenario's seed. */
export async function startNodeThreads(count: number, seed: number, epochMs: number): Promise<NodeThreads> {
  const workers: Worker[] = [];
  const shards: ShardRpcClient[] = [];
  for (let i = 0; i < count; i++) {
    // A small .mjs entry registers tsx in the thread before loading the TypeScript shard.
    const w = new Worker(new URL('./node-shard-thread.mjs', import.meta.url));
    workers.push(w);
    const client = new ShardRpcClient({ post: (m) => w.postMessage(m), listen: (fn) => w.on('message', fn) });
    w.on('error', (e) => client.fail(new Error(`node worker ${i} failed: ${e.stack ?? e}`)));
    shards.push(client);
  }
  await Promise.all(shards.map((s) => s.init({ seed, epochMs })));
  return {
    shards,
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
