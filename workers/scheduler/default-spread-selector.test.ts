import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types';
import { selectorToString } from '../api/selectors';
import { Indexer, Lister } from '../client/indexer';
import { defaultSelector, type DefaultSelectorListers } from './default-spread-selector';
import { makePod } from './testing/builders';

function listers(objs: Partial<Record<keyof DefaultSelectorListers, KubeObject[]>>): DefaultSelectorListers {
  const make = (items: KubeObject[] = []) => {
    const ix = new Indexer<KubeObject>();
    for (const o of items) ix.upsert(o);
    return new Lister(ix);
  };
  return { services: make(objs.services), replicationControllers: make(objs.replicationControllers), replicaSets: make(objs.replicaSets), statefulSets: make(objs.statefulSets) };
}

const obj = (kind: string, name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: kind === 'Service' ? 'v1' : 'apps/v1', kind, metadata: { name, namespace: 'default' }, spec });

describe('defaultSelector', () => {
  const pod = { ...makePod({ labels: { app: 'web', 'pod-template-hash': 'abc' } }) };
  pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u', controller: true }];
  it.each([
    ['nothing selects the pod', {}, undefined],
    ['a selecting service', { services: [obj('Service', 'web', { selector: { app: 'web' } }), obj('Service', 'api', { selector: { app: 'api' } })] }, 'app=web'],
    ['the controlling ReplicaSet', { replicaSets: [obj('ReplicaSet', 'web-abc', { selector: { matchLabels: { app: 'web', 'pod-template-hash': 'abc' } } })] }, 'app=web,pod-template-hash=abc'],
    [
      'service and ReplicaSet together',
      { services: [obj('Service', 'web', { selector: { app: 'web' } })], replicaSets: [obj('ReplicaSet', 'web-abc', { selector: { matchLabels: { 'pod-template-hash': 'abc' } } })] },
      'app=web,pod-template-hash=abc',
    ],
  ])('%s', (_n, objs, want) => {
    const sel = defaultSelector(pod, listers(objs as Partial<Record<keyof DefaultSelectorListers, KubeObject[]>>));
    expect(sel ? selectorToString(sel) : undefined).toBe(want);
  });
});
