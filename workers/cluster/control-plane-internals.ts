/**
 * What the control plane's components hold right now (issue 5, section 2): etcd's revision and
 * key count, kube-scheduler's queues and caches, and per controller of kube-controller-manager its
 * work queue and the expectations it still waits on, plus the shared informers' caches.
 */
import type { WorkQueue, WorkQueueStats } from '../client/workqueue';
import type { ControllerExpectations } from '../client/expectations';
import type { Component } from '../client/component';
import type { Store } from '../store/store';
import type { ControlPlane } from './control-plane';

export interface ControllerInternals {
  name: string;
  queue?: WorkQueueStats;
  /** Keys waiting to observe their own creations/deletions (ControllerExpectations). */
  expectations?: { key: string; add: number; del: number }[];
}

export interface ControlPlaneInternals {
  etcd: { revision: number; compactRevision: number; keys: number; watchers: number };
  scheduler: {
    running: boolean;
    queue?: { active: number; backoff: number; unschedulable: number; gated: number };
    caches?: { resource: string; objects: number }[];
  };
  controllerManager: {
    running: boolean;
    caches: { resource: string; objects: number }[];
    controllers: ControllerInternals[];
  };
}

/** The part of kube-controller-manager that holds the shared informers. */
interface CacheSizer {
  cacheSizes(): { resource: string; objects: number }[];
}

interface Inspectable {
  queue?: WorkQueue<string>;
  expectations?: ControllerExpectations;
}

/** A snapshot (plain data, safe to post to the page). */
export function controlPlaneInternals(store: Store, cp: ControlPlane): ControlPlaneInternals {
  const sched = cp.runningScheduler;
  const parts = cp.controllerManager.components;
  const shared = parts.find((p): p is Component & CacheSizer => 'cacheSizes' in p);
  return {
    etcd: { revision: store.revision, compactRevision: store.compactRevision, keys: store.keyCount, watchers: store.watcherCount },
    scheduler: sched
      ? {
          running: true,
          queue: sched.queue.stats(),
          caches: [
            { resource: 'nodes', objects: sched.nodeInformer.indexer.size },
            { resource: 'pods', objects: sched.podInformer.indexer.size },
          ],
        }
      : { running: false },
    controllerManager: {
      running: cp.controllerManager.running,
      caches: shared?.cacheSizes() ?? [],
      controllers: cp.controllerNames().flatMap((name, i) => {
        const c = parts[i] as Inspectable | undefined;
        if (!c) return [];
        const out: ControllerInternals = { name };
        if (c.queue) out.queue = c.queue.stats();
        if (c.expectations) out.expectations = c.expectations.pending();
        return [out];
      }),
    },
  };
}
