import { describe, expect, it } from 'vitest';
import { testSimulation } from '../../workers/cluster/sim-testkit';
import { applyManifests } from '../../workers/kubectl/apply';
import type { ApiRequest, ApiResponse } from '../../workers/apiserver/types';
import type { Simulation } from '../../workers/cluster/simulation';
import { resultMarkers } from './apply-markers';
import { deleteManifests, type DeleteFn } from './manifest-delete';
import { resourceForKind } from '../../workers/api/registry';
import { resourcePath } from '../../workers/kubectl/paths';

/** Deletes as the cluster worker's deleteObject does (background propagation), straight on the simulation. */
function removeOf(sim: Simulation): DeleteFn {
  return async (ref) => {
    const info = resourceForKind(ref.apiVersion, ref.kind)!;
    const res = await sim.request({ method: 'DELETE', path: resourcePath(info, ref.namespace, ref.name), headers: { 'content-type': 'application/json' }, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
    return res.kind === 'response' ? res : { status: 500, body: {} };
  };
}

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
`;
const badDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  replicas: -1
  selector:
    matchLabels:
      app: broken
  template:
    metadata:
      labels:
        app: broken
    spec:
      containers:
      - name: web
        image: ""
`;

const requestOf = (sim: Simulation) => async (req: ApiRequest) => (await sim.request(req)) as ApiResponse;

describe('resultMarkers', () => {
  it('puts each 422 cause on its field line in its own document', async () => {
    const sim = await testSimulation();
    const text = `${configMap}---\n${badDeployment}`;
    const results = await applyManifests(sim.cluster.apiserver, text);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    const markers = resultMarkers(text, results);
    const byField = Object.fromEntries(markers.map((m) => [m.message.split(':')[0], m.startLine]));
    // The Deployment starts on line 8: replicas is its line 6, image its line 17.
    expect(byField).toMatchObject({ 'spec.replicas': 13, 'spec.template.spec.containers[0].image': 24 });
    expect(markers.every((m) => m.result === 1)).toBe(true);
  });

  it('marks a YAML error at its line and column, and an AlreadyExists-style error on the name', async () => {
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [1, 2\n';
    const sim = await testSimulation();
    const parseResults = await applyManifests(sim.cluster.apiserver, broken);
    const [m] = resultMarkers(broken, parseResults);
    expect(m).toMatchObject({ startLine: parseResults[0]!.line, startColumn: parseResults[0]!.column });

    const unknownKind = 'apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: g\n';
    const results = await applyManifests(sim.cluster.apiserver, unknownKind);
    expect(resultMarkers(unknownKind, results)).toMatchObject([{ startLine: 4, startColumn: 3 }]);
  });
});

describe('deleteManifests', () => {
  it('deletes each document\'s object through discovery, as kubectl delete -f prints it', async () => {
    const sim = await testSimulation();
    await applyManifests(sim.cluster.apiserver, configMap);
    const deployment = badDeployment.replace('replicas: -1', 'replicas: 1').replace('image: ""', 'image: nginx');
    await applyManifests(sim.cluster.apiserver, deployment);
    const results = await deleteManifests(requestOf(sim), `${configMap}---\n${deployment}`, removeOf(sim));
    expect(results.map((r) => r.text)).toEqual(['configmap "settings" deleted', 'deployment.apps "broken" deleted']);
    const again = await deleteManifests(requestOf(sim), configMap, removeOf(sim));
    expect(again[0]).toMatchObject({ ok: false, text: 'Error from server (NotFound): error when deleting "STDIN": configmaps "settings" not found' });
  });

  it('deletes nothing when the YAML is broken', async () => {
    const sim = await testSimulation();
    const results = await deleteManifests(requestOf(sim), 'a: [1\n');
    expect(results[0]).toMatchObject({ ok: false, document: 0 });
  });
});
