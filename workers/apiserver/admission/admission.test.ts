import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { asResponse, newTestServer, request } from '../testkit';

const podPath = '/api/v1/namespaces/default/pods';
const pod = (name: string, containers: Record<string, unknown>[] = [{ name: 'c', image: 'nginx' }], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers, ...extra },
});

async function setup(opts = {}) {
  const t = await newTestServer(opts);
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => asResponse(await t.server.handle(request(method, path, body)));
  return { ...t, call };
}
const spec = (r: { body: unknown }) => (r.body as KubeObject).spec as Record<string, unknown>;

describe('mutating admission', () => {
  it('defaults serviceAccountName, tolerations and priority on pods', async () => {
    const { call } = await setup();
    const r = await call('POST', podPath, pod('p'));
    expect(r.status).toBe(201);
    expect(spec(r)).toMatchObject({
      serviceAccountName: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
  });

  it('keeps a pod-specified toleration and resolves a PriorityClass', async () => {
    const { call } = await setup();
    const r = await call(
      'POST',
      podPath,
      pod('p', undefined, {
        priorityClassName: 'system-cluster-critical',
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }],
      }),
    );
    expect(spec(r).priority).toBe(2000000000);
    expect(spec(r).tolerations).toEqual([
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const missing = await call('POST', podPath, pod('q', undefined, { priorityClassName: 'gold' }));
    expect(missing.status).toBe(403);
    expect((missing.body as { message: string }).message).toBe('pods "q" is forbidden: no PriorityClass with name gold was found');
    await call('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: 100, globalDefault: true });
    const d = await call('POST', podPath, pod('d'));
    expect(spec(d)).toMatchObject({ priorityClassName: 'low', priority: 100 });
  });

  it('refuses pods whose service account is missing when lookup is on', async () => {
    const { call } = await setup({ serviceAccountLookup: true });
    const r = await call('POST', podPath, pod('p'));
    expect(r.status).toBe(403);
    expect((r.body as { message: string }).message).toBe('pods "p" is forbidden: error looking up service account default/default: serviceaccount "default" not found');
    await call('POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } });
    expect((await call('POST', podPath, pod('p'))).status).toBe(201);
  });

  it('applies LimitRange defaults with the limit-ranger annotation and enforces max', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/limitranges', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'lr' },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' } }] },
    });
    const r = await call('POST', podPath, pod('p', [{ name: 'web', image: 'nginx', resources: { requests: { memory: '64Mi' } } }]));
    expect(r.status).toBe(201);
    const c = (spec(r).containers as { resources: unknown }[])[0];
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    expect((r.body as KubeObject).metadata.annotations).toEqual({ 'kubernetes.io/limit-ranger': 'LimitRanger plugin set: cpu request for container web; cpu, memory limit for container web' });
    const big = await call('POST', podPath, pod('big', [{ name: 'web', image: 'nginx', resources: { limits: { cpu: '2' } } }]));
    expect(big.status).toBe(403);
    expect((big.body as { message: string }).message).toBe('pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  });
});

