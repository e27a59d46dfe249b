import { describe, expect, it } from 'vitest';
import { newControllerTestbed } from '../controller-testkit';
import type { EndpointSlice } from './desired-slices';
import { createNode, createPod, createService } from './endpoint-testing';
import { EndpointSliceController } from './endpointslice-controller';

const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

async function setup() {
  const bed = await newControllerTestbed();
  const ctrl = new EndpointSliceController(bed.ctx);
  const slices = async () => (await bed.admin.resource<EndpointSlice>(SLICES, 'default').list()).items.sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  return { bed, ctrl, slices };
}

const summary = (s: EndpointSlice) => ({
  ports: s.ports,
  endpoints: (s.endpoints ?? []).map((e) => `${e.addresses[0]} ${e.targetRef.name} r=${e.conditions.ready} s=${e.conditions.serving} t=${e.conditions.terminating} ${e.nodeName ?? '-'} ${e.zone ?? '-'}`),
});

describe('EndpointSliceController', () => {
  it('lists selected pods with IPs, conditions, nodes, zones and resolved named ports', async () => {
    const { bed, ctrl, slices } = await setup();
    await createNode(bed.admin, 'n1', 'zone-a');
    const svc = await createService(bed.admin, 'web', {}, { tier: 'front' });
    await createPod(bed.admin, 'a', { ip: '10.244.1.2', node: 'n1', httpPort: 8080 });
    await createPod(bed.admin, 'b', { ip: '10.244.1.3', node: 'n1', httpPort: 8080, ready: false });
    await createPod(bed.admin, 'pending', { httpPort: 8080 });
    await createPod(bed.admin, 'other', { ip: '10.244.1.9', labels: { app: 'db' }, httpPort: 8080 });
    ctrl.start();
    await bed.advance(1_000);
    const got = await slices();
    expect(got).toHaveLength(1);
    expect(got[0].metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(got[0].metadata.labels).toEqual({ tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(got[0].metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(got[0].addressType).toBe('IPv4');
    expect(summary(got[0])).toEqual({
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: ['10.244.1.2 a r=true s=true t=false n1 zone-a', '10.244.1.3 b r=false s=false t=false n1 zone-a'],
    });
    ctrl.stop();
  });

  it('keeps a placeholder slice without ports when nothing is selected', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'empty');
    ctrl.start();
    await bed.advance(1_000);
    const got = await slices();
    expect(got.map((s) => [s.endpoints, s.ports])).toEqual([[[], undefined]]);
    ctrl.stop();
  });

  it('groups pods whose named port resolves differently into separate slices', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'web');
    await createPod(bed.admin, 'a', { ip: '10.0.0.1', httpPort: 8080 });
    await createPod(bed.admin, 'b', { ip: '10.0.0.2', httpPort: 9090 });
    ctrl.start();
    await bed.advance(1_000);
    const ports = (await slices()).map((s) => s.ports?.map((p) => p.port)).sort();
    expect(ports).toEqual([[8080], [9090]]);
    ctrl.stop();
  });

  it('headless with publishNotReadyAddresses: not-ready pods ready, hostname, headless label', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'db', { clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] });
    await createPod(bed.admin, 'db-0', { ip: '10.0.0.5', ready: false, hostname: 'db-0', subdomain: 'db' });
    ctrl.start();
    await bed.advance(1_000);
    const [s] = await slices();
    expect(s.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(s.endpoints?.[0]).toMatchObject({ hostname: 'db-0', conditions: { ready: true, serving: true, terminating: false } });
    expect(s.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    ctrl.stop();
  });

  it('does nothing for a service without a selector', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'manual', { selector: undefined });
    ctrl.start();
    await bed.advance(1_000);
    expect(await slices()).toEqual([]);
    ctrl.stop();
  });

  it('one sync after a pod turns ready is a single update of the slice', async () => {
    const { bed, ctrl, slices } = await setup();
    await createService(bed.admin, 'web');
    const pod = await createPod(bed.admin, 'a', { ip: '10.0.0.1', httpPort: 8080, ready: false });
    ctrl.start();
    await bed.advance(1_000);
    const [before] = await slices();
    ctrl.stop();
    const next = structuredClone(await bed.admin.resource(PODS, 'default').get('a'));
    (next.status as { conditions: { type: string; status: string }[] }).conditions = [{ type: 'Ready', status: 'True' }];
    await bed.admin.resource(PODS, 'default').updateStatus(next);
    void pod;
    const again = new EndpointSliceController(bed.ctx);
    for (const i of [again.services, again.pods, again.nodes, again.slices]) i.run();
    await bed.advance(10);
    bed.clearActions();
    await again.sync('default/web');
    expect(bed.actions).toEqual([`PUT /apis/discovery.k8s.io/v1/namespaces/default/endpointslices/${before.metadata.name}`]);
    const [after] = await slices();
    expect(after.endpoints?.[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
  });
});
