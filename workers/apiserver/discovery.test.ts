import { beforeAll, describe, expect, it } from 'vitest';
import { loadDescriptions } from '../api/schema/schema';
import type { V1APIResource, V1APIResourceList, V1APIGroupList, V1APIVersions, VersionInfo } from '@kubernetes/client-node';
import { resources, type ResourceInfo } from '../api/registry';
import { handleDiscovery, KUBERNETES_VERSION, negotiateDiscovery, servedResources } from './discovery';
import { compareKubeVersions } from './discovery-groups';
import type { ApiRequest } from './types';

// Tables and OpenAPI documents carry the field descriptions, which load lazily (the apiserver's handle awaits them).
beforeAll(() => loadDescriptions());

const get = (path: string, headers: Record<string, string> = {}, query: Record<string, string> = {}) =>
  handleDiscovery({ method: 'GET', path, headers, query } as ApiRequest);
const kubectlAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

interface AggregatedList {
  kind: string;
  apiVersion: string;
  items: { metadata: { name?: string }; versions: { version: string; freshness: string; resources: AggregatedResource[] }[] }[];
}
interface AggregatedResource {
  resource: string;
  responseKind: { group: string; version: string; kind: string };
  scope: string;
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string; responseKind: { group: string; version: string; kind: string }; verbs: string[] }[];
}

