import { describe, expect, it } from 'vitest';
import { at } from '../shared/testing';
import { harness, hashOf, makeDeployment, makeRS } from './testing-builders';
import type { DeploymentObject, ReplicaSetObject } from './util';

const H1 = hashOf('nginx:1');
const H2 = hashOf('nginx:2');
const rolling = (maxSurge: number | string, maxUnavailable: number | string) => ({ type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } });

function bodies<T>(transport: { actions: { verb: string; resource: string; subresource?: string; body?: unknown }[] }, verb: string, resource: string, sub?: string): T[] {
  return transport.actions.filter((a) => a.verb === verb && a.resource === resource && a.subresource === sub).map((a) => a.body as T);
}

describe('DeploymentController.sync: one step per sync', () => {
  it.each([
    {
      name: 'a new Deployment gets its ReplicaSet, sized within the surge',
      d: makeDeployment(3),
      rss: [],
      actions: ['create replicasets', 'update deployments/web/status', 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled up replica set web-${H1} from 0 to 3`],
    },
    {
      name: 'an image change creates the new ReplicaSet at the surge (3 replicas, maxSurge 1)',
      d: makeDeployment(3, { image: 'nginx:2', strategy: rolling(1, 0) }),
      rss: [(() => makeRS(makeDeployment(3), 3, { desired: 3, max: 4 }))()],
      actions: ['create replicasets', 'update deployments/web/status', 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled up replica set web-${H2} from 0 to 1`],
    },
    {
      // 10 replicas, maxSurge 3, maxUnavailable 2: the new ReplicaSet may grow to 13 - 10 = 3.
      name: 'scales the new ReplicaSet up first (10 replicas, maxSurge 3, maxUnavailable 2)',
      d: makeDeployment(10, { image: 'nginx:2', strategy: rolling(3, 2), revision: 2 }),
      rss: [makeRS(makeDeployment(10), 10, { desired: 10, max: 13 }), makeRS(makeDeployment(10), 0, { image: 'nginx:2', revision: 2, createdAt: 60, desired: 10, max: 13 })],
      actions: [`update replicasets/web-${H2}`, 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled up replica set web-${H2} from 0 to 3`],
    },
    {
      // 13 pods exist; 8 must stay available; 3 new are unavailable: 13 - 8 - 3 = 2 may go.
      name: 'then scales old down by what availability allows (13 - 8 - 3 = 2)',
      d: makeDeployment(10, { image: 'nginx:2', strategy: rolling(3, 2), revision: 2 }),
      rss: [makeRS(makeDeployment(10), 10, { desired: 10, max: 13 }), makeRS(makeDeployment(10), 3, { image: 'nginx:2', revision: 2, createdAt: 60, available: 0, desired: 10, max: 13 })],
      actions: [`update replicasets/web-${H1}`, 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled down replica set web-${H1} from 10 to 8`],
    },
    {
      name: 'with maxUnavailable 0 never scales old down before new pods are available',
      d: makeDeployment(3, { image: 'nginx:2', strategy: rolling(1, 0), revision: 2, status: { observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1 } }),
      rss: [makeRS(makeDeployment(3), 3, { desired: 3, max: 4 }), makeRS(makeDeployment(3), 1, { image: 'nginx:2', revision: 2, createdAt: 60, available: 0, desired: 3, max: 4 })],
      actions: ['update deployments/web/status'],
      events: [],
    },
    {
      name: 'Recreate scales every old ReplicaSet to zero first',
      d: makeDeployment(3, { image: 'nginx:2', strategy: { type: 'Recreate' } }),
      rss: [makeRS(makeDeployment(3), 3, { desired: 3, max: 3 })],
      actions: [`update replicasets/web-${H1}`, 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled down replica set web-${H1} from 3 to 0`],
    },
    {
      name: 'Recreate creates the new ReplicaSet at full size once old pods are gone',
      d: makeDeployment(3, { image: 'nginx:2', strategy: { type: 'Recreate' } }),
      rss: [makeRS(makeDeployment(3), 0, { desired: 3, max: 3 })],
      actions: ['create replicasets', 'update deployments/web/status', 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled up replica set web-${H2} from 0 to 3`],
    },
    {
      // 15 + 3 = 18 allowed, 13 exist: +5 split by size, 8 * 18/13 = 11 and 5 * 18/13 = 7.
      name: 'a resize mid-rollout scales every active ReplicaSet in proportion',
      d: makeDeployment(15, { image: 'nginx:2', strategy: rolling(3, 2), revision: 2, status: { replicas: 13 } }),
      rss: [makeRS(makeDeployment(10), 8, { desired: 10, max: 13 }), makeRS(makeDeployment(10), 5, { image: 'nginx:2', revision: 2, createdAt: 60, available: 0, desired: 10, max: 13 })],
      actions: [`update replicasets/web-${H1}`, `update replicasets/web-${H2}`, 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled up replica set web-${H1} from 8 to 11`, `Normal ScalingReplicaSet Scaled up replica set web-${H2} from 5 to 7`],
    },
    {
      name: 'a paused Deployment does not roll out a new template, and says it is paused',
      d: makeDeployment(3, { image: 'nginx:2', paused: true }),
      rss: [makeRS(makeDeployment(3), 3, { desired: 3, max: 4 })],
      actions: ['update deployments/web/status', 'update deployments/web/status'],
      events: [],
    },
    {
      name: 'rolling back to an old template reuses its ReplicaSet with the next revision',
      d: makeDeployment(3),
      rss: [makeRS(makeDeployment(3), 0, { revision: 1, desired: 3, max: 4 }), makeRS(makeDeployment(3), 3, { image: 'nginx:2', revision: 2, createdAt: 60, desired: 3, max: 4 })],
      actions: [`update replicasets/web-${H1}`, 'update deployments/web/status', `update replicasets/web-${H1}`, 'update deployments/web/status'],
      events: [`Normal ScalingReplicaSet Scaled up replica set web-${H1} from 0 to 1`],
    },
    {
      name: 'the deprecated rollback.to annotation copies the old template back and clears the request',
      d: makeDeployment(3, { image: 'nginx:2', revision: 2, annotations: { 'deprecated.deployment.rollback.to': '1' } }),
      rss: [makeRS(makeDeployment(3), 0, { revision: 1, desired: 3, max: 4 }), makeRS(makeDeployment(3), 3, { image: 'nginx:2', revision: 2, createdAt: 60, desired: 3, max: 4 })],
      actions: ['update deployments/web'],
      events: ['Normal DeploymentRollback Rolled back deployment "web" to revision 1'],
    },
    {
      name: 'rollback.to 0 with a single revision finds no last revision',
      d: makeDeployment(3, { revision: 1, annotations: { 'deprecated.deployment.rollback.to': '0' } }),
      rss: [makeRS(makeDeployment(3), 3, { revision: 1, desired: 3, max: 4 })],
      actions: ['update deployments/web'],
      events: ['Warning DeploymentRollbackRevisionNotFound Unable to find last revision.'],
    },
    {
      name: 'rollback.to the current template is refused as unchanged',
      d: makeDeployment(3, { image: 'nginx:2', revision: 2, annotations: { 'deprecated.deployment.rollback.to': '2' } }),
      rss: [makeRS(makeDeployment(3), 0, { revision: 1, desired: 3, max: 4 }), makeRS(makeDeployment(3), 3, { image: 'nginx:2', revision: 2, createdAt: 60, desired: 3, max: 4 })],
      actions: ['update deployments/web'],
      events: ['Warning DeploymentRollbackTemplateUnchanged The rollback revision contains the same template as current deployment "web"'],
    },
    {
      name: 'a complete Deployment deletes old ReplicaSets beyond revisionHistoryLimit, oldest first',
      d: makeDeployment(2, { image: 'nginx:3', revisionHistoryLimit: 1, revision: 3, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 } }),
      rss: [makeRS(makeDeployment(2), 0, { revision: 1, desired: 2, max: 3 }), makeRS(makeDeployment(2), 0, { image: 'nginx:2', revision: 2, createdAt: 10, desired: 2, max: 3 }), makeRS(makeDeployment(2), 2, { image: 'nginx:3', revision: 3, createdAt: 20, desired: 2, max: 3 })],
      actions: [`delete replicasets/web-${H1}`, 'update deployments/web/status'],
      events: [],
    },
  ])('$name', async ({ d, rss, actions, events }) => {
    const { ctrl, transport, recorder } = harness(d as DeploymentObject, rss as ReplicaSetObject[]);
    await ctrl.sync('default/web');
    expect(transport.summaries()).toEqual(actions);
    expect(recorder.events).toEqual(events);
  });
});

describe('DeploymentController.sync: what it writes', () => {
  it('names the new ReplicaSet <deployment>-<hash> with the hash label, annotations and owner', async () => {
    const { ctrl, transport } = harness(makeDeployment(3), []);
    await ctrl.sync('default/web');
    const [rs] = bodies<ReplicaSetObject>(transport, 'create', 'replicasets');
    expect(rs.metadata).toEqual({
      name: `web-${H1}`,
      namespace: 'default',
      labels: { app: 'web', 'pod-template-hash': H1 },
      annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-d', controller: true, blockOwnerDeletion: true }],
    });
    expect(rs.spec?.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': H1 } });
    expect(rs.spec?.template?.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': H1 });
    const [first, second] = bodies<DeploymentObject>(transport, 'update', 'deployments', 'status');
    expect(first.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(first.status?.conditions).toEqual([
      { type: 'Progressing', status: 'True', lastUpdateTime: at(3600), lastTransitionTime: at(3600), reason: 'NewReplicaSetCreated', message: `Created new replica set "web-${H1}"` },
    ]);
    expect(second.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "web-${H1}"`],
      ['Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'],
    ]);
  });

  it('keeps the replaced revision in revision-history when rolling back', async () => {
    const d = makeDeployment(3);
    const { ctrl, transport } = harness(d, [makeRS(d, 0, { revision: 1, desired: 3, max: 4 }), makeRS(d, 3, { image: 'nginx:2', revision: 2, createdAt: 60, desired: 3, max: 4 })]);
    await ctrl.sync('default/web');
    const [reused] = bodies<ReplicaSetObject>(transport, 'update', 'replicasets');
    expect(reused.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
  });

  it('a rollback writes the old template without its hash label and the old revision\'s annotations', async () => {
    const old = makeRS(makeDeployment(3), 0, { revision: 1, desired: 3, max: 4 });
    old.metadata.annotations!['kubernetes.io/change-cause'] = 'first';
    const d = makeDeployment(3, { image: 'nginx:2', revision: 2, annotations: { 'deprecated.deployment.rollback.to': '1', 'kubernetes.io/change-cause': 'second' } });
    const { ctrl, transport } = harness(d, [old, makeRS(makeDeployment(3), 3, { image: 'nginx:2', revision: 2, createdAt: 60, desired: 3, max: 4 })]);
    await ctrl.sync('default/web');
    const [written] = bodies<DeploymentObject>(transport, 'update', 'deployments');
    expect(written.spec?.template).toEqual({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1' }] } });
    expect(written.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2', 'kubernetes.io/change-cause': 'first' });
  });

  it('scales proportionally by the Deployment size when the max-replicas annotation is missing, and not at all without one', async () => {
    const d = makeDeployment(15, { image: 'nginx:2', strategy: rolling(3, 2), revision: 2, status: { replicas: 0 } });
    const { ctrl, transport } = harness(d, [makeRS(makeDeployment(10), 8, { desired: 10 }), makeRS(makeDeployment(10), 5, { image: 'nginx:2', revision: 2, createdAt: 60, available: 0, desired: 10 })]);
    await ctrl.sync('default/web');
    // No fraction can be computed: the whole difference (18 - 13 = 5) goes to the largest.
    expect(bodies<ReplicaSetObject>(transport, 'update', 'replicasets').map((rs) => rs.spec?.replicas)).toEqual([13, 5]);
  });

  it('reports a finished rollout as NewReplicaSetAvailable and Available', async () => {
    const d = makeDeployment(3, { revision: 1, status: { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 } });
    const { ctrl, transport } = harness(d, [makeRS(d, 3, { desired: 3, max: 4 })]);
    await ctrl.sync('default/web');
    const [status] = bodies<DeploymentObject>(transport, 'update', 'deployments', 'status').map((b) => b.status!);
    expect(status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status.unavailableReplicas).toBeUndefined();
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${H1}" has successfully progressed.`],
    ]);
  });

  it('marks ProgressDeadlineExceeded when nothing moved for progressDeadlineSeconds', async () => {
    const stuck = { type: 'Progressing', status: 'True', lastUpdateTime: at(3600 - 700), lastTransitionTime: at(0), reason: 'ReplicaSetUpdated', message: 'x' };
    const avail = { type: 'Available', status: 'True', lastUpdateTime: at(0), lastTransitionTime: at(0), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
    const d = makeDeployment(3, { image: 'nginx:2', strategy: rolling(1, 0), revision: 2, status: { observedGeneration: 1, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 1, conditions: [avail, stuck] } });
    const { ctrl, transport } = harness(d, [makeRS(d, 3, { desired: 3, max: 4 }), makeRS(d, 1, { image: 'nginx:2', revision: 2, createdAt: 60, available: 0, desired: 3, max: 4 })]);
    await ctrl.sync('default/web');
    const [status] = bodies<DeploymentObject>(transport, 'update', 'deployments', 'status').map((b) => b.status!);
    expect(status.conditions?.find((c) => c.type === 'Progressing')).toEqual({
      type: 'Progressing',
      status: 'False',
      lastUpdateTime: at(3600),
      lastTransitionTime: at(3600),
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "web-${H2}" has timed out progressing.`,
    });
  });

  it('adopts an orphan ReplicaSet its selector matches', async () => {
    const d = makeDeployment(3);
    const orphan = makeRS(d, 3, { desired: 3, max: 4 });
    delete orphan.metadata.ownerReferences;
    const { ctrl, transport } = harness(d, [orphan]);
    await ctrl.sync('default/web');
    expect(transport.summaries().slice(0, 2)).toEqual(['get deployments/web', `patch replicasets/web-${H1}`]);
  });

  it('warns and does nothing for a selector that selects everything', async () => {
    const d = makeDeployment(3);
    d.spec!.selector = {};
    const orphan = makeRS(makeDeployment(3), 1);
    delete orphan.metadata.ownerReferences;
    const { ctrl, transport, recorder } = harness(d, [orphan]);
    await ctrl.sync('default/web');
    expect(transport.summaries()).toEqual(['update deployments/web/status']);
    expect(recorder.events).toEqual(['Warning SelectingAll This deployment is selecting all pods. A non-empty selector is required.']);
  });
});
