import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../../controllers/controller-testkit';
import { ClusterDns } from './cluster-dns';
import { resolveHost } from './dns';
import { ep, makeService, makeSlice } from './proxy-testkit';

const SVC = { group: '', version: 'v1', resource: 'services' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const asObj = (x: unknown) => x as KubeObject;

describe('ClusterDns over a real apiserver', () => {
  it('answers ClusterIP, headless (ready pod IPs, hostnames) and NXDOMAIN from watched objects', async () => {
    const bed = await newControllerTestbed();
    const dns = new ClusterDns(bed.ctx);
    await bed.admin.resource({ group: '', version: 'v1', resource: 'namespaces' }).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    dns.start();
    await bed.admin.resource(SVC, 'shop').create(asObj(makeService('shop', 'web', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] })));
    await bed.admin.resource(SVC, 'shop').create(asObj(makeService('shop', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] })));
    const dbSlice = makeSlice('shop', 'db', 'db-abcde', [
      { ...ep('10.244.1.7', { pod: 'db-0', ns: 'shop' }), hostname: 'db-0' },
      { ...ep('10.244.2.8', { pod: 'db-1', ns: 'shop' }), hostname: 'db-1' },
      ep('10.244.2.9', { pod: 'db-2', ns: 'shop', ready: false }),
    ], [['', 5432]]);
    await bed.admin.resource(SLICES, 'shop').create(asObj({ ...dbSlice, metadata: { ...dbSlice.metadata, labels: { ...dbSlice.metadata!.labels, 'service.kubernetes.io/headless': '' } } }));
    await bed.advance(1000);
    expect(dns.hasSynced()).toBe(true);
    const fromShop = { namespace: 'shop' };
    expect(resolveHost('web', fromShop, dns)).toMatchObject({ ok: true, addresses: ['10.96.0.50'], fqdn: 'web.shop.svc.cluster.local' });
    expect(resolveHost('web.shop', { namespace: 'default' }, dns)).toMatchObject({ ok: true, fqdn: 'web.shop.svc.cluster.local' });
    expect(resolveHost('web.shop.svc.cluster.local', { namespace: 'default' }, dns)).toMatchObject({ ok: true, addresses: ['10.96.0.50'] });
    const headless = resolveHost('db', fromShop, dns);
    expect(headless.ok && [...headless.addresses].sort()).toEqual(['10.244.1.7', '10.244.2.8']);
    expect(resolveHost('db-1.db', fromShop, dns)).toMatchObject({ ok: true, addresses: ['10.244.2.8'], fqdn: 'db-1.db.shop.svc.cluster.local' });
    expect(resolveHost('web', { namespace: 'default' }, dns)).toEqual({
      ok: false,
      tried: ['web.default.svc.cluster.local', 'web.svc.cluster.local', 'web.cluster.local', 'web'],
      message: 'Could not resolve host: web',
    });
    // The loadbalance plugin shuffles with the seeded rng: both orders show up.
    const firsts = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = resolveHost('db', fromShop, dns);
      if (r.ok) firsts.add(r.addresses[0]);
    }
    expect(firsts.size).toBe(2);
    dns.stop();
  });
});
