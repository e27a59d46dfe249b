import { describe, expect, it } from 'vitest';
import { makeDS, node, pod, harness } from './testing-builders';
import type { DaemonSet, Pod } from './daemon-pods';

function drain(queue: { tryGet(): string | undefined; done(k: string): void }): string[] {
  const keys: string[] = [];
  for (let k = queue.tryGet(); k !== undefined; k = queue.tryGet()) {
    keys.push(k);
    queue.done(k);
  }
  return keys;
}

const bump = <T extends Pod | DaemonSet>(o: T, change: (c: T) => void): T => {
  const c = structuredClone(o);
  change(c);
  c.metadata.resourceVersion = String(Number(c.metadata.resourceVersion ?? '0') + 1);
  return c;
};

describe('DaemonSetController handlers', () => {
  it('a pod it created lowers the creation expectations and queues its DaemonSet', () => {
    const { ctrl } = harness(makeDS(), [], [], []);
    ctrl.expectations.setExpectations('kube-system/agent', 2, 0);
    ctrl.pods.add(pod('a', 'n1'));
    expect(ctrl.expectations.getExpectations('kube-system/agent')?.add).toBe(1);
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });

  it('a pod starting graceful deletion counts as deleted once, and queues its DaemonSet', () => {
    const p = pod('a', 'n1');
    const { ctrl } = harness(makeDS(), [], [p], []);
    ctrl.expectations.setExpectations('kube-system/agent', 0, 1);
    ctrl.pods.update(bump(p, (c) => {
      c.metadata.deletionTimestamp = '2026-01-01T01:00:00Z';
      c.metadata.labels = { app: 'other' };
    }));
    expect(ctrl.expectations.getExpectations('kube-system/agent')?.del).toBe(0);
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });

  it('an orphan queues the DaemonSets that may adopt it', () => {
    const { ctrl } = harness(makeDS(), [], [], []);
    ctrl.pods.add(pod('x', 'n1', 'agent:1', { owned: false }));
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });

  it('a new node queues only the DaemonSets that should run there', () => {
    const { ctrl } = harness(makeDS(), [], [], []);
    ctrl.nodes.add(node('tainted', [{ key: 'dedicated', effect: 'NoSchedule' }]));
    expect(drain(ctrl.queue)).toEqual([]);
    ctrl.nodes.add(node('n1'));
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });

  it('a node update matters only when its labels or taints change the verdict', () => {
    const n = node('n1');
    const { ctrl } = harness(makeDS(), [n], [], []);
    const heartbeat = { ...structuredClone(n), status: { conditions: [] }, metadata: { ...n.metadata, resourceVersion: '2' } };
    ctrl.nodes.update(heartbeat);
    expect(drain(ctrl.queue)).toEqual([]);
    const relabelled = { ...heartbeat, metadata: { ...heartbeat.metadata, resourceVersion: '3', labels: { zone: 'a' } } };
    ctrl.nodes.update(relabelled);
    expect(drain(ctrl.queue)).toEqual([]);
    ctrl.nodes.update({ ...relabelled, metadata: { ...relabelled.metadata, resourceVersion: '4' }, spec: { taints: [{ key: 'gone', effect: 'NoExecute' }] } });
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });

  it('a pod turning ready under minReadySeconds is looked at again minReadySeconds + 1 s later', () => {
    const ds = makeDS();
    ds.spec.minReadySeconds = 10;
    const p = pod('a', 'n1', 'agent:1', { ready: false });
    const { ctrl, timers } = harness(ds, [], [p], []);
    ctrl.pods.update(bump(p, (c) => (c.status!.conditions = [{ type: 'Ready', status: 'True' }])));
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
    timers.advance(10_999);
    expect(drain(ctrl.queue)).toEqual([]);
    timers.advance(1);
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });

  it('a deleted DaemonSet forgets its expectations and is queued', () => {
    const { ctrl } = harness(makeDS(), [], [], []);
    ctrl.expectations.setExpectations('kube-system/agent', 3, 0);
    ctrl.daemonSets.delete(ctrl.daemonSets.indexer.get('kube-system', 'agent')!);
    expect(ctrl.expectations.getExpectations('kube-system/agent')).toBeUndefined();
    expect(drain(ctrl.queue)).toEqual(['kube-system/agent']);
  });
});
