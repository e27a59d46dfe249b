import { describe, expect, it } from 'vitest';
import { newControllerTestbed } from '../controller-testkit';
import { createPod, createService } from '../endpointslice/endpoint-testing';
import type { Endpoints } from './desired-endpoints';
import { EndpointsController } from './endpoints-controller';

const EP = { group: '', version: 'v1', resource: 'endpoints' };
const SVC = { group: '', version: 'v1', resource: 'services' };

async function setup() {
  const bed = await newControllerTestbed();
  const ctrl = new EndpointsController(bed.ctx);
  const get = (name: string) => bed.admin.resource<Endpoints>(EP, 'default').get(name);
  return { bed, ctrl, get };
}

describe('EndpointsController', () => {
  it('ready pods under addresses, others under notReadyAddresses, named port resolved', async () => {
    const { bed, ctrl, get } = await setup();
    const a = await createPod(bed.admin, 'a', { ip: '10.0.0.2', node: 'n1', httpPort: 8080 });
    const b = await createPod(bed.admin, 'b', { ip: '10.0.0.1', httpPort: 8080, ready: false });
    await createPod(bed.admin, 'no-ip', { httpPort: 8080 });
    await createService(bed.admin, 'web', {}, { app: 'web' });
    ctrl.start();
    await bed.advance(1_000);
    const ep = await get('web');
    expect(ep.metadata.labels).toEqual({ app: 'web' });
    expect(ep.subsets).toEqual([
      {
        addresses: [{ ip: '10.0.0.2', nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: a.metadata.uid } }],
        notReadyAddresses: [{ ip: '10.0.0.1', targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: b.metadata.uid } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    ctrl.stop();
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
    const ips = (l?: { ip: string }[]) => (l ? { addresses: l.map((x) => ({ ip: x.ip })) } : {});
    const strip = (ep.subsets ?? []).map((s) => ({
      ...s,
      ...ips(s.addresses),
      ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses.map((x) => ({ ip: x.ip })) } : {}),
    }));
    expect(ep.subsets ? strip : undefined).toEqual(want);
    if (name === 'headless without ports') expect(ep.metadata.labels).toEqual({ 'service.kubernetes.io/headless': '' });
    ctrl.stop();
  });

  it('deletes the Endpoints with the service, and a sync with nothing changed writes nothing', async () => {
    const { bed, ctrl, get } = await setup();
    await createPod(bed.admin, 'a', { ip: '10.0.0.2', httpPort: 8080 });
    await createService(bed.admin, 'web');
    ctrl.start();
    await bed.advance(1_000);
    bed.clearActions();
    await ctrl.sync('default/web');
    expect(bed.actions).toEqual([]);
    await bed.admin.resource(SVC, 'default').delete('web');
    await bed.advance(1_000);
    expect(bed.actions).toEqual(['DELETE /api/v1/namespaces/default/endpoints/web']);
    await expect(get('web')).rejects.toMatchObject({ reason: 'NotFound' });
    ctrl.stop();
  });
});
