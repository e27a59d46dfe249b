import { describe, expect, it } from 'vitest';
import { setNewReplicaSetAnnotations } from './annotations';
import { lastRevision } from './rollback';
import { newReplicaSetReplicas } from './rolling-math';
import { makeDeployment, makeRS } from './testing-builders';
import { equalIgnoreHash, maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './util';
import { computeHash } from '../shared/template-hash';

describe('scaledValue', () => {
  it.each([
    [3, 10, true, 3],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['100%', 7, false, 7],
    ['0%', 7, true, 0],
    ['5', 7, true, 5],
  ] as const)('%s of %d (round up %s) is %d', (v, total, up, want) => {
    expect(scaledValue(v, total, up, '25%')).toBe(want);
  });

  it('rejects other strings as upstream', () => {
    expect(() => scaledValue('abc', 3, true, '25%')).toThrow(`invalid value for IntOrString: invalid value "abc": must be an integer or percentage (e.g '5%')`);
  });
});

describe('fenceposts', () => {
  const rolling = (maxSurge: number | string, maxUnavailable: number | string) => ({ type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } });
  it.each([
    { replicas: 10, strategy: rolling(3, 2), surge: 3, unavailable: 2 },
    { replicas: 3, strategy: rolling('25%', '25%'), surge: 1, unavailable: 0 },
    // Both zero would never make progress, so one pod may be unavailable.
    { replicas: 3, strategy: rolling(0, 0), surge: 0, unavailable: 1 },
    { replicas: 1, strategy: rolling(0, 5), surge: 0, unavailable: 1 },
    { replicas: 4, strategy: { type: 'Recreate' }, surge: 0, unavailable: 0 },
  ])('$replicas replicas, $strategy.rollingUpdate: surge $surge, unavailable $unavailable', ({ replicas, strategy, surge, unavailable }) => {
    const d = makeDeployment(replicas, { strategy });
    expect(maxSurge(d)).toBe(surge);
    expect(maxUnavailable(d)).toBe(unavailable);
  });

  it('keeps the raw unavailable value before the replicas cap', () => {
    expect(resolveFenceposts(makeDeployment(1, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } } }), 1)).toEqual({ surge: 0, unavailable: 5 });
  });
});

describe('newReplicaSetReplicas: 10 replicas, maxSurge 3, maxUnavailable 2', () => {
  const d = makeDeployment(10, { image: 'nginx:2', strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } });
  it.each([
    // 13 pods allowed; old 10 + new 0 = 10: grow by 3.
    { old: 10, cur: 0, want: 3 },
    // old 10 + new 3 = 13: no room.
    { old: 10, cur: 3, want: 3 },
    // old 8 + new 3 = 11: grow by 2.
    { old: 8, cur: 3, want: 5 },
    // old 2 + new 9 = 11: room for 2 but only 1 short of 10.
    { old: 2, cur: 9, want: 10 },
  ])('old $old, new $cur -> new $want', ({ old, cur, want }) => {
    const oldRS = makeRS(d, old);
    const newRS = makeRS(d, cur, { image: 'nginx:2' });
    expect(newReplicaSetReplicas(d, [oldRS, newRS], newRS)).toBe(want);
  });

  it('is the full size under Recreate', () => {
    const r = makeDeployment(4, { strategy: { type: 'Recreate' } });
    expect(newReplicaSetReplicas(r, [makeRS(r, 4)], makeRS(r, 0, { image: 'x' }))).toBe(4);
  });
});

describe('annotations', () => {
  it('moves a reused ReplicaSet to the new revision and keeps its old ones in revision-history', () => {
    const d = makeDeployment(3, { annotations: { team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } });
    const rs = structuredClone(makeRS(d, 0, { revision: 1 }));
    rs.metadata.annotations!['deployment.kubernetes.io/revision-history'] = '0';
    expect(setNewReplicaSetAnnotations(d, rs, 4, true)).toBe(true);
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '4', 'deployment.kubernetes.io/revision-history': '0,1', team: 'a' });
    expect(setNewReplicaSetAnnotations(d, rs, 4, true)).toBe(false);
  });

  it('gives a ReplicaSet about to be created the replica annotations', () => {
    const d = makeDeployment(4);
    const rs = structuredClone(makeRS(d, 0));
    delete rs.metadata.annotations;
    setNewReplicaSetAnnotations(d, rs, 1, false);
    expect(rs.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '4', 'deployment.kubernetes.io/max-replicas': '5' });
  });

  it('lastRevision is the second highest', () => {
    const d = makeDeployment(1);
    expect(lastRevision([makeRS(d, 0, { revision: 3 }), makeRS(d, 0, { revision: 7 }), makeRS(d, 0, { revision: 5 })])).toBe(5);
  });

  it('equalIgnoreHash sets the pod-template-hash label aside', () => {
    const d = makeDeployment(1);
    expect(equalIgnoreHash(d.spec?.template, makeRS(d, 1).spec?.template)).toBe(true);
    expect(equalIgnoreHash(d.spec?.template, makeRS(d, 1, { image: 'other' }).spec?.template)).toBe(false);
  });

  it('a null member is its zero value: equal to none, for equality and for the hash (kubectl rollout undo)', () => {
    const d = makeDeployment(1);
    const template = d.spec!.template!;
    const withNull = { ...template, metadata: { ...template.metadata, creationTimestamp: null } };
    expect(equalIgnoreHash(withNull, makeRS(d, 1).spec?.template)).toBe(true);
    expect(computeHash(withNull)).toBe(computeHash(template));
    expect(computeHash({ ...template, metadata: { ...template.metadata, creationTimestamp: '2026-01-01T00:00:00Z' } })).not.toBe(computeHash(template));
  });
});
