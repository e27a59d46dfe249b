import { describe, expect, it } from 'vitest';
import { newControllerTestbed } from '../controller-testkit';
import type { EndpointSlice } from './desired-slices';
import { createNode, createPod, createService } from './endpoint-testing';
import { EndpointSliceController } from './endpointslice-controller';

const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const PODS = { group: '', version: 'v1', resource: 'pods' };
const SLICES_PATH = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices';

async function setup() {
  const bed = await newControllerTestbed();
  await createNode(bed.admin, 'n1', 'zone-a');
  const ctrl = new EndpointSliceController(bed.ctx);
  const slices = async () => (await bed.admin.resource<EndpointSlice>(SLICES, 'default').list()).items.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  /** Fills the caches without starting the workers, then forgets what the bed recorded. */
  const seeded = async () => {
    for (const i of [ctrl.services, ctrl.pods, ctrl.nodes, ctrl.slices]) i.run();
    await bed.advance(10);
    bed.clearActions();
  };
  return { bed, ctrl, slices, seeded };
}

const summary = (s: EndpointSlice) => ({
  ports: s.ports,
  endpoints: (s.endpoints ?? []).map((e) => `${e.addresses[0]} ${e.targetRef.name} r=${e.conditions.ready} s=${e.conditions.serving} t=${e.conditions.terminating} ${e.nodeName ?? '-'} ${e.zone ?? '-'}`),
});

