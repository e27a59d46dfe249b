/**
 * The official JavaScript client (@kubernetes/client-node) against `npm run serve`'s server: typed
 * APIs, errors as ApiException with the server's Status, and watches over chunked HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { startServer } from './server';

let stop: () => Promise<void> = async () => {};
let kc: KubeConfig;

beforeAll(async () => {
  const s = await startServer(['--port', '0', '--seed', '11']);
  stop = s.stop;
  kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'kubesim', server: s.url, skipTLSVerify: true }],
    users: [{ name: 'admin' }],
    contexts: [{ name: 'kubesim', cluster: 'kubesim', user: 'admin' }],
    currentContext: 'kubesim',
  });
});
afterAll(async () => {
  await stop();
});

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
  },
};

describe('@kubernetes/client-node against npm run serve', () => {
  it('lists the bootstrap namespaces', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespace();
    expect(list.items.map((n) => n.metadata?.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(list.items.every((n) => n.status?.phase === 'Active')).toBe(true);
  });

  it('creates a Deployment with upstream defaults and reads it back', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created.metadata?.generation).toBe(1);
    expect(created.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(created.spec?.revisionHistoryLimit).toBe(10);
    expect(created.spec?.progressDeadlineSeconds).toBe(600);
    const c = created.spec?.template.spec?.containers[0];
    expect(c?.imagePullPolicy).toBe('IfNotPresent');
    expect(created.spec?.template.spec?.restartPolicy).toBe('Always');
    const read = await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' });
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  });

  it('gets AlreadyExists, NotFound and Conflict as the server words them', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    await expect(apps.createNamespacedDeployment({ namespace: 'default', body: deployment })).rejects.toMatchObject({
      code: 409,
      body: expect.stringContaining('deployments.apps \\"web\\" already exists'),
    });
    await expect(core.readNamespacedPod({ namespace: 'default', name: 'nope' })).rejects.toMatchObject({
      code: 404,
      body: expect.stringContaining('pods \\"nope\\" not found'),
    });
    const current = await apps.readNamespacedDeployment({ namespace: 'default', name: 'web' });
    const stale = { ...current, metadata: { ...current.metadata, resourceVersion: '1' } };
    await expect(apps.replaceNamespacedDeployment({ namespace: 'default', name: 'web', body: stale })).rejects.toMatchObject({
      code: 409,
      body: expect.stringContaining('the object has been modified; please apply your changes to the latest version and try again'),
    });
  });

  it('watches: a created ConfigMap arrives as ADDED, its deletion as DELETED', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      void new Watch(kc)
        .watch(
          '/api/v1/namespaces/default/configmaps',
          {},
          (phase, obj: { metadata?: { name?: string } }) => {
            if (obj.metadata?.name !== 'watched') return;
            seen.push(phase);
            if (phase === 'DELETED') resolve();
          },
          () => undefined,
        )
        .then((ctl) => done.finally(() => ctl.abort()));
    });
    // The watch starts from "now": give it a moment to be registered.
    await new Promise((r) => setTimeout(r, 300));
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' }, data: { a: 'b' } } });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'watched' });
    await done;
    expect(seen).toEqual(['ADDED', 'DELETED']);
  });
});
