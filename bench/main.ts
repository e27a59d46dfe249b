/**
 * `npm run bench`: prints one JSON line per figure ({"bench", "value", "unit", "target"?}).
 * Performance is measured here, never asserted by timed tests.
 */
import 'fake-indexeddb/auto';
import { benchStore } from '../workers/store/store.bench';
import { benchApiserver } from './apiserver.bench';
import { benchCluster } from './cluster.bench';
import { benchDashboard } from './dashboard.bench';
import { benchScheduler } from '../workers/scheduler/scheduler.bench';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The target from the issue, as text (`>= 20000`), when there is one. */
  target?: string;
}

const targets: Record<string, string> = {
  'store.persisted_writes_per_s.10k': '>= 20000',
  'store.persisted_writes_per_s.100k': '>= 20000',
  'store.list_100k_pods_ms': '<= 300',
  'apiserver.create_p99_ms': '<= 5',
  'apiserver.list_100k_pods_ms': '<= 300',
  'scheduler.bound_pods_per_s.5000_nodes_10000_pods': '>= 5000',
};

function print(f: Figure): void {
  const target = f.target ?? targets[f.name];
  console.log(JSON.stringify({ bench: f.name, value: Math.round(f.value * 1000) / 1000, unit: f.unit, ...(target ? { target } : {}) }));
}

const only = process.argv[2];
const suites: [string, () => Promise<Figure[]>][] = [
  ['store', benchStore],
  ['apiserver', benchApiserver],
  ['scheduler', benchScheduler],
  ['cluster', benchCluster],
  ['dashboard', benchDashboard],
];
for (const [name, run] of suites) {
  if (only && only !== name) continue;
  for (const f of await run()) print(f);
}
