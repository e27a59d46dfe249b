/**
 * The page's connection to the cluster worker: boots it, streams object deltas into the store, and
 * exposes the worker's API (requests, apply, time controls) to components.
 */
import * as Comlink from 'comlink';
import type { BootInfo, BootRefusal, ClusterWorkerApi, DeltaBatch } from '../../workers/cluster/protocol';
import { useClusterStore } from '../state/cluster-store';

let connection: Promise<Comlink.Remote<ClusterWorkerApi>> | undefined;

/** Starts the cluster worker once (idempotent: React StrictMode runs effects twice). */
export function connectCluster(): Promise<Comlink.Remote<ClusterWorkerApi>> {
  connection ??= start();
  return connection;
}

async function start(): Promise<Comlink.Remote<ClusterWorkerApi>> {
  const worker = new Worker(new URL('../../workers/cluster.worker.ts', import.meta.url), { type: 'module', name: 'cluster' });
  const api = Comlink.wrap<ClusterWorkerApi>(worker);
  const store = useClusterStore.getState();
  const info = await api.boot();
  if (isRefusal(info)) {
    store.setRefused(info.reason);
    return api;
  }
  store.setBooted(info);
  await subscribe(api);
  return api;
}

async function subscribe(api: Comlink.Remote<ClusterWorkerApi>): Promise<void> {
  const channel = new MessageChannel();
  let pending: DeltaBatch[] = [];
  let scheduled = false;
  // Coalesce batches per animation frame: the worker may post many per frame at high speed.
  channel.port1.onmessage = (e: MessageEvent<DeltaBatch>) => {
    pending.push(e.data);
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const batches = pending;
      pending = [];
      useClusterStore.getState().applyBatches(batches);
    });
  };
  await api.watchObjects(Comlink.transfer(channel.port2, [channel.port2]));
}

/** Takes the cluster over from another tab. */
export async function takeOver(): Promise<void> {
  const api = await connectCluster();
  const info = await api.boot({ takeOver: true });
  if (isRefusal(info)) return;
  useClusterStore.getState().setBooted(info);
  await subscribe(api);
}

function isRefusal(x: BootInfo | BootRefusal): x is BootRefusal {
  return (x as BootRefusal).refused === true;
}
