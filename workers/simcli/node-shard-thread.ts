/** A node shard in a worker_threads Worker (`npm run sim -- --node-workers N`): wiring only. */
import { parentPort } from 'node:worker_threads';
import { NodeShard } from '../node/shard/node-shard';
import { hostYield } from '../sim/host-timer';
import { serveShard } from '../sim/shard-rpc';

const port = parentPort;
if (!port) throw new Error('node-shard-thread runs as a worker thread');
serveShard(
  { post: (m) => port.postMessage(m), listen: (fn) => port.on('message', fn) },
  (init) => new NodeShard({ seed: init.seed, epochMs: init.epochMs, settle: hostYield }),
);
