import { describe, expect, it } from 'vitest';
import type { DaemonSet, Node, Pod } from './daemon-pods';
import { computeStatus, planManage } from './daemonset-plan';
import { FailedPodsBackoff } from './failed-pods-backoff';
import { desiredNodeCounts, planRollingUpdate } from './rolling-update';

const NOW = Date.UTC(2026, 0, 1, 0, 10);

function ds(rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string }, extra: Partial<DaemonSet['spec']> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'default', uid: 'u', generation: 1 },
    spec: { template: { spec: {} }, updateStrategy: { type: 'RollingUpdate', ...(rollingUpdate ? { rollingUpdate } : {}) }, ...extra },
  };
}

const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });

/**
 * `n1:old+` is an available old pod on n1, `n2:new-` an unready new one; a suffix `!` fails it, `$`
 * makes it Succeeded, `~` marks it deleted, `@5` creates it 5 minutes after the others.
 */
function snapshot(spec: string): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const item of spec.split(' ').filter(Boolean)) {
    const [n, rest] = item.split(':');
    const hash = rest.startsWith('new') ? 'h2' : 'h1';
    const minutes = /@(\d+)/.exec(rest)?.[1] ?? '0';
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `${n}-${rest.slice(0, 3)}${minutes === '0' ? '' : `-${minutes}`}`, namespace: 'default', labels: { 'controller-revision-hash': hash }, creationTimestamp: `2026-01-01T00:0${minutes}:00Z` },
      spec: { nodeName: n },
      status: { phase: rest.includes('!') ? 'Failed' : rest.includes('$') ? 'Succeeded' : 'Running', conditions: [{ type: 'Ready', status: rest.includes('+') ? 'True' : 'False' }] },
    };
    if (rest.includes('~')) pod.metadata.deletionTimestamp = '2026-01-01T00:09:00Z';
    m.set(n, [...(m.get(n) ?? []), pod]);
  }
  return m;
}

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map(node);
const names = (pods: Pod[]) => pods.map((p) => p.metadata.name);

