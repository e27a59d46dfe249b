import { describe, expect, it } from 'vitest';
import type { Pod, Service } from '../endpointslice/endpoint-pods';
import { newControllerTestbed } from '../controller-testkit';
import { createNode, createPod, createService } from '../endpointslice/endpoint-testing';
import { desiredSubsets, truncateSubsets, type Endpoints } from './desired-endpoints';
import { EndpointSliceController } from '../endpointslice/endpointslice-controller';
import { SharedInformerSource } from '../informer-set';
import { EndpointsController } from './endpoints-controller';

const EP = { group: '', version: 'v1', resource: 'endpoints' };
const SVC = { group: '', version: 'v1', resource: 'services' };
const EP_PATH = '/api/v1/namespaces/default/endpoints';

async function setup() {
  const bed = await newControllerTestbed();
  await createNode(bed.admin, 'n1');
  const ctrl = new EndpointsController(bed.ctx);
  const get = (name: string) => bed.admin.resource<Endpoints>(EP, 'default').get(name);
  const seeded = async () => {
    ctrl.services.run();
    ctrl.pods.run();
    ctrl.endpoints.run();
    await bed.advance(10);
    bed.clearActions();
  };
  return { bed, ctrl, get, seeded };
}

describe('EndpointsController', () => {
  it('ready pods under addresses, others under notReadyAddresses, named port resolved, trigger time', async () => {
    const { bed, ctrl, get, seeded } = await setup();
    const a = await createPod(bed.admin, 'a', { ip: '10.0.0.2', httpPort: 8080 });
    const b = await createPod(bed.admin, 'b', { ip: '10.0.0.1', httpPort: 8080, ready: false });
    await createPod(bed.admin, 'no-ip', { httpPort: 8080 });
    const svc = await createService(bed.admin, 'web', {}, { app: 'web' });
    await seeded();
    await ctrl.sync('default/web');
    expect(bed.actions).toEqual([`POST ${EP_PATH}`]);
    const ep = await get('web');
    expect(ep.metadata.labels).toEqual({ app: 'web' });
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.0.0.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata.uid } }],
        notReadyAddresses: [{ ip: '10.0.0.1', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: b.metadata.uid } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    bed.clearActions();
    await ctrl.sync('default/web');
    expect(bed.actions).toEqual([]);
  });

  it.each([
    ['a service with no pods', {}, undefined],
    ['headless without ports', { clusterIP: 'None', ports: [] }, [{ notReadyAddresses: [{ ip: '10.0.0.7' }] }]],
    ['publishNotReadyAddresses', { publishNotReadyAddresses: true }, [{ addresses: [{ ip: '10.0.0.7' }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]],
  ])('%s', async (name, spec, want) => {
    const { bed, ctrl, get } = await setup();
    if (name !== 'a service with no pods') await createPod(bed.admin, 'p', { ip: '10.0.0.7', httpPort: 8080, ready: false });
    await createService(bed.admin, 'svc', spec);
    ctrl.start();
    await bed.advance(1_000);
    const ep = await get('svc');
    const strip = (ep.subsets ?? []).map((s) => ({
      ...s,
      ...(s.addresses ? { addresses: s.addresses.map((x) => ({ ip: x.ip })) } : {}),
      ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses.map((x) => ({ ip: x.ip })) } : {}),
    }));
    expect(ep.subsets ? strip : undefined).toEqual(want);
    if (name === 'headless without ports') expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    ctrl.stop();
  });

  it('deletes the Endpoints with the service, and leftovers of services deleted while it was down', async () => {
    const { bed, ctrl, get } = await setup();
    await createPod(bed.admin, 'a', { ip: '10.0.0.2', httpPort: 8080 });
    await createService(bed.admin, 'web');
    await bed.admin.resource(EP, 'default').create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'orphan' } });
    ctrl.start();
    await bed.advance(1_000);
    expect(bed.actions).toContain(`DELETE ${EP_PATH}/orphan`);
    bed.clearActions();
    await bed.admin.resource(SVC, 'default').delete('web');
    await bed.advance(1_000);
    // The DELETE's own watch event brings the key back once more; the second DELETE finds nothing, as upstream.
    expect(bed.actions).toEqual([`DELETE ${EP_PATH}/web`, `DELETE ${EP_PATH}/web`]);
    await expect(get('web')).rejects.toMatchObject({ reason: 'NotFound' });
    ctrl.stop();
  });

  it('leaves the Endpoints of selector-less and ExternalName services alone', async () => {
    const { bed, ctrl, seeded } = await setup();
    await createService(bed.admin, 'manual', { selector: undefined });
    await createService(bed.admin, 'ext', { type: 'ExternalName', externalName: 'example.com', ports: undefined });
    await seeded();
    for (const k of ['default/manual', 'default/ext', 'default/kubernetes']) await ctrl.sync(k);
    expect(bed.actions).toEqual([]);
  });
});

