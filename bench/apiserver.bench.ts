/** kube-apiserver figures: create latency through the whole request pipeline, list of 100,000 pods. */
import { performance } from 'node:perf_hooks';
import { Cluster, DEFAULT_EPOCH_MS } from '../workers/cluster/cluster';
import { MemoryPersistence } from '../workers/store/memory-persistence';
import type { ApiRequest } from '../workers/apiserver/types';
import type { Figure } from './main';

const admin = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };

function pod(name: string, i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: `app-${i % 100}`, 'pod-template-hash': '5d8f7c9b4' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80 }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function create(cluster: Cluster, body: unknown): Promise<void> {
  const req: ApiRequest = { method: 'POST', path: '/api/v1/namespaces/default/pods', body, user: admin, headers: { 'content-type': 'application/json' } };
  const res = await cluster.handle(req);
  if (res.kind !== 'response' || res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.kind === 'response' ? res.body : res.kind)}`);
}

/** Runs the apiserver figures. */
export async function benchApiserver(): Promise<Figure[]> {
  const cluster = await Cluster.open({ seed: 1, epochMs: DEFAULT_EPOCH_MS, persistence: new MemoryPersistence() });
  const latencies: number[] = [];
  const total = 100_000;
  for (let i = 0; i < total; i++) {
    const body = pod(`web-${i}`, i);
    const t0 = performance.now();
    await create(cluster, body);
    if (i >= 1000 && i < 21_000) latencies.push(performance.now() - t0);
    if (i % 1000 === 999) await cluster.store.flush();
  }
  latencies.sort((a, b) => a - b);
  const lists: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await cluster.handle({ method: 'GET', path: '/api/v1/pods', user: admin, headers: { accept: 'application/json' } });
    lists.push(performance.now() - t0);
    if (res.kind !== 'response' || (res.body as { items: unknown[] }).items.length !== total) throw new Error('list returned the wrong count');
  }
  await cluster.close();
  const fanout = await benchWatchFanout();
  return [
    { name: 'apiserver.create_p50_ms', value: percentile(latencies, 50), unit: 'ms' },
    { name: 'apiserver.create_p99_ms', value: percentile(latencies, 99), unit: 'ms' },
    { name: 'apiserver.list_100k_pods_ms', value: Math.min(...lists), unit: 'ms' },
    { name: 'apiserver.watch_fanout_100_watchers_events_per_s', value: fanout, unit: 'events/s' },
  ];
}

/** Writes through the apiserver while 100 watch streams (as 100 clients) receive every event. */
async function benchWatchFanout(): Promise<number> {
  const cluster = await Cluster.open({ seed: 2, epochMs: DEFAULT_EPOCH_MS });
  const watchers = 100;
  const events = 10_000;
  let delivered = 0;
  for (let i = 0; i < watchers; i++) {
    const res = await cluster.handle({ method: 'GET', path: '/api/v1/namespaces/default/configmaps', query: { watch: 'true', resourceVersion: String(cluster.store.revision) }, user: admin });
    if (res.kind !== 'watch') throw new Error('expected a watch');
    res.stream.start(() => delivered++);
  }
  const t0 = performance.now();
  for (let i = 0; i < events; i++) {
    await createConfigMap(cluster, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}` }, data: { i: String(i) } });
  }
  const seconds = (performance.now() - t0) / 1000;
  if (delivered !== watchers * events) throw new Error(`delivered ${delivered} of ${watchers * events}`);
  await cluster.close();
  return events / seconds;
}

/** Creates a ConfigMap through the whole pipeline. */
async function createConfigMap(cluster: Cluster, body: unknown): Promise<void> {
  const res = await cluster.handle({ method: 'POST', path: '/api/v1/namespaces/default/configmaps', body, user: admin });
  if (res.kind !== 'response' || res.status !== 201) throw new Error('create failed');
}