describe('planRollingUpdate', () => {
  it.each([
    ['maxUnavailable 2: two available old pods go', { maxUnavailable: 2 }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old', 'n2-old'], []],
    ['an unavailable new pod uses the budget', { maxUnavailable: 1 }, 'n1:new- n2:old+ n3:old+ n4:old+ n5:old+', [], []],
    ['a node still without its pod uses the budget too', { maxUnavailable: 1 }, 'n2:old+ n3:old+ n4:old+ n5:old+', [], []],
    ['unavailable old pods are replaced regardless', { maxUnavailable: 1 }, 'n1:new- n2:old- n3:old+ n4:old+ n5:old+', ['n2-old'], []],
    ['40% of 5 rounds up to 2', { maxUnavailable: '40%' }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old', 'n2-old'], []],
    ['both limits zero: one unavailable is accepted', { maxUnavailable: 0, maxSurge: 0 }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old'], []],
    ['deleted pods count for nothing', { maxUnavailable: 1 }, 'n1:old+~ n1:new+ n2:old+ n3:old+ n4:old+ n5:old+', ['n2-old'], []],
    ['surge 1: a new pod beside an old one', { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', [], ['n1']],
    ['surge: the old pod goes once the new one is available', { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n1:new+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old'], ['n2']],
    ['surge: waiting on an unavailable new pod', { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n1:new- n2:old+ n3:old+ n4:old+ n5:old+', [], []],
    ['surge: an unavailable old pod gets its new one at once', { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n1:new- n2:old- n3:old+ n4:old+ n5:old+', [], ['n2']],
    ['surge 40%: two nodes at once', { maxUnavailable: 0, maxSurge: '40%' }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', [], ['n1', 'n2']],
  ])('%s', (_name, ru, snap, wantDeleted, wantCreated) => {
    const plan = planRollingUpdate(ds(ru), nodes, snapshot(snap), 'h2', NOW);
    expect(names(plan.podsToDelete)).toEqual(wantDeleted);
    expect(plan.nodesNeedingPods).toEqual(wantCreated);
  });

  it('counts the limits against the nodes that should run a pod', () => {
    expect(desiredNodeCounts(ds({ maxUnavailable: '10%', maxSurge: '25%' }), nodes, new Map())).toEqual({ maxSurge: 2, maxUnavailable: 1, desired: 5 });
    expect(desiredNodeCounts(ds(undefined, { updateStrategy: { type: 'OnDelete' } }), nodes, new Map())).toEqual({ maxSurge: 0, maxUnavailable: 1, desired: 5 });
  });
});

describe('planManage', () => {
  it.each([
    ['creates on nodes without a pod', {}, 'n2:old+', ['n1', 'n3'], [], []],
    ['keeps the oldest of duplicates', {}, 'n1:old+ n1:old-@5 n2:old+ n3:old+', [], ['n1-old-5'], []],
    ['deletes a failed pod (replaced on a later sync) and reports it', {}, 'n1:old-! n2:old+ n3:old+', [], ['n1-old'], ['n1']],
    ['deletes a Succeeded pod without a report', {}, 'n1:old-$ n2:old+ n3:old+', [], ['n1-old'], []],
    ['waits for a deleted pod to go before replacing it', {}, 'n1:old+~ n2:old+ n3:old+', [], [], []],
    ['surge: keeps a ready old pod beside its unavailable new one', { maxSurge: 1, maxUnavailable: 0 }, 'n1:old+ n1:new- n2:old+ n3:old+', [], [], []],
    ['surge: drops the old pod once the new one is available', { maxSurge: 1, maxUnavailable: 0 }, 'n1:old+ n1:new+ n2:old+ n3:old+', [], ['n1-old'], []],
    ['surge: drops an old pod that is not ready', { maxSurge: 1, maxUnavailable: 0 }, 'n1:old- n1:new- n2:old+ n3:old+', [], ['n1-old'], []],
    ['surge: a node whose only pod is going gets a new one at once', { maxSurge: 1, maxUnavailable: 0 }, 'n1:old+~ n2:old+ n3:old+', ['n1'], [], []],
  ])('%s', (_name, ru, snap, wantCreated, wantDeleted, wantFailedNodes) => {
    const plan = planManage(ds(ru), nodes.slice(0, 3), snapshot(snap), 'h2', new FailedPodsBackoff(), NOW);
    expect(plan.nodesNeedingPods).toEqual(wantCreated);
    expect(names(plan.podsToDelete)).toEqual(wantDeleted);
    expect(plan.failedPods.map((f) => f.node)).toEqual(wantFailedNodes);
  });

  it('backs off between deletions of failed pods on a node: 1 s, then 2 s', () => {
    const backoff = new FailedPodsBackoff();
    const failing = snapshot('n1:old-!');
    expect(names(planManage(ds(), [node('n1')], failing, 'h1', backoff, NOW).podsToDelete)).toEqual(['n1-old']);
    const held = planManage(ds(), [node('n1')], failing, 'h1', backoff, NOW + 500);
    expect(held.podsToDelete).toEqual([]);
    expect(held.requeueAfterMs).toBe(1000);
    expect(names(planManage(ds(), [node('n1')], failing, 'h1', backoff, NOW + 1000).podsToDelete)).toEqual(['n1-old']);
    expect(planManage(ds(), [node('n1')], failing, 'h1', backoff, NOW + 2500).requeueAfterMs).toBe(2000);
  });

  it('deletes unscheduled pods pinned to nodes that no longer exist', () => {
    const pods = snapshot('gone:old-');
    delete pods.get('gone')![0].spec!.nodeName;
    expect(names(planManage(ds(), [], pods, 'h1', new FailedPodsBackoff(), NOW).podsToDelete)).toEqual(['gone-old']);
  });

  it('runs a template naming a node only there', () => {
    const pinned = ds(undefined, { template: { spec: { nodeName: 'n2' } } });
    expect(planManage(pinned, nodes.slice(0, 3), new Map(), 'h1', new FailedPodsBackoff(), NOW).nodesNeedingPods).toEqual(['n2']);
  });
});

describe('computeStatus', () => {
  it('counts per node its oldest scheduled pod, terminating ones included, and misscheduled ones', () => {
    const tainted: Node = { ...node('n3'), spec: { taints: [{ key: 'k', effect: 'NoExecute' }] } };
    const counts = computeStatus(ds(), [node('n1'), node('n2'), tainted, node('n4')], snapshot('n1:new+ n1:old-@5 n2:old+~ n3:old+'), 'h2', NOW);
    expect(counts).toEqual({
      desiredNumberScheduled: 3,
      currentNumberScheduled: 2,
      numberMisscheduled: 1,
      numberReady: 2,
      numberAvailable: 2,
      numberUnavailable: 1,
      updatedNumberScheduled: 1,
    });
  });
});
