import { describe, expect, it } from 'vitest';
import { TestClock } from '../../apiserver/testkit';
import { makePod } from '../testing/builders';
import { POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS, SchedulingQueue, type ClusterEvent } from './scheduling-queue';

describe('SchedulingQueue', () => {
  it('pops by priority, then by enqueue time', () => {
    const clock = new TestClock();
    const q = new SchedulingQueue(clock);
    q.add(makePod({ name: 'low' }));
    clock.advance(1);
    q.add(makePod({ name: 'high', priority: 1000 }));
    clock.advance(1);
    q.add(makePod({ name: 'low2' }));
    expect([q.pop(), q.pop(), q.pop()].map((x) => x!.pod.metadata.name)).toEqual(['high', 'low', 'low2']);
    expect(q.pop()).toBeUndefined();
  });

  it('backs off 1 s doubling to 10 s per attempt', () => {
    const q = new SchedulingQueue(new TestClock());
    expect([1, 2, 3, 4, 5, 6].map((n) => q.backoffDuration(n))).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
  });

  it('parks an unschedulable pod until a relevant event, then waits out its backoff', () => {
    const clock = new TestClock();
    const q = new SchedulingQueue(clock);
    const pod = makePod({ name: 'p' });
    q.add(pod);
    const info = q.pop()!;
    info.unschedulablePlugins = new Set(['NodeResourcesFit']);
    q.addUnschedulableIfNotPresent(info);
    expect(q.whereIs(pod)).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Delete', label: 'NodeDelete' });
    expect(q.whereIs(pod)).toBe('unschedulable');
    q.moveAllToActiveOrBackoffQueue({ resource: 'Node', action: 'Add', label: 'NodeAdd' });
    expect(q.whereIs(pod)).toBe('backoff');
    clock.advance(999);
    q.flushBackoffQCompleted();
    expect(q.whereIs(pod)).toBe('backoff');
    clock.advance(1);
    q.flushBackoffQCompleted();
    expect(q.whereIs(pod)).toBe('active');
  });

  it('sends a pod that failed while a move request happened to backoffQ', () => {
    const q = new SchedulingQueue(new TestClock());
    const pod = makePod({ name: 'p' });
    q.add(pod);
    const info = q.pop()!;
    q.moveAllToActiveOrBackoffQueue({ resource: 'AssignedPod', action: 'Delete', label: 'AssignedPodDelete' });
    q.addUnschedulableIfNotPresent(info);
    expect(q.whereIs(pod)).toBe('backoff');
  });

  it('flushes pods unschedulable for more than 5 minutes', () => {
    const clock = new TestClock();
    const q = new SchedulingQueue(clock);
    const pod = makePod({ name: 'p' });
    q.add(pod);
    q.addUnschedulableIfNotPresent(q.pop()!);
    clock.advance(POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION_MS);
    q.flushUnschedulablePodsLeftover();
    expect(q.whereIs(pod)).toBe('unschedulable');
    clock.advance(1);
    q.flushUnschedulablePodsLeftover();
    expect(q.whereIs(pod)).toBe('active');
  });

  it('keeps gated pods out of activeQ until the gates are removed', () => {
    const q = new SchedulingQueue(new TestClock());
    const gated = { ...makePod({ name: 'g' }), metadata: { ...makePod({ name: 'g' }).metadata, resourceVersion: '1' } };
    gated.spec.schedulingGates = [{ name: 'wait' }];
    q.add(gated);
    expect(q.whereIs(gated)).toBe('gated');
    const open = { ...gated, metadata: { ...gated.metadata, resourceVersion: '2' }, spec: { ...gated.spec, schedulingGates: [] } };
    q.update(gated, open);
    expect(q.whereIs(open)).toBe('active');
  });

  it.each([
    ['NodeResourcesFit', 'AssignedPod', 'Delete', 'backoff'],
    ['NodeResourcesFit', 'Node', 'Update', 'backoff'],
    ['NodeResourcesFit', 'AssignedPod', 'Add', 'unschedulable'],
    ['TaintToleration', 'Node', 'Update', 'backoff'],
    ['TaintToleration', 'AssignedPod', 'Delete', 'unschedulable'],
    ['InterPodAffinity', 'AssignedPod', 'Add', 'backoff'],
    ['NodeName', 'Node', 'Update', 'unschedulable'],
    ['', 'Node', 'Delete', 'backoff'],
  ] as [string, ClusterEvent['resource'], ClusterEvent['action'], string][])('a pod rejected by %s after %s/%s goes to %s', (plugin, resource, action, want) => {
    const q = new SchedulingQueue(new TestClock());
    const pod = makePod({ name: 'p' });
    q.add(pod);
    const info = q.pop()!;
    info.unschedulablePlugins = new Set(plugin ? [plugin] : []);
    q.addUnschedulableIfNotPresent(info);
    q.moveAllToActiveOrBackoffQueue({ resource, action, label: `${resource}${action}` });
    expect(q.whereIs(pod)).toBe(want);
  });
});
