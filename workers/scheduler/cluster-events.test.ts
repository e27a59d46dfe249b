import { describe, expect, it } from 'vitest';
import { assignedPodUpdateMatters, nodeSchedulingPropertiesChanged } from './cluster-events';
import { makeNode, makePod } from './testing/builders';

describe('nodeSchedulingPropertiesChanged', () => {
  const base = makeNode('a');
  it.each([
    ['heartbeat only (same properties)', { ...base, metadata: { ...base.metadata, resourceVersion: '9' } }, false],
    ['cordoned', { ...base, spec: { unschedulable: true } }, true],
    ['label added', makeNode('a', { labels: { disk: 'ssd' } }), true],
    ['taint added', makeNode('a', { taints: [{ key: 'k', effect: 'NoSchedule' }] }), true],
    ['more cpu', makeNode('a', { cpu: '8' }), true],
    ['not ready', { ...base, status: { ...base.status, conditions: [{ type: 'Ready', status: 'False' }] } }, true],
  ])('%s -> %s', (_n, node, want) => expect(nodeSchedulingPropertiesChanged(base, node)).toBe(want));
});

describe('assignedPodUpdateMatters', () => {
  const pod = makePod({ name: 'p', cpu: '1', labels: { app: 'web' } });
  it.each([
    ['status only', { ...pod, status: { phase: 'Running' } }, false],
    ['labels', { ...pod, metadata: { ...pod.metadata, labels: { app: 'api' } } }, true],
    ['terminating', { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }, true],
    ['requests resized', makePod({ name: 'p', cpu: '500m', labels: { app: 'web' } }), true],
  ])('%s -> %s', (_n, next, want) => expect(assignedPodUpdateMatters(pod, next)).toBe(want));
});