function pod(name: string, ip: string, ready: boolean, ports: { name: string; containerPort: number }[]): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: { nodeName: 'n1', containers: [{ ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

describe('desiredSubsets (RepackSubsets)', () => {
  it('ports offered by the same addresses share a subset; others get their own', () => {
    const svc: Service = {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' },
      spec: { clusterIP: '10.96.0.9', ipFamilies: ['IPv4'], selector: { a: 'b' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9100, targetPort: 9100 }] },
    };
    const pods = [pod('a', '10.0.0.1', true, [{ name: 'http', containerPort: 8080 }]), pod('b', '10.0.0.2', true, [{ name: 'http', containerPort: 9090 }])];
    const got = desiredSubsets(svc, pods).map((s) => `${(s.addresses ?? []).map((x) => x.ip).join(',')} -> ${(s.ports ?? []).map((p) => `${p.name}:${p.port}`).join(',')}`);
    expect(got.sort()).toEqual(['10.0.0.1 -> http:8080', '10.0.0.1,10.0.0.2 -> metrics:9100', '10.0.0.2 -> http:9090']);
  });

  it('truncates to 1000 addresses, ready ones first, by proportion', () => {
    const addrs = (n: number, base: number) => Array.from({ length: n }, (_, i) => ({ ip: `10.1.${(base + i) >> 8}.${(base + i) & 255}` }));
    const out = truncateSubsets([{ addresses: addrs(600, 0), notReadyAddresses: addrs(100, 600) }, { addresses: addrs(300, 700), notReadyAddresses: addrs(300, 1000) }]);
    expect(out?.map((s) => [s.addresses?.length, s.notReadyAddresses?.length])).toEqual([[600, 25], [300, 75]]);
    expect(truncateSubsets([{ addresses: addrs(10, 0) }])).toBeUndefined();
  });
});

describe('shared informers', () => {
  it('Endpoints and EndpointSlice controllers can share one pods and one services informer', async () => {
    const bed = await newControllerTestbed();
    await createNode(bed.admin, 'n1');
    await createPod(bed.admin, 'a', { ip: '10.0.0.2', httpPort: 8080 });
    await createService(bed.admin, 'web');
    const source = new SharedInformerSource(bed.ctx);
    const endpoints = new EndpointsController(bed.ctx, { informers: source });
    const slices = new EndpointSliceController(bed.ctx, { informers: source });
    expect(endpoints.pods).toBe(slices.pods);
    expect(endpoints.services).toBe(slices.services);
    endpoints.start();
    slices.start();
    await bed.advance(1_000);
    expect((await bed.admin.resource<Endpoints>(EP, 'default').get('web')).subsets?.[0].addresses?.map((a) => a.ip)).toEqual(['10.0.0.2']);
    const list = await bed.admin.resource({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }, 'default').list();
    expect(list.items.map((s) => (s as unknown as { endpoints: { addresses: string[] }[] }).endpoints.map((e) => e.addresses[0]))).toEqual([['10.0.0.2']]);
    endpoints.stop();
    slices.stop();
    source.stop();
  });
});
