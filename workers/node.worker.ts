/**
 * A node worker: one shard of simulated nodes (kubelets, container runtimes, kube-proxies) running
 * in lockstep with the cluster worker, which starts it and talks to it over its port. Wiring only.
 */
import { NodeShard } from './node/shard/node-shard';
import { hostYield } from './sim/host-timer';
import { serveShard } from './sim/shard-rpc';

serveShard(
  {
    post: (m) => postMessage(m),
    listen: (fn) => addEventListener('message', (e) => fn((e as MessageEvent).data)),
  },
  (init) => new NodeShard({ seed: init.seed, epochMs: init.epochMs, settle: hostYield }),
);
