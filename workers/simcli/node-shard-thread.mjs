// The worker_threads entry: teaches this thread TypeScript (tsx), then runs the shard.
import { register } from 'tsx/esm/api';

register();
await import('./node-shard-thread.ts');
