import { describe, expect, it } from 'vitest';
import { makePod } from '../shared/testing';
import { REPLICATION_CONTROLLER_KIND, type ReplicaOwner } from './replica-kind';
import { harness, makeReplicaSet } from './testing-builders';

const rs = makeReplicaSet('web', 3);

describe('ReplicaSetController.sync', () => {
  it.each([
    {
      name: 'creates the missing pods in slow-start batches, then writes the status',
      owners: [rs],
      pods: [],
      actions: ['create pods', 'create pods', 'create pods', 'update replicasets/web/status'],
      events: ['Normal SuccessfulCreate Created pod: web-00001', 'Normal SuccessfulCreate Created pod: web-00002', 'Normal SuccessfulCreate Created pod: web-00003'],
    },
    {
      name: 'does nothing but status when the pod count is right',
      owners: [rs],
      pods: [1, 2, 3].map((i) => makePod(`web-${i}`, { owner: rs, nodeName: 'n1', readySince: 0 })),
      actions: ['update replicasets/web/status'],
      events: [],
    },
    {
      name: 'writes nothing at all when the status is already right',
      owners: [makeReplicaSet('web', 1, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } })],
      pods: [makePod('web-1', { owner: rs, nodeName: 'n1', readySince: 0 })],
      actions: [],
      events: [],
    },
    {
      name: 'deletes the surplus: unassigned, then pending, then not ready go first',
      owners: [makeReplicaSet('web', 1)],
      pods: [
        makePod('ready', { owner: rs, nodeName: 'n1', readySince: 0 }),
        makePod('notready', { owner: rs, nodeName: 'n1' }),
        makePod('pending', { owner: rs, nodeName: 'n1', phase: 'Pending' }),
        makePod('unassigned', { owner: rs, phase: 'Pending' }),
      ],
      actions: ['delete pods/unassigned', 'delete pods/pending', 'delete pods/notready', 'update replicasets/web/status'],
      events: ['Normal SuccessfulDelete Deleted pod: unassigned', 'Normal SuccessfulDelete Deleted pod: pending', 'Normal SuccessfulDelete Deleted pod: notready'],
    },
    {
      name: 'among ready pods deletes the one with more restarts, then the newer one',
      owners: [makeReplicaSet('web', 1)],
      pods: [
        makePod('old', { owner: rs, nodeName: 'n1', readySince: 10, createdAt: 0 }),
        makePod('restarty', { owner: rs, nodeName: 'n1', readySince: 10, createdAt: 0, restarts: 4 }),
      ],
      actions: ['delete pods/restarty', 'update replicasets/web/status'],
      events: ['Normal SuccessfulDelete Deleted pod: restarty'],
    },
    {
      name: 'adopts a matching orphan after rechecking the owner, and creates one pod less',
      owners: [rs],
      pods: [makePod('orphan', { nodeName: 'n1' }), makePod('web-1', { owner: rs, nodeName: 'n1' })],
      actions: ['get replicasets/web', 'patch pods/orphan', 'create pods', 'update replicasets/web/status'],
      events: ['Normal SuccessfulCreate Created pod: web-00001'],
    },
    {
      name: 'releases an owned pod whose labels no longer match, and replaces it',
      owners: [makeReplicaSet('web', 1)],
      pods: [makePod('web-1', { owner: rs, labels: { app: 'debug' } })],
      actions: ['patch pods/web-1', 'create pods', 'update replicasets/web/status'],
      events: ['Normal SuccessfulCreate Created pod: web-00001'],
    },
    {
      name: "ignores pods another owner controls (UID checked), and terminated or terminating pods",
      owners: [makeReplicaSet('web', 1)],
      pods: [
        makePod('other', { owner: makeReplicaSet('web', 1, { uid: 'old-uid' }) }),
        makePod('done', { owner: rs, phase: 'Succeeded' }),
        makePod('going', { owner: rs, deleting: true }),
      ],
      actions: ['create pods', 'update replicasets/web/status'],
      events: ['Normal SuccessfulCreate Created pod: web-00001'],
    },
  ])('$name', async ({ owners, pods, actions, events }) => {
    const { ctrl, transport, recorder } = harness(owners, pods);
    await ctrl.sync('default/web');
    expect(transport.summaries()).toEqual(actions);
    expect(recorder.events).toEqual(events);
  });

  it('creates pods from the template with generateName and a controller reference', async () => {
    const { ctrl, transport } = harness([makeReplicaSet('web', 1)], []);
    await ctrl.sync('default/web');
    expect(transport.actions[0].body).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: 'web-',
        namespace: 'default',
        labels: { app: 'web' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
      },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
  });

  it('sends adoption and release as strategic merge patches naming the pod UID', async () => {
    const { ctrl, transport } = harness([makeReplicaSet('web', 1)], [makePod('orphan'), makePod('stray', { owner: rs, labels: { app: 'x' } })]);
    await ctrl.sync('default/web');
    const patches = transport.actions.filter((a) => a.verb === 'patch').map((a) => a.body);
    // Owned pods are looked at before orphans.
    expect(patches).toEqual([
      { metadata: { ownerReferences: [{ $patch: 'delete', uid: 'uid-web' }], uid: 'uid-stray' } },
      { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }], uid: 'uid-orphan' } },
    ]);
  });

  it('waits for its own creations to be observed before acting again', async () => {
    const { ctrl, transport } = harness([rs], []);
    ctrl.expectations.expectCreations('default/web', 2);
    await ctrl.sync('default/web');
    expect(transport.summaries()).toEqual(['update replicasets/web/status']);
  });

  it('caps one sync at burstReplicas', async () => {
    const { ctrl, transport } = harness([makeReplicaSet('web', 10)], [], { burstReplicas: 4 });
    await ctrl.sync('default/web');
    expect(transport.summaries().filter((s) => s === 'create pods')).toHaveLength(4);
  });

  it('stops after the first failed batch, records FailedCreate and sets ReplicaFailure', async () => {
    const { ctrl, transport, recorder } = harness([makeReplicaSet('web', 5)], []);
    transport.fail((a) => a.verb === 'create' && a.resource === 'pods', 403, 'pods "web-" is forbidden: exceeded quota: q');
    await expect(ctrl.sync('default/web')).rejects.toThrow('exceeded quota');
    expect(transport.summaries()).toEqual(['create pods', 'update replicasets/web/status']);
    expect(recorder.events).toEqual(['Warning FailedCreate Error creating: pods "web-" is forbidden: exceeded quota: q']);
    const status = (transport.actions[1].body as ReplicaOwner).status!;
    expect(status.conditions).toEqual([
      { type: 'ReplicaFailure', status: 'True', lastTransitionTime: '2026-01-01T01:00:00Z', reason: 'FailedCreate', message: 'pods "web-" is forbidden: exceeded quota: q' },
    ]);
    // The failed creations will never be observed, so the next sync is not blocked.
    expect(ctrl.expectations.satisfiedExpectations('default/web')).toBe(true);
  });

  it('a failed deletion records FailedDelete and a ReplicaFailure condition with upstream\'s wrapped message', async () => {
    const { ctrl, transport, recorder } = harness([makeReplicaSet('web', 0)], [makePod('web-1', { owner: rs, nodeName: 'n1' })]);
    transport.fail((a) => a.verb === 'delete', 500, 'etcdserver: request timed out');
    await expect(ctrl.sync('default/web')).rejects.toThrow('unable to delete pods: etcdserver: request timed out');
    expect(transport.summaries()).toEqual(['delete pods/web-1', 'update replicasets/web/status']);
    expect(recorder.events).toEqual(['Warning FailedDelete Error deleting: etcdserver: request timed out']);
    const status = (transport.actions[1].body as ReplicaOwner).status!;
    expect(status.conditions?.map((c) => [c.reason, c.message])).toEqual([['FailedDelete', 'unable to delete pods: etcdserver: request timed out']]);
    expect(ctrl.expectations.satisfiedExpectations('default/web')).toBe(true);
  });

  it('keeps the acted-on generation when the status write is retried against a fresh copy', async () => {
    const { ctrl, transport } = harness([makeReplicaSet('web', 0, { generation: 3 })], []);
    transport.objects.set('replicasets/web', makeReplicaSet('web', 0, { generation: 4 }));
    let failed = false;
    transport.fail((a) => a.verb === 'update' && !failed && (failed = true), 409, 'the object has been modified');
    await ctrl.sync('default/web');
    expect(transport.summaries()).toEqual(['update replicasets/web/status', 'get replicasets/web', 'update replicasets/web/status']);
    expect((transport.actions[2].body as ReplicaOwner).status?.observedGeneration).toBe(3);
  });

  it('counts ready and available pods against minReadySeconds', async () => {
    const owner = makeReplicaSet('web', 3, { minReadySeconds: 30, generation: 4 });
    const pods = [
      makePod('a', { owner: rs, nodeName: 'n', readySince: 0 }),
      makePod('b', { owner: rs, nodeName: 'n', readySince: 3590 }),
      makePod('c', { owner: rs, nodeName: 'n', labels: { app: 'web', extra: 'x' } }),
    ];
    const { ctrl, transport } = harness([owner], pods);
    await ctrl.sync('default/web');
    expect((transport.actions[0].body as ReplicaOwner).status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 1, observedGeneration: 4 });
  });

  it('forgets the expectations of a deleted owner', async () => {
    const { ctrl, transport } = harness([], []);
    ctrl.expectations.expectCreations('default/gone', 1);
    await ctrl.sync('default/gone');
    expect(transport.actions).toEqual([]);
    expect(ctrl.expectations.getExpectations('default/gone')).toBeUndefined();
  });

  it('runs ReplicationControllers through the same code', async () => {
    const rc: ReplicaOwner = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'web', namespace: 'default', uid: 'uid-rc', generation: 1 },
      spec: { replicas: 2, selector: { app: 'web' }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } },
    };
    const { ctrl, transport, recorder } = harness([rc], [makePod('orphan')], { kind: REPLICATION_CONTROLLER_KIND });
    await ctrl.sync('default/web');
    expect(transport.summaries()).toEqual(['get replicationcontrollers/web', 'patch pods/orphan', 'create pods', 'update replicationcontrollers/web/status']);
    expect(recorder.events).toEqual(['Normal SuccessfulCreate Created pod: web-00001']);
  });
});
