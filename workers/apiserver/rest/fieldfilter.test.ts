import { describe, expect, it } from 'vitest';
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import { selectorPredicate } from './fieldfilter';

const pods = { group: '', version: 'v1', resource: 'pods', namespaced: true } as ResourceInfo;
const pod = (name: string, nodeName: string, labels: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', labels }, spec: { nodeName }, status: { phase: 'Running' } }) as KubeObject;

describe('selectorPredicate', () => {
  it('combines label and field selectors', () => {
    const objs = [pod('a', 'n1', { app: 'web' }), pod('b', 'n2', { app: 'web' }), pod('c', 'n1', { app: 'db' })];
    const pick = (q: Record<string, string>) => objs.filter(selectorPredicate(pods, q)!).map((o) => o.metadata.name);
    expect(pick({ fieldSelector: 'spec.nodeName=n1' })).toEqual(['a', 'c']);
    expect(pick({ labelSelector: 'app=web', fieldSelector: 'spec.nodeName!=n1' })).toEqual(['b']);
    expect(pick({ fieldSelector: 'status.phase=Running,metadata.name=c' })).toEqual(['c']);
  });

  it('is undefined without selectors and 400 for labels a kind does not support', () => {
    expect(selectorPredicate(pods, {})).toBeUndefined();
    expect(() => selectorPredicate(pods, { fieldSelector: 'spec.image=x' })).toThrow('field label not supported: spec.image');
  });
});
