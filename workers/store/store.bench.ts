/**
 * Store figures for `npm run bench` (not a vitest test): persisted writes/s on fake-indexeddb, a
 * 100,000-pod list, and watch fan-out. Wall-clock time is allowed here only: this file measures the
 * machine, it is no part of the simulation.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import type { KubeObject } from '../api/types';
import { Store } from './store';
import { DexiePersistence } from './dexie-persistence';

/** One bench figure. */
export interface StoreFigure {
  name: string;
  value: number;
  unit: string;
}

/** Writes per flush: one simulation tick's worth, as the cluster flushes once per tick. */
const FLUSH_EVERY = 1000;

/** A Pod as a ReplicaSet creates it and the scheduler and kubelet leave it: about 2.5 KB of JSON. */
export function realisticPod(i: number): KubeObject {
  const name = `web-7d4b9c8f5-${i.toString(36).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: 'web-7d4b9c8f5-',
      namespace: 'default',
      uid: `6f1c2a3b-${i.toString(16).padStart(4, '0')}-4d5e-8f90-a1b2c3d4e5f6`,
      creationTimestamp: '2026-01-01T09:00:00Z',
      labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5', tier: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T08:59:00Z' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c8f5', uid: 'a1b2c3d4-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          readinessProbe: { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
          volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      nodeName: `worker-${i % 5000}`,
      schedulerName: 'default-scheduler',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      volumes: [{ name: 'kube-api-access-x7k2p', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
    },
    status: {
      phase: 'Running',
      conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T09:00:03Z',
      })),
      hostIP: `10.0.${(i >> 8) & 255}.${i & 255}`,
      podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
      startTime: '2026-01-01T09:00:01Z',
      qosClass: 'Burstable',
      containerStatuses: [
        { name: 'nginx', state: { running: { startedAt: '2026-01-01T09:00:02Z' } }, ready: true, restartCount: 0, image: 'docker.io/library/nginx:1.27', imageID: 'docker.io/library/nginx@sha256:0f04e4f646a3f14bf31d8bc8d885b6c951fdcf42589d06845f64d18aec6a3c4d', containerID: 'containerd://9a1b2c3d', started: true },
      ],
    },
  };
}

/** Creates `count` pods through a persisted store, flushing once per FLUSH_EVERY writes. */
async function persistedCreates(count: number, dbName: string, checkpointLag?: number): Promise<{ store: Store; perSecond: number }> {
  const persistence = new DexiePersistence(dbName, checkpointLag);
  await persistence.clear();
  const store = await Store.open({ persistence });
  const pods = Array.from({ length: count }, (_, i) => realisticPod(i));
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    store.create(`/registry/pods/default/${pods[i].metadata.name}`, pods[i]);
    if (i % FLUSH_EVERY === FLUSH_EVERY - 1) await store.flush();
  }
  await store.flush();
  const seconds = (performance.now() - t0) / 1000;
  return { store, perSecond: count / seconds };
}

/** Median of `runs` timings of `fn`, in ms. */
function medianMs(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** Updates pods with 100 watchers on the pods prefix; returns store events/s and deliveries/s. */
function fanOut(store: Store, events: number): { eventsPerSecond: number; deliveriesPerSecond: number } {
  let delivered = 0;
  const watchers = Array.from({ length: 100 }, () => store.watch('/registry/pods/', store.revision, () => void delivered++));
  const keys = store.list('/registry/pods/', { limit: events }).items.map((p) => `/registry/pods/default/${p.metadata.name}`);
  const t0 = performance.now();
  for (let i = 0; i < events; i++) {
    const key = keys[i % keys.length];
    store.update(key, store.get(key)!.object);
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const w of watchers) w.cancel();
  return { eventsPerSecond: events / seconds, deliveriesPerSecond: delivered / seconds };
}

/** Runs the store figures. */
export async function benchStore(): Promise<StoreFigure[]> {
  const figures: StoreFigure[] = [];
  // Warm-up, so the first figure measures compiled code rather than the JIT.
  await persistedCreates(5_000, 'kubesim-bench-store-warmup');
  await new DexiePersistence('kubesim-bench-store-warmup').clear();
  const small = await persistedCreates(10_000, 'kubesim-bench-store-10k');
  figures.push({ name: 'store.persisted_writes_per_s.10k', value: small.perSecond, unit: 'writes/s' });
  const big = await persistedCreates(100_000, 'kubesim-bench-store-100k');
  figures.push({ name: 'store.persisted_writes_per_s.100k', value: big.perSecond, unit: 'writes/s' });
  // With a short lag every create also lands in the objects table within the run: the steady-state cost.
  const steady = await persistedCreates(100_000, 'kubesim-bench-store-100k-checkpointing', 10_000);
  figures.push({ name: 'store.persisted_writes_per_s.100k_with_checkpoints', value: steady.perSecond, unit: 'writes/s' });
  await new DexiePersistence('kubesim-bench-store-100k-checkpointing').clear();
  const store = big.store;
  figures.push({ name: 'store.list_100k_pods_ms', value: medianMs(5, () => store.list('/registry/pods/')), unit: 'ms' });
  const pastRevision = store.revision - 1000;
  figures.push({ name: 'store.list_100k_pods_1000_revisions_back_ms', value: medianMs(5, () => store.list('/registry/pods/', { revision: pastRevision })), unit: 'ms' });
  figures.push({ name: 'store.list_page_500_of_100k_ms', value: medianMs(21, () => store.list('/registry/pods/', { limit: 500, startAfterKey: '/registry/pods/default/web-7d4b9c8f5-01000' })), unit: 'ms' });
  const fan = fanOut(store, 10_000);
  figures.push({ name: 'store.watch_fanout_100_watchers_events_per_s', value: fan.eventsPerSecond, unit: 'events/s' });
  figures.push({ name: 'store.watch_fanout_100_watchers_deliveries_per_s', value: fan.deliveriesPerSecond, unit: 'deliveries/s' });
  await store.flush();
  await new DexiePersistence('kubesim-bench-store-10k').clear();
  await new DexiePersistence('kubesim-bench-store-100k').clear();
  return figures;
}
