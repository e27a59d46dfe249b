import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { buildGraph, podGroupId } from './graph-model';
import { workloadView } from './graph-views';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true }];

function deployment(name: string, replicas: number, status: object = {}, s = 0): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, creationTimestamp: t(s) }, spec: { replicas }, status: { observedGeneration: 1, ...status } };
}
function replicaSet(name: string, dep: string, replicas: number, s = 1): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: t(s), ownerReferences: owner('Deployment', dep), annotations: { 'deployment.kubernetes.io/revision': '1' } },
    spec: { replicas }, status: { replicas, readyReplicas: replicas },
  };
}
function pod(name: string, opts: { rs?: string; node?: string; phase?: string; ns?: string; s?: number; cpu?: string; memory?: string; ready?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: opts.ns ?? 'default', uid: `uid-${name}`, creationTimestamp: t(opts.s ?? 2), ownerReferences: opts.rs ? owner('ReplicaSet', opts.rs) : undefined },
    spec: { nodeName: opts.node, containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: opts.cpu ?? '100m', memory: opts.memory ?? '64Mi' } } }] },
    status: { phase: opts.phase ?? 'Running', containerStatuses: [{ ready: opts.ready ?? opts.phase !== 'Pending', restartCount: 0, state: opts.phase === 'Pending' ? { waiting: { reason: 'ContainerCreating' } } : { running: {} } }] },
  };
}
function node(name: string, opts: { cordon?: boolean; ready?: string; taints?: object[]; s?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}`, creationTimestamp: t(opts.s ?? 0), labels: name === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : {} },
    spec: { unschedulable: opts.cordon, taints: opts.taints },
    status: { allocatable: { cpu: '4', memory: '8Gi', pods: '110' }, conditions: [{ type: 'Ready', status: opts.ready ?? 'True' }] },
  } as KubeObject;
}

const all = () => true;

describe('buildGraph', () => {
  it('turns a Deployment into Deployment -> ReplicaSet -> Pods -> Nodes with edges', () => {
    const objects = [
      node('worker-1', { s: 1 }), node('worker-2', { s: 1 }), node('control-plane'),
      deployment('web', 2, { replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 }),
      replicaSet('web-abc', 'web', 2),
      pod('web-abc-2', { rs: 'web-abc', node: 'worker-2' }), pod('web-abc-1', { rs: 'web-abc', node: 'worker-1' }),
    ];
    const g = buildGraph(objects, { showNamespace: all });
    expect(g.aggregated).toBe(false);
    expect(g.items.map((i) => `${i.type}:${i.name}`)).toEqual([
      'workload:web', 'replicaset:web-abc', 'node:control-plane', 'node:worker-1', 'node:worker-2', 'pod:web-abc-1', 'pod:web-abc-2',
    ]);
    expect(g.edges.map((e) => `${e.source}->${e.target}:${e.kind}`)).toEqual([
      'uid-web->uid-web-abc:owns',
      'uid-web-abc->uid-web-abc-1:owns',
      'uid-web-abc-1->uid-worker-1:runs-on',
      'uid-web-abc->uid-web-abc-2:owns',
      'uid-web-abc-2->uid-worker-2:runs-on',
    ]);
    const dep = g.items.find((i) => i.type === 'workload');
    expect(dep?.view).toMatchObject({ ready: 2, desired: 2, rollout: 'Complete', tone: 'ok' });
    expect(g.items.find((i) => i.type === 'replicaset')?.view).toMatchObject({ revision: '1', desired: 2, ready: 2 });
  });

  it('sums pod requests on each node (all namespaces, finished pods excluded) against allocatable', () => {
    const objects = [
      node('worker-1'),
      pod('a', { node: 'worker-1', cpu: '250m', memory: '1Gi' }),
      pod('b', { node: 'worker-1', cpu: '500m', memory: '512Mi', ns: 'kube-system' }),
      pod('done', { node: 'worker-1', phase: 'Succeeded', cpu: '2' }),
      pod('pending', { phase: 'Pending', cpu: '3' }),
    ];
    const g = buildGraph(objects, { showNamespace: (ns) => ns !== 'kube-system' });
    const n = g.items.find((i) => i.type === 'node');
    expect(n?.view).toMatchObject({ cpuRequested: 0.75, cpuAllocatable: 4, memoryRequested: 1.5 * 2 ** 30, memoryAllocatable: 8 * 2 ** 30, pods: 2, podsAllocatable: 110 });
    // kube-system's pod counts on the node but is not drawn; the unscheduled pod has no node edge.
    expect(g.items.filter((i) => i.type === 'pod').map((i) => i.name)).toEqual(['a', 'done', 'pending']);
    expect(g.edges.map((e) => e.id)).toEqual(['uid-a->uid-worker-1', 'uid-done->uid-worker-1']);
  });

  it('shows node state: NotReady, cordoned, taints, roles', () => {
    const g = buildGraph(
      [node('control-plane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }), node('worker-1', { cordon: true, s: 1 }), node('worker-2', { ready: 'False', s: 2 })],
      { showNamespace: all },
    );
    expect(g.items.map((i) => i.view)).toMatchObject([
      { status: 'Ready', roles: 'control-plane', taints: ['node-role.kubernetes.io/control-plane:NoSchedule'], tone: 'ok' },
      { status: 'Ready,SchedulingDisabled', cordoned: true, tone: 'warn' },
      { status: 'NotReady', ready: false, tone: 'error' },
    ]);
  });

  it('does not draw an owner edge from a mirror pod to its Node, only runs-on', () => {
    const mirror = pod('etcd-control-plane', { node: 'control-plane', ns: 'kube-system' });
    mirror.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: 'control-plane', uid: 'uid-control-plane', controller: true }];
    const g = buildGraph([node('control-plane'), mirror], { showNamespace: all });
    expect(g.edges.map((e) => e.kind)).toEqual(['runs-on']);
  });

  it('aggregates pods per (ReplicaSet, node) beyond the element budget, and expands a group on request', () => {
    const objects: KubeObject[] = [node('worker-1'), node('worker-2'), deployment('big', 6), replicaSet('big-1', 'big', 6)];
    for (let i = 0; i < 6; i++) objects.push(pod(`big-1-${i}`, { rs: 'big-1', node: i < 4 ? 'worker-1' : 'worker-2', phase: i === 0 ? 'Pending' : 'Running', s: 2 + i }));
    objects.push(pod('lonely', { node: 'worker-2', s: 20 }));
    const g = buildGraph(objects, { showNamespace: all, maxElements: 20 });
    expect(g.aggregated).toBe(true);
    const groups = g.items.filter((i) => i.type === 'podgroup');
    expect(groups.map((i) => i.view)).toEqual([
      { groupId: 'group:uid-big-1:worker-1', ownerName: 'big-1', namespace: 'default', nodeName: 'worker-1', nodeCount: 1, total: 4, counts: [{ phase: 'Running', tone: 'ok', count: 3 }, { phase: 'Pending', tone: 'progress', count: 1 }] },
      { groupId: 'group:uid-big-1:worker-2', ownerName: 'big-1', namespace: 'default', nodeName: 'worker-2', nodeCount: 1, total: 2, counts: [{ phase: 'Running', tone: 'ok', count: 2 }] },
    ]);
    // A group of one is drawn as the pod itself.
    expect(g.items.filter((i) => i.type === 'pod').map((i) => i.name)).toEqual(['lonely']);
    expect(g.edges.map((e) => e.id)).toContain('uid-big-1->group:uid-big-1:worker-1');
    expect(g.edges.map((e) => e.id)).toContain('group:uid-big-1:worker-1->uid-worker-1');

    const expanded = buildGraph(objects, { showNamespace: all, maxElements: 20, expandedGroups: new Set([podGroupId(objects[4])]) });
    expect(expanded.items.filter((i) => i.type === 'pod').map((i) => i.name)).toEqual(['big-1-0', 'big-1-1', 'big-1-2', 'big-1-3', 'lonely']);
    expect(expanded.items.filter((i) => i.type === 'podgroup')).toHaveLength(1);
  });

  it('groups per owner across nodes when per-node groups would still be too many', () => {
    const objects: KubeObject[] = [];
    for (let n = 0; n < 4; n++) objects.push(node(`n${n}`, { s: n }));
    objects.push(deployment('wide', 12), replicaSet('wide-1', 'wide', 12));
    for (let i = 0; i < 12; i++) objects.push(pod(`wide-1-${i}`, { rs: 'wide-1', node: i < 10 ? `n${i % 4}` : undefined, phase: i < 10 ? 'Running' : 'Pending', s: 2 + i }));
    // 7 cards and 1 edge leave 12 for pods: 4 per-node groups (12) plus the unscheduled one do not fit.
    const g = buildGraph(objects, { showNamespace: all, maxElements: 20 });
    expect(g.grouping).toBe('owner');
    expect(g.items.filter((i) => i.type === 'podgroup').map((i) => i.view)).toEqual([
      { groupId: 'group:uid-wide-1:*', ownerName: 'wide-1', namespace: 'default', nodeName: '', nodeCount: 4, total: 12, counts: [{ phase: 'Running', tone: 'ok', count: 10 }, { phase: 'Pending', tone: 'progress', count: 2 }] },
    ]);
    expect(g.edges.filter((e) => e.source === 'group:uid-wide-1:*').map((e) => e.target)).toEqual(['uid-n0', 'uid-n1', 'uid-n2', 'uid-n3']);
    const expanded = buildGraph(objects, { showNamespace: all, maxElements: 20, expandedGroups: new Set(['group:uid-wide-1:*']) });
    expect(expanded.grouping).toBe('owner');
    expect(expanded.items.filter((i) => i.type === 'pod')).toHaveLength(12);
  });
});

function service(name: string, selector: Record<string, string> | undefined, s = 3): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: t(s) }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector, ports: [{ port: 80, protocol: 'TCP' }] } };
}
const labelled = (p: KubeObject, labels: Record<string, string>, ready: boolean): KubeObject => ({
  ...p,
  metadata: { ...p.metadata, labels },
  status: { ...(p.status as object), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('services', () => {
  const objects = [
    node('worker-1'),
    service('web', { app: 'web' }),
    service('kubernetes', undefined, 0),
    labelled(pod('web-1', { node: 'worker-1' }), { app: 'web', tier: 'fe' }, true),
    labelled(pod('web-2', { node: 'worker-1' }), { app: 'web' }, false),
    labelled(pod('db-1', { node: 'worker-1' }), { app: 'db' }, true),
    { ...labelled(pod('other-ns', { node: 'worker-1', ns: 'prod' }), { app: 'web' }, true) },
  ];

  it('are hidden unless asked for', () => {
    expect(buildGraph(objects, { showNamespace: all }).items.some((i) => i.type === 'service')).toBe(false);
  });

  it('select pods of their namespace whose labels match, and count the ready ones', () => {
    const g = buildGraph(objects, { showNamespace: all, showServices: true });
    expect(g.items.filter((i) => i.type === 'service').map((i) => i.view)).toMatchObject([
      { name: 'kubernetes', hasSelector: false, backends: 0, tone: 'muted', ports: '80/TCP' },
      { name: 'web', hasSelector: true, readyBackends: 1, backends: 2, tone: 'ok', clusterIP: '10.96.0.10' },
    ]);
    expect(g.edges.filter((e) => e.kind === 'selects').map((e) => e.id)).toEqual(['uid-web=>uid-web-1', 'uid-web=>uid-web-2']);
  });

  it('point at the group when pods are grouped, once per group', () => {
    const g = buildGraph(objects, { showNamespace: (ns) => ns === 'default', showServices: true, maxElements: 8 });
    expect(g.grouping).toBe('owner-node');
    expect(g.edges.filter((e) => e.kind === 'selects').map((e) => e.id)).toEqual(['uid-web=>group:ns/default:worker-1']);
  });
});

describe('workloadView rollout state', () => {
  it.each([
    [{ replicas: 3, updatedReplicas: 1 }, {}, 'Rolling out: 1/3 updated', 'progress'],
    [{ replicas: 4, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 }, {}, 'Rolling out: 1 old terminating', 'progress'],
    [{ replicas: 3, updatedReplicas: 3, availableReplicas: 2, readyReplicas: 2 }, {}, 'Rolling out: 2/3 available', 'progress'],
    [{ replicas: 3, updatedReplicas: 3, availableReplicas: 3, readyReplicas: 3 }, {}, 'Complete', 'ok'],
    [{ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }, {}, 'Progress deadline exceeded', 'error'],
    [{}, { paused: true }, 'Paused', 'warn'],
  ])('status %j spec %j is %s', (status, spec, rollout, tone) => {
    const d = deployment('d', 3, status);
    d.spec = { ...(d.spec as object), ...spec };
    expect(workloadView(d)).toMatchObject({ rollout, tone });
  });

  it('waits while the controller has not observed the new generation', () => {
    const d = deployment('d', 3, { observedGeneration: 1 });
    d.metadata.generation = 2;
    expect(workloadView(d).rollout).toBe('Waiting for rollout');
  });
});
