import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../workers/api/types';
import { apply, getJson, listItems, runUntil, testSimulation } from '../../workers/cluster/sim-testkit';
import { applyManifests } from '../../workers/kubectl/apply';
import { cleanForEdit, editYaml, objectRef } from './edit-manifest';

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
  annotations: {team: blue}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.26}]
`;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

describe('cleanForEdit', () => {
  it('drops status and what the server, kubectl apply and the controllers own; keeps the rest in kubectl order', () => {
    const live = deepFreeze({
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d8f',
        namespace: 'default',
        uid: 'u1',
        resourceVersion: '42',
        generation: 3,
        creationTimestamp: '2026-01-01T00:00:00Z',
        selfLink: '/apis/apps/v1/namespaces/default/replicasets/web-5d8f',
        managedFields: [{ manager: 'kube-controller-manager' }],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true }],
        labels: { app: 'web', 'pod-template-hash': '5d8f' },
        annotations: {
          'deployment.kubernetes.io/revision': '2',
          'deployment.kubernetes.io/desired-replicas': '2',
          'deployment.kubernetes.io/max-replicas': '3',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      },
      apiVersion: 'apps/v1',
      status: { replicas: 2 },
      spec: { replicas: 2 },
    } as KubeObject);
    const clean = cleanForEdit(live);
    expect(clean).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-5d8f', namespace: 'default', labels: { app: 'web', 'pod-template-hash': '5d8f' } },
      spec: { replicas: 2 },
    });
    expect(Object.keys(clean)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(objectRef(live)).toBe('replicaset.apps/web-5d8f');
    expect(objectRef({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } })).toBe('service/web');
  });

  it('writes YAML that reads back the same in YAML 1.1 (yes, on, 0644 stay strings)', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { team: 'blue' } }, data: { a: 'yes', b: 'on', c: '0644', d: '1e3', e: '~', f: 'plain' } } as KubeObject;
    const text = await editYaml(cm);
    expect(parse(text, { version: '1.1' })).toEqual(cm);
  });

  it('a live Deployment edited: its image changed and applied is configured and rolls out a new ReplicaSet', async () => {
    const sim = await testSimulation({ seed: 7 });
    await apply(sim, WEB);
    await sim.advance(5_000);
    const live = await getJson(sim, '/apis/apps/v1/namespaces/default/deployments/web');
    expect(live.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
    const text = await editYaml(live);
    expect(text).not.toMatch(/status:|resourceVersion|uid:|managedFields|creationTimestamp|generation|last-applied|deployment\.kubernetes\.io/);
    expect(text).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n/);
    expect(text).toContain('team: blue');
    const unchanged = await applyManifests(sim.cluster.apiserver, text);
    expect(unchanged.map((r) => r.text)).toEqual(['deployment.apps/web configured']);
    const edited = text.replace('image: nginx:1.26', 'image: nginx:1.27');
    expect(edited).not.toBe(text);
    expect((await applyManifests(sim.cluster.apiserver, edited)).map((r) => r.text)).toEqual(['deployment.apps/web configured']);
    const images = async () => (await listItems<KubeObject & { spec: { template: { spec: { containers: { image: string }[] } } } }>(sim, '/apis/apps/v1/namespaces/default/replicasets')).map((rs) => rs.spec.template.spec.containers[0].image).sort();
    await runUntil(sim, 'a second ReplicaSet', async () => (await images()).length === 2, 30_000);
    expect(await images()).toEqual(['nginx:1.26', 'nginx:1.27']);
    // The edited text applied again changes nothing.
    expect((await applyManifests(sim.cluster.apiserver, edited)).map((r) => r.text)).toEqual(['deployment.apps/web unchanged']);
    await sim.close();
  }, 60_000);
});