describe('legacy discovery', () => {
  it('GET /api lists the core versions with the server address', () => {
    const body = get('/api', { host: '127.0.0.1:8080' })!.body as V1APIVersions;
    expect(body).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:8080' }] });
  });

  it('GET /apis lists groups in kube-apiserver order with preferred versions (autoscaling/v2)', () => {
    const body = get('/apis')!.body as V1APIGroupList;
    expect(body.kind).toBe('APIGroupList');
    expect(body.apiVersion).toBe('v1');
    const names = body.groups.map((g) => g.name);
    expect(names.slice(0, 7)).toEqual(['apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'networking.k8s.io']);
    expect(names.indexOf('storage.k8s.io')).toBeLessThan(names.indexOf('scheduling.k8s.io'));
    expect(names.indexOf('coordination.k8s.io')).toBeLessThan(names.indexOf('discovery.k8s.io'));
    const autoscaling = body.groups.find((g) => g.name === 'autoscaling')!;
    expect(autoscaling.versions).toEqual([{ groupVersion: 'autoscaling/v2', version: 'v2' }, { groupVersion: 'autoscaling/v1', version: 'v1' }]);
    expect(autoscaling.preferredVersion).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
  });

  it('GET /apis/<group> answers the APIGroup, and unknown groups are not served', () => {
    expect(get('/apis/apps')!.body).toEqual({
      kind: 'APIGroup', apiVersion: 'v1', name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect(get('/apis/example.com')).toBeUndefined();
    expect(get('/apis/apps/v1beta1')).toBeUndefined();
    expect(get('/api/v2')).toBeUndefined();
  });

  it('GET /api/v1 lists pods and its subresources as upstream does', () => {
    const body = get('/api/v1')!.body as V1APIResourceList;
    expect(body).not.toHaveProperty('apiVersion');
    expect(body.groupVersion).toBe('v1');
    const byName = new Map(body.resources.map((r) => [r.name, r]));
    expect(byName.get('pods')).toEqual({
      name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'], categories: ['all'], storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(byName.get('pods/status')).toEqual({ name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] });
    expect(byName.get('pods/eviction')).toEqual({ name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create'] });
    expect(byName.get('pods/binding')).toMatchObject({ kind: 'Binding', verbs: ['create'] });
    expect(byName.get('pods/exec')).toMatchObject({ kind: 'PodExecOptions', verbs: ['create', 'get'] });
    expect(byName.get('pods/log')).toMatchObject({ kind: 'Pod', verbs: ['get'] });
    expect(byName.get('serviceaccounts/token')).toMatchObject({ group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create'] });
    expect(byName.get('namespaces/finalize')).toMatchObject({ namespaced: false, kind: 'Namespace', verbs: ['update'] });
    expect(byName.get('bindings')).toEqual({ name: 'bindings', singularName: 'binding', namespaced: true, kind: 'Binding', verbs: ['create'] });
    expect(byName.get('events')!.storageVersionHash).toBe('r2yiGXH7wu8=');
    const names = body.resources.map((r) => r.name);
    expect(names).toEqual([...names].sort());
  });

  it('GET /apis/apps/v1 names deployments/scale as autoscaling/v1 Scale', () => {
    const body = get('/apis/apps/v1')!.body as V1APIResourceList;
    expect(body.apiVersion).toBe('v1');
    expect(body.groupVersion).toBe('apps/v1');
    const scale = body.resources.find((r) => r.name === 'deployments/scale');
    expect(scale).toEqual({ name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    expect(body.resources.find((r) => r.name === 'deployments')!.storageVersionHash).toBe('8aSe+NMegvE=');
  });

  it('hashes every version of a kind by its storage version (autoscaling/v1 HPAs are stored as v2)', () => {
    const hash = (p: string) => (get(p)!.body as V1APIResourceList).resources.find((r) => r.name === 'horizontalpodautoscalers')!.storageVersionHash;
    expect(hash('/apis/autoscaling/v1')).toBe('qwQve8ut294=');
    expect(hash('/apis/autoscaling/v2')).toBe('qwQve8ut294=');
  });

  it('lists the review resources kubectl auth uses, create-only and unhashed', () => {
    const body = get('/apis/authorization.k8s.io/v1')!.body as V1APIResourceList;
    expect(body.resources.map((r) => r.name)).toEqual(['localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews']);
    expect(body.resources[0]).toEqual({ name: 'localsubjectaccessreviews', singularName: 'localsubjectaccessreview', namespaced: true, kind: 'LocalSubjectAccessReview', verbs: ['create'] });
    const names = (get('/apis')!.body as V1APIGroupList).groups.map((g) => g.name);
    expect(names.slice(0, 5)).toEqual(['apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling']);
  });

  it('lists every registry resource with each of its subresources', () => {
    const entries = new Map<string, V1APIResource>();
    for (const info of servedResources()) {
      const path = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      for (const r of (get(path)!.body as V1APIResourceList).resources) entries.set(`${path} ${r.name}`, r);
    }
    for (const info of servedResources()) {
      const path = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      const main = entries.get(`${path} ${info.resource}`);
      expect(main, `${path} ${info.resource}`).toMatchObject({ kind: info.kind, namespaced: info.namespaced, singularName: info.singular, verbs: info.verbs });
      for (const sub of info.subresources) expect(entries.has(`${path} ${info.resource}/${sub}`), `${info.resource}/${sub}`).toBe(true);
    }
    expect(servedResources().length).toBeGreaterThan(resources.length);
    const expected = servedResources().reduce((n, r) => n + 1 + r.subresources.length, 0);
    expect(entries.size).toBe(expected);
  });
});

describe('aggregated discovery', () => {
  it('answers kubectl\'s Accept with v2 and echoes the media type', () => {
    const r = get('/apis', { accept: kubectlAccept })!;
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(r.headers.vary).toBe('Accept');
    expect(r.headers.etag).toMatch(/^"[0-9A-F]{64}"$/);
    const body = r.body as AggregatedList;
    expect(body.kind).toBe('APIGroupDiscoveryList');
    expect(body.apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(body.items.map((i) => i.metadata.name)).toEqual((get('/apis')!.body as V1APIGroupList).groups.map((g) => g.name));
    const apps = body.items.find((i) => i.metadata.name === 'apps')!;
    const deployments = apps.versions[0].resources.find((x) => x.resource === 'deployments')!;
    expect(deployments).toEqual({
      resource: 'deployments', responseKind: { group: '', version: '', kind: 'Deployment' }, scope: 'Namespaced', singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['deploy'], categories: ['all'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: '', version: '', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
    expect(apps.versions[0].freshness).toBe('Current');
    expect(body.items.find((i) => i.metadata.name === 'autoscaling')!.versions.map((v) => v.version)).toEqual(['v2', 'v1']);
  });

  it('serves the core group at /api, v2beta1 when that is what is asked', () => {
    const r = get('/api', { accept: 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList' })!;
    expect(r.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
    const body = r.body as AggregatedList;
    expect(body.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(body.items).toHaveLength(1);
    expect(body.items[0].metadata).toEqual({ creationTimestamp: null });
    const pods = body.items[0].versions[0].resources.find((x) => x.resource === 'pods')!;
    expect(pods.scope).toBe('Namespaced');
    expect(pods.subresources!.map((s) => s.subresource)).toEqual([...resources.find((x) => x.resource === 'pods')!.subresources].sort());
    expect(body.items[0].versions[0].resources.find((x) => x.resource === 'nodes')!.scope).toBe('Cluster');
  });

  it('lists every registry resource and subresource', () => {
    const all = [...(get('/api', { accept: kubectlAccept })!.body as AggregatedList).items, ...(get('/apis', { accept: kubectlAccept })!.body as AggregatedList).items];
    const seen = new Set<string>();
    for (const g of all) {
      for (const v of g.versions) {
        for (const r of v.resources) {
          seen.add(`${g.metadata.name ?? ''}/${v.version}/${r.resource}`);
          for (const s of r.subresources ?? []) seen.add(`${g.metadata.name ?? ''}/${v.version}/${r.resource}/${s.subresource}`);
        }
      }
    }
    const want = servedResources().flatMap((r: ResourceInfo) => [`${r.group}/${r.version}/${r.resource}`, ...r.subresources.map((s) => `${r.group}/${r.version}/${r.resource}/${s}`)]);
    expect([...seen].sort()).toEqual([...new Set(want)].sort());
  });

  it.each([
    [undefined, 'legacy'],
    ['application/json', 'legacy'],
    ['*/*', 'legacy'],
    [kubectlAccept, 'v2'],
    ['application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json', 'v2beta1'],
    ['application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json', 'legacy'],
    ['application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList', 'v2'],
  ])('Accept %s negotiates %s', (accept, want) => {
    expect(negotiateDiscovery(accept)).toBe(want);
  });
});

describe('version, openapi and health', () => {
  it('GET /version reports v1.32.0', () => {
    const body = get('/version')!.body as VersionInfo;
    expect(body).toEqual(KUBERNETES_VERSION);
    expect(body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.0', platform: 'linux/amd64', compiler: 'gc' });
    expect(body.goVersion).toMatch(/^go1\.\d+/);
  });

  it('GET /openapi/v3 indexes every group version; documents are served by path with an ETag', () => {
    const index = get('/openapi/v3')!.body as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(index.paths)).toEqual(expect.arrayContaining(['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2']));
    const url = new URL(index.paths['apis/apps/v1'].serverRelativeURL, 'http://x');
    const doc = get(url.pathname, {}, { hash: url.searchParams.get('hash')! })!;
    expect(doc.status).toBe(200);
    expect(doc.headers.etag).toBe(`"${url.searchParams.get('hash')}"`);
    expect((doc.body as { openapi: string }).openapi).toBe('3.0.0');
    expect(get('/openapi/v3/apis/example.com/v1')).toBeUndefined();
  });

  it.each([
    ['/healthz', 'ok'],
    ['/livez', 'ok'],
    ['/readyz', 'ok'],
    ['/livez/ping', 'ok'],
    ['/readyz/etcd', 'ok'],
  ])('GET %s is %s', (path, body) => {
    expect(get(path)).toEqual({ kind: 'response', status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body });
  });

  it('lists the checks with ?verbose', () => {
    const body = get('/readyz', {}, { verbose: '' })!.body as string;
    expect(body.split('\n').slice(0, 3)).toEqual(['[+]ping ok', '[+]log ok', '[+]etcd ok']);
    expect(body).toContain('[+]informer-sync ok\n');
    expect(body.endsWith('[+]shutdown ok\nreadyz check passed\n')).toBe(true);
    expect(get('/livez/nonexistent')).toBeUndefined();
  });

  it('serves only GET and leaves other paths alone', () => {
    expect(handleDiscovery({ method: 'POST', path: '/api' })).toBeUndefined();
    expect(get('/api/v1/pods')).toBeUndefined();
    expect(get('/metrics')).toBeUndefined();
    expect(get('/openapi/v2')).toBeUndefined();
  });
});

describe('compareKubeVersions', () => {
  it('orders GA before beta before alpha, higher first', () => {
    expect(['v1beta1', 'v1', 'v2alpha1', 'v2', 'v1beta2', 'v10'].sort(compareKubeVersions)).toEqual(['v10', 'v2', 'v1', 'v1beta2', 'v1beta1', 'v2alpha1']);
  });
});