describe('ResourceQuota admission', () => {
  it('refuses the pod that would exceed a count quota', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pod-demo' }, spec: { hard: { pods: '2' } } });
    expect((await call('POST', podPath, pod('a'))).status).toBe(201);
    expect((await call('POST', podPath, pod('b'))).status).toBe(201);
    const r = await call('POST', podPath, pod('c'));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({
      reason: 'Forbidden',
      message: 'pods "c" is forbidden: exceeded quota: pod-demo, requested: pods=1, used: pods=2, limited: pods=2',
    });
  });

  it('sums compute requests and asks for missing ones', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute' },
      spec: { hard: { 'requests.cpu': '1', 'requests.memory': '1Gi' } },
    });
    const res = (cpu: string, memory: string) => [{ name: 'app', image: 'x', resources: { requests: { cpu, memory } } }];
    expect((await call('POST', podPath, pod('a', res('600m', '512Mi')))).status).toBe(201);
    const over = await call('POST', podPath, pod('b', res('500m', '256Mi')));
    expect((over.body as { message: string }).message).toBe(
      'pods "b" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1',
    );
    const none = await call('POST', podPath, pod('n'));
    expect((none.body as { message: string }).message).toBe('pods "n" is forbidden: failed quota: compute: must specify requests.cpu,requests.memory');
  });

  it('counts init containers as the quota controller does (the larger of the biggest init and the sum)', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'cpu' }, spec: { hard: { 'requests.cpu': '1' } } });
    const withInit = { ...pod('i', [{ name: 'app', image: 'x', resources: { requests: { cpu: '200m' } } }]) } as KubeObject;
    (withInit.spec as Record<string, unknown>).initContainers = [{ name: 'setup', image: 'x', resources: { requests: { cpu: '2' } } }];
    const r = await call('POST', podPath, withInit);
    expect((r.body as { message: string }).message).toBe('pods "i" is forbidden: exceeded quota: cpu, requested: requests.cpu=2, used: requests.cpu=0, limited: requests.cpu=1');
  });

  it('a scoped quota only constrains the pods in its scope', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'besteffort' }, spec: { hard: { pods: '1' }, scopes: ['BestEffort'] } });
    expect((await call('POST', podPath, pod('be1'))).status).toBe(201);
    const burstable = pod('burst', [{ name: 'app', image: 'x', resources: { requests: { cpu: '100m' } } }]);
    expect((await call('POST', podPath, burstable)).status).toBe(201);
    const second = await call('POST', podPath, pod('be2'));
    expect((second.body as { message: string }).message).toBe('pods "be2" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1');
  });

  it('adds quantities exactly: 100m + 200m fills a 0.3 CPU quota, the next millicore is refused', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tight' },
      spec: { hard: { 'requests.cpu': '0.3', 'requests.memory': '0.3Gi' } },
    });
    const res = (cpu: string, memory: string) => [{ name: 'app', image: 'x', resources: { requests: { cpu, memory } } }];
    expect((await call('POST', podPath, pod('a', res('100m', '0.1Gi')))).status).toBe(201);
    expect((await call('POST', podPath, pod('b', res('0.2', '0.2Gi')))).status).toBe(201);
    const over = await call('POST', podPath, pod('c', res('1m', '1')));
    expect((over.body as { message: string }).message).toBe(
      'pods "c" is forbidden: exceeded quota: tight, requested: requests.cpu=1m,requests.memory=1, used: requests.cpu=300m,requests.memory=322122547200m, limited: requests.cpu=300m,requests.memory=322122547200m',
    );
  });

  it('counts object kinds with count/<resource>.<group>', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/namespaces/default/resourcequotas', { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'objs' }, spec: { hard: { 'count/deployments.apps': '0', configmaps: '1' } } });
    const d = await call('POST', '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    expect((d.body as { message: string }).message).toBe(
      'deployments.apps "web" is forbidden: exceeded quota: objs, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0',
    );
  });
});

describe('node and storage admission', () => {
  it('taints a registering node not-ready:NoSchedule', async () => {
    const { call } = await setup();
    const r = await call('POST', '/api/v1/nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
    expect(spec(r).taints).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    ]);
  });

  it('gives claims the default StorageClass and the protection finalizer', async () => {
    const { call } = await setup();
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    const before = await call('POST', '/api/v1/namespaces/default/persistentvolumeclaims', pvc);
    expect(spec(before).storageClassName).toBeUndefined();
    expect((before.body as KubeObject).metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect((before.body as KubeObject).status).toEqual({ phase: 'Pending' });
    await call('POST', '/apis/storage.k8s.io/v1/storageclasses', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
    });
    const after = await call('POST', '/api/v1/namespaces/default/persistentvolumeclaims', { ...pvc, metadata: { name: 'data2' } });
    expect(spec(after).storageClassName).toBe('standard');
  });
});
