import { describe, expect, it } from 'vitest';
import type { DaemonSet, Node, Pod } from './daemon-pods';
import { planManage, planRollingUpdate, rollingLimits } from './daemonset-plan';

const NOW = Date.UTC(2026, 0, 1, 0, 10);

function ds(rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string }): DaemonSet {
  return {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd', namespace: 'default', uid: 'u' },
    spec: { template: { spec: {} }, updateStrategy: { type: 'RollingUpdate', ...(rollingUpdate ? { rollingUpdate } : {}) } },
  };
}

const node = (name: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });

/** `n1:old+` is an available old pod on n1, `n2:new-` an unavailable new one. */
function snapshot(spec: string): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const item of spec.split(' ').filter(Boolean)) {
    const [n, rest] = item.split(':');
    const hash = rest.startsWith('new') ? 'h2' : 'h1';
    const pod: Pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `${n}-${rest.slice(0, 3)}`, labels: { 'controller-revision-hash': hash }, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { nodeName: n },
      status: { conditions: [{ type: 'Ready', status: rest.endsWith('+') ? 'True' : 'False' }] },
    };
    m.set(n, [...(m.get(n) ?? []), pod]);
  }
  return m;
}

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'].map(node);

describe('planRollingUpdate', () => {
  it.each([
    ['maxUnavailable 2: two available old pods go', {}, { maxUnavailable: 2 }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old', 'n2-old'], []],
    ['an unavailable new pod uses the budget', {}, { maxUnavailable: 1 }, 'n1:new- n2:old+ n3:old+ n4:old+ n5:old+', [], []],
    ['unavailable old pods are replaced regardless', {}, { maxUnavailable: 1 }, 'n1:new- n2:old- n3:old+ n4:old+ n5:old+', ['n2-old'], []],
    ['40% of 5 rounds up to 2', {}, { maxUnavailable: '40%' }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old', 'n2-old'], []],
    ['surge 1: a new pod beside an old one', {}, { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n2:old+ n3:old+ n4:old+ n5:old+', [], ['n1']],
    ['surge: the old pod goes once the new one is available', {}, { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n1:new+ n2:old+ n3:old+ n4:old+ n5:old+', ['n1-old'], ['n2']],
    ['surge: waiting on an unavailable new pod', {}, { maxUnavailable: 0, maxSurge: 1 }, 'n1:old+ n1:new- n2:old+ n3:old+ n4:old+ n5:old+', [], []],
  ])('%s', (_name, _x, ru, snap, wantDeleted, wantCreated) => {
    const plan = planRollingUpdate(ds(ru), nodes, snapshot(snap), 'h2', NOW);
    expect(plan.podsToDelete.map((p) => p.metadata.name)).toEqual(wantDeleted);
    expect(plan.nodesNeedingPods).toEqual(wantCreated);
  });

  it('never lets both limits be zero', () => {
    expect(rollingLimits(ds({ maxUnavailable: 0, maxSurge: 0 }), 5)).toEqual({ maxUnavailable: 1, maxSurge: 0 });
  });
});

describe('planManage', () => {
  it('creates on empty nodes, keeps the oldest of duplicates, replaces failed pods', () => {
    const pods = snapshot('n2:old+ n3:old+ n3:old-');
    pods.get('n3')![1].metadata.creationTimestamp = '2026-01-01T00:05:00Z';
    const failed = snapshot('n4:old-').get('n4')!;
    failed[0].status!.phase = 'Failed';
    pods.set('n4', failed);
    const plan = planManage(ds(), nodes.slice(0, 4), pods, 'h1');
    expect(plan.nodesNeedingPods).toEqual(['n1']);
    expect(plan.podsToDelete.map((p) => `${p.spec?.nodeName}/${p.metadata.creationTimestamp}`)).toEqual(['n3/2026-01-01T00:05:00Z', 'n4/2026-01-01T00:00:00Z']);
    expect(plan.failedPods.map((f) => f.node)).toEqual(['n4']);
  });
});
