import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../../controllers/controller-testkit';
import { ClusterDns } from './cluster-dns';
import { KubeProxy } from './kube-proxy';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { TrafficSimulator } from './traffic';

const SVC = { group: '', version: 'v1', resource: 'services' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const asObj = (x: unknown) => x as KubeObject;
const headless = (o: ReturnType<typeof makeSlice>) => asObj({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata!.labels, 'service.kubernetes.io/headless': '' } } });

describe('traffic across a cluster served by a real apiserver', () => {
  it('DNS through kube-dns, ClusterIP, headless pod IPs, NodePort, NXDOMAIN; counts per pod', async () => {
    const bed = await newControllerTestbed();
    const admin = (r: typeof SVC, ns: string) => bed.admin.resource(r, ns);
    const dns = new ClusterDns(bed.ctx);
    const proxies = ['worker-1', 'worker-2'].map((n, i) => new KubeProxy(bed.ctx, { nodeName: n, nodeIPs: [`172.18.0.${i + 3}`] }));
    const sim = new TrafficSimulator({ clock: bed.kernel, dns, dnsServiceIP: '10.96.0.10', podByIP: (ip) => dns.podAt(ip) });
    for (const p of proxies) sim.addProxy(p);
    dns.start();
    for (const p of proxies) p.start();
    const dnsPorts = [{ name: 'dns', port: 53, protocol: 'UDP' as const }, { name: 'dns-tcp', port: 53, protocol: 'TCP' as const }];
    await admin(SVC, 'kube-system').create(asObj(makeService('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: dnsPorts })));
    await admin(SLICES, 'kube-system').create(asObj({ ...makeSlice('kube-system', 'kube-dns', 'kube-dns-x', [ep('10.244.1.2', { node: 'worker-1', pod: 'coredns-a', ns: 'kube-system' })], []), ports: dnsPorts }));
    await admin(SVC, 'default').create(asObj(makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] })));
    await admin(SLICES, 'default').create(asObj(makeSlice('default', 'web', 'web-x', [ep('10.244.2.5', { node: 'worker-2', pod: 'web-a' })], [['http', 80]])));
    await admin(SVC, 'default').create(asObj(makeService('default', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] })));
    await admin(SLICES, 'default').create(headless(makeSlice('default', 'db', 'db-x', [ep('10.244.1.7', { node: 'worker-1', pod: 'db-0' })], [['', 5432]])));
    await bed.advance(2000);

    const client = { pod: { namespace: 'default', name: 'client', ip: '10.244.2.9', nodeName: 'worker-2' } };
    expect(sim.request(client, 'web:80')).toMatchObject({ outcome: 'connected', endpoint: { ip: '10.244.2.5', pod: { name: 'web-a' } } });
    expect(sim.request(client, 'web.default.svc.cluster.local:80').outcome).toBe('connected');
    const db = sim.request(client, 'db:5432');
    expect(db).toMatchObject({ outcome: 'connected', endpoint: { ip: '10.244.1.7', nodeName: 'worker-1', pod: { name: 'db-0' } }, sourceSeen: '10.244.2.9' });
    expect(sim.request(client, 'nope:80')).toMatchObject({ outcome: 'unresolved', message: 'Could not resolve host: nope' });
    expect(sim.request({ node: 'worker-1' }, '172.18.0.3:30080')).toMatchObject({ outcome: 'connected', sourceSeen: '172.18.0.3' });
    expect(sim.request({ node: 'worker-1' }, 'web:80')).toMatchObject({ outcome: 'unresolved', message: 'Could not resolve host: web' });
    expect(sim.trafficCounts()).toEqual({ 'default/db-0': 1, 'default/web-a': 3 });

    // The web pods go away: the service rejects, the name still resolves.
    await admin(SLICES, 'default').delete('web-x');
    await bed.advance(2000);
    expect(sim.request(client, 'web:80')).toMatchObject({ outcome: 'refused', message: 'Failed to connect to web port 80: Connection refused' });
    for (const p of proxies) p.stop();
    dns.stop();
  });
});