describe('EndpointSliceController', () => {
  it('lists selected pods with IPs, conditions, nodes, zones and resolved named ports', async () => {
    const { bed, ctrl, slices, seeded } = await setup();
    const svc = await createService(bed.admin, 'web', {}, { tier: 'front' });
    await createPod(bed.admin, 'a', { ip: '10.244.1.2', httpPort: 8080, readySince: '2026-01-01T00:00:07Z' });
    await createPod(bed.admin, 'b', { ip: '10.244.1.3', httpPort: 8080, ready: false });
    await createPod(bed.admin, 'pending', { httpPort: 8080 });
    await createPod(bed.admin, 'other', { ip: '10.244.1.9', labels: { app: 'db' }, httpPort: 8080 });
    await seeded();
    await ctrl.sync('default/web');
    expect(bed.actions).toEqual([`POST ${SLICES_PATH}`]);
    const got = await slices();
    expect(got[0].metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(got[0].metadata.labels).toEqual({ tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(got[0].metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    // A service seen for the first time: its creation time.
    expect(got[0].metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': svc.metadata.creationTimestamp });
    expect(got[0].addressType).toBe('IPv4');
    expect(summary(got[0])).toEqual({
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: ['10.244.1.2 a r=true s=true t=false n1 zone-a', '10.244.1.3 b r=false s=false t=false n1 zone-a'],
    });
  });

  it('keeps one placeholder slice with no endpoints and no ports when nothing is selected', async () => {
    const { bed, ctrl, slices, seeded } = await setup();
    await createService(bed.admin, 'empty');
    await seeded();
    await ctrl.sync('default/empty');
    expect(bed.actions).toEqual([`POST ${SLICES_PATH}`]);
    expect((await slices()).map((s) => [s.endpoints, s.ports])).toEqual([[[], []]]);
    ctrl.stop();
    const again = new EndpointSliceController(bed.ctx);
    for (const i of [again.services, again.pods, again.nodes, again.slices]) i.run();
    await bed.advance(10);
    bed.clearActions();
    await again.sync('default/empty');
    expect(bed.actions).toEqual([]);
  });

  it('groups pods whose named port resolves differently into separate slices', async () => {
    const { bed, ctrl, slices, seeded } = await setup();
    await createService(bed.admin, 'web');
    await createPod(bed.admin, 'a', { ip: '10.0.0.1', httpPort: 8080 });
    await createPod(bed.admin, 'b', { ip: '10.0.0.2', httpPort: 9090 });
    await seeded();
    await ctrl.sync('default/web');
    expect(bed.actions).toEqual([`POST ${SLICES_PATH}`, `POST ${SLICES_PATH}`]);
    expect((await slices()).map((s) => s.ports?.map((p) => p.port)).sort()).toEqual([[8080], [9090]]);
  });

  it('headless with publishNotReadyAddresses: not-ready pods ready but not serving, hostname, headless label', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'db', { clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] });
    await createPod(bed.admin, 'db-0', { ip: '10.0.0.5', ready: false, hostname: 'db-0', subdomain: 'db' });
    ctrl.start();
    await bed.advance(1_000);
    const [s] = await slices();
    expect(s.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(s.endpoints?.[0]).toMatchObject({ hostname: 'db-0', conditions: { ready: true, serving: false, terminating: false } });
    expect(s.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    ctrl.stop();
  });

  it.each([
    ['no selector', 'manual', { selector: undefined }],
    ['ExternalName', 'ext', { type: 'ExternalName', externalName: 'example.com', ports: undefined }],
  ])('%s: no slices', async (_n, name, spec) => {
    const { bed, ctrl, slices, seeded } = await setup();
    await createPod(bed.admin, 'a', { ip: '10.0.0.1', httpPort: 8080 });
    await createService(bed.admin, name, spec);
    await seeded();
    await ctrl.sync(`default/${name}`);
    await ctrl.sync('default/kubernetes');
    expect(bed.actions).toEqual([]);
    expect(await slices()).toEqual([]);
  });

  it('a pod turning ready is one update, annotated with its Ready transition time', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'web');
    await createPod(bed.admin, 'a', { ip: '10.0.0.1', httpPort: 8080, ready: false });
    ctrl.start();
    await bed.advance(1_000);
    const [before] = await slices();
    bed.clearActions();
    const next = structuredClone(await bed.admin.resource(PODS, 'default').get('a'));
    (next.status as { conditions: unknown[] }).conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:42Z' }];
    await bed.admin.resource(PODS, 'default').updateStatus(next);
    await bed.advance(1_000);
    expect(bed.actions).toEqual([`PUT ${SLICES_PATH}/${before.metadata.name}`]);
    const [after] = await slices();
    expect(after.endpoints?.[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(after.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']).toBe('2026-01-01T00:00:42Z');
    ctrl.stop();
  });

  it('a pod on a node the cache does not know is left out and the sync fails (retried)', async () => {
    const { bed, ctrl, slices, seeded } = await setup();
    await createService(bed.admin, 'web');
    await createPod(bed.admin, 'a', { ip: '10.0.0.1', httpPort: 8080 });
    await createPod(bed.admin, 'lost', { ip: '10.0.0.2', httpPort: 8080, node: 'ghost' });
    await seeded();
    await expect(ctrl.sync('default/web')).rejects.toThrow('skipping Pod lost for Service default/web: Node ghost Not Found');
    expect((await slices()).map((s) => s.endpoints?.map((e) => e.targetRef.name))).toEqual([['a']]);
  });

  it('deletes a slice labelled for the service but owned by an older service of that name', async () => {
    const { bed, ctrl, seeded } = await setup();
    await createService(bed.admin, 'web');
    const stale = await bed.admin.resource<EndpointSlice>(SLICES, 'default').create({
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', endpoints: [],
      metadata: {
        name: 'web-old', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'previous-uid', controller: true }],
      },
    });
    await seeded();
    await ctrl.sync('default/web');
    expect(bed.actions).toEqual([`POST ${SLICES_PATH}`, `DELETE ${SLICES_PATH}/${stale.metadata.name}`]);
  });
});

describe('EndpointSliceController at 100 endpoints per slice', () => {
  it('packs 250 pods into 100+100+50, then adds the next pod to the partly full slice only', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'big');
    for (let i = 0; i < 250; i++) await createPod(bed.admin, `p${String(i).padStart(3, '0')}`, { ip: `10.0.${i >> 8}.${i & 255}`, httpPort: 8080 });
    ctrl.start();
    await bed.advance(1_000);
    expect((await slices()).map((s) => s.endpoints?.length).sort()).toEqual([100, 100, 50]);
    const partial = (await slices()).find((s) => s.endpoints?.length === 50)!;
    bed.clearActions();
    await createPod(bed.admin, 'p250', { ip: '10.0.1.250', httpPort: 8080 });
    await bed.advance(1_000);
    expect(bed.actions.filter((a) => a.includes('endpointslices'))).toEqual([`PUT ${SLICES_PATH}/${partial.metadata.name}`]);
    ctrl.stop();
  });
});
