/** DaemonSet controller table tests: seed the caches with frozen objects, run one sync, assert the exact API actions. */
import { describe, expect, it } from 'vitest';
import { computeHash } from '../shared/template-hash';
import type { DaemonSet, Pod } from './daemon-pods';
import { harness, hashOf, makeDS, node, pod, revision } from './testing-builders';

const H1 = hashOf('agent:1');
const H2 = hashOf('agent:2');
const steady = { currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, numberAvailable: 2, updatedNumberScheduled: 2, observedGeneration: 1 };

describe('DaemonSetController.sync', () => {
  it.each([
    {
      name: 'a new DaemonSet records its revision, then creates a pod per node in slow-start batches',
      ds: makeDS(), nodes: [node('n1'), node('n2'), node('n3')], pods: [], revisions: [],
      actions: ['create controllerrevisions', 'create pods', 'create pods', 'create pods', 'update daemonsets/agent/status'],
      events: ['Normal SuccessfulCreate Created pod: agent-00001', 'Normal SuccessfulCreate Created pod: agent-00002', 'Normal SuccessfulCreate Created pod: agent-00003'],
    },
    {
      name: 'a converged DaemonSet writes nothing',
      ds: makeDS('agent:1', { status: steady }), nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1'), pod('b', 'n2')], revisions: [revision('agent:1', 1)],
      actions: [], events: [],
    },
    {
      name: 'skips nodes with untolerated NoSchedule taints and evicts from untolerated NoExecute ones',
      ds: makeDS(), nodes: [node('n1', [{ key: 'dedicated', effect: 'NoSchedule' }]), node('n2', [{ key: 'gone', effect: 'NoExecute' }]), node('n3', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])],
      pods: [pod('a', 'n1'), pod('b', 'n2')], revisions: [revision('agent:1', 1)],
      actions: ['create pods', 'delete pods/b', 'update daemonsets/agent/status'],
      events: ['Normal SuccessfulCreate Created pod: agent-00001', 'Normal SuccessfulDelete Deleted pod: b'],
    },
    {
      name: 'a template change records revision 2 and starts the rollout with maxUnavailable 1',
      ds: makeDS('agent:2', { status: steady }), nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1'), pod('b', 'n2')], revisions: [revision('agent:1', 1)],
      actions: ['create controllerrevisions', 'delete pods/a', 'update daemonsets/agent/status'],
      events: ['Normal SuccessfulDelete Deleted pod: a'],
    },
    {
      name: 'OnDelete leaves old pods alone',
      ds: makeDS('agent:2', { status: { ...steady, updatedNumberScheduled: 0 }, strategy: { type: 'OnDelete' } }), nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1'), pod('b', 'n2')], revisions: [revision('agent:1', 1), revision('agent:2', 2)],
      actions: [], events: [],
    },
    {
      name: 'a rollback to an old template renumbers its revision as the newest',
      ds: makeDS('agent:1', { status: steady }), nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1'), pod('b', 'n2')], revisions: [revision('agent:1', 1), revision('agent:2', 2)],
      actions: [`update controllerrevisions/agent-${H1}`], events: [],
    },
    {
      name: 'old revisions beyond revisionHistoryLimit go, lowest first, unless a pod still runs them',
      ds: makeDS('agent:4', { historyLimit: 1, status: { ...steady, updatedNumberScheduled: 1 } }), nodes: [node('n1'), node('n2')],
      pods: [pod('a', 'n1', 'agent:1', { ready: true }), pod('b', 'n2', 'agent:4', { ready: true })],
      revisions: [revision('agent:1', 1), revision('agent:2', 2), revision('agent:3', 3), revision('agent:4', 4)],
      actions: ['delete pods/a', `delete controllerrevisions/agent-${H2}`, `delete controllerrevisions/agent-${hashOf('agent:3')}`],
      events: ['Normal SuccessfulDelete Deleted pod: a'],
    },
    {
      name: 'a failed pod is deleted with a FailedDaemonPod warning',
      ds: makeDS('agent:1', { status: steady }), nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1', 'agent:1', { phase: 'Failed', ready: false }), pod('b', 'n2')], revisions: [revision('agent:1', 1)],
      actions: ['delete pods/a', 'update daemonsets/agent/status'],
      events: ['Warning FailedDaemonPod Found failed daemon pod kube-system/a on node n1, will try to kill it', 'Normal SuccessfulDelete Deleted pod: a'],
    },
    {
      name: 'adopts a matching orphan after rechecking the DaemonSet',
      ds: makeDS('agent:1', { status: steady }), nodes: [node('n1'), node('n2')], pods: [pod('a', 'n1', 'agent:1', { owned: false }), pod('b', 'n2')], revisions: [revision('agent:1', 1)],
      actions: ['get daemonsets/agent', 'patch pods/a'], events: [],
    },
    {
      name: 'a selector that selects everything is refused with a warning',
      ds: makeDS('agent:1', { selector: {} }), nodes: [node('n1')], pods: [], revisions: [],
      actions: [], events: ['Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required.'],
    },
  ])('$name', async ({ ds, nodes, pods, revisions, actions, events }) => {
    const { ctrl, transport, recorder } = harness(ds, nodes, pods, revisions);
    await ctrl.sync('kube-system/agent');
    expect(transport.summaries()).toEqual(actions);
    expect(recorder.events).toEqual(events);
  });

  it('creates a pinned pod with the hash and generation labels and the daemon tolerations', async () => {
    const ds = makeDS();
    (ds.spec.template.spec as { tolerations?: unknown[] }).tolerations = [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }];
    const { ctrl, transport } = harness(ds, [node('n1')], [], []);
    await ctrl.sync('kube-system/agent');
    const created = transport.actions.find((a) => a.verb === 'create' && a.resource === 'pods')!.body as Pod;
    expect(created.metadata).toEqual({
      generateName: 'agent-',
      namespace: 'kube-system',
      labels: { app: 'agent', 'controller-revision-hash': computeHash(ds.spec.template), 'pod-template-generation': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-ds', controller: true, blockOwnerDeletion: true }],
    });
    expect(created.spec?.affinity).toEqual({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] } } });
    expect(created.spec?.tolerations?.map((t) => `${t.key}:${t.effect}${t.tolerationSeconds ? `:${t.tolerationSeconds}` : ''}`)).toEqual([
      'node.kubernetes.io/not-ready:NoExecute',
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule',
      'node.kubernetes.io/pid-pressure:NoSchedule',
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });

  it('writes status only, without raising observedGeneration, while its own writes are unobserved', async () => {
    const ds = makeDS('agent:1', { status: { ...steady, observedGeneration: 0 } });
    ds.metadata.generation = 2;
    const { ctrl, transport } = harness(ds, [node('n1'), node('n2'), node('n3')], [pod('a', 'n1'), pod('b', 'n2')], [revision('agent:1', 1)]);
    ctrl.expectations.setExpectations('kube-system/agent', 1, 0);
    await ctrl.sync('kube-system/agent');
    expect(transport.summaries()).toEqual(['update daemonsets/agent/status']);
    expect((transport.actions[0].body as DaemonSet).status).toEqual({
      currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, numberAvailable: 2, numberUnavailable: 1, updatedNumberScheduled: 2, observedGeneration: 0,
    });
  });
});
