import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { newControllerTestbed } from '../../controllers/controller-testkit';
import { KubeProxy } from './kube-proxy';
import { ProxySources } from './proxy-sources';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { TrafficSimulator } from './traffic';

const SVC = { group: '', version: 'v1', resource: 'services' };
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const asObj = (x: unknown) => x as KubeObject;

async function setup(mode: 'iptables' | 'ipvs' = 'iptables') {
  const bed = await newControllerTestbed();
  const n1 = new KubeProxy(bed.ctx, { nodeName: 'worker-1', nodeIPs: ['172.18.0.3'], mode });
  const n2 = new KubeProxy(bed.ctx, { nodeName: 'worker-2', nodeIPs: ['172.18.0.4'], mode });
  const sim = new TrafficSimulator({ clock: bed.kernel });
  sim.addProxy(n1);
  sim.addProxy(n2);
  return { bed, n1, n2, sim };
}

const webService = (extra: object = {}) =>
  asObj(makeService('default', 'web', { clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }], ...extra }));
const webSlice = (endpoints = [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' }), ep('10.244.2.7', { node: 'worker-2', pod: 'web-b' }), ep('10.244.1.6', { node: 'worker-1', pod: 'web-c' })]) =>
  asObj(makeSlice('default', 'web', 'web-x7k2p', endpoints, [['http', 8080]]));

describe('KubeProxy over a real apiserver', () => {
  it('programs rules for Services and EndpointSlices created through the API, and follows changes', async () => {
    const { bed, n1 } = await setup();
    n1.start();
    await bed.advance(2000);
    expect(bed.recorder.events).toEqual(['Normal Starting ']);
    // The apiserver's own `kubernetes` service has no slices yet: rejected in filter.
    expect(n1.iptablesRestore()).toContain('-A KUBE-SERVICES -m comment --comment "default/kubernetes:https has no endpoints" -m tcp -p tcp -d 10.96.0.1 --dport 443 -j REJECT');
    await bed.admin.resource(SVC, 'default').create(webService());
    await bed.admin.resource(SLICES, 'default').create(webSlice());
    await bed.advance(2000);
    const text = n1.iptablesRestore();
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.50 --dport 80 -j KUBE-SVC-');
    expect(text.match(/DNAT --to-destination 10\.244\.\d\.\d:8080/g)).toHaveLength(3);
    await bed.admin.resource(SLICES, 'default').delete('web-x7k2p');
    await bed.advance(2000);
    expect(n1.iptablesRestore()).toContain('"default/web:http has no endpoints"');
    await bed.admin.resource(SVC, 'default').delete('web');
    await bed.advance(2000);
    expect(n1.iptablesRestore()).not.toContain('default/web');
    n1.stop();
  });

  it('coalesces a burst of changes into one sync per minSyncPeriod', async () => {
    const { bed, n1 } = await setup();
    n1.start();
    await bed.advance(1500);
    const before = n1.syncCount;
    for (let i = 0; i < 5; i++) {
      await bed.admin.resource(SVC, 'default').create(asObj(makeService('default', `s${i}`, { clusterIP: `10.96.1.${i + 1}`, ports: [{ port: 80, protocol: 'TCP' }] })));
    }
    await bed.advance(1000);
    expect(n1.syncCount - before).toBe(1);
    expect(n1.iptablesRestore().match(/has no endpoints/g)).toHaveLength(6);
    n1.stop();
  });

  it('spreads seeded ClusterIP requests about evenly, the same way for the same seed', async () => {
    const run = async () => {
      const { bed, n1, n2, sim } = await setup();
      n1.start();
      n2.start();
      await bed.admin.resource(SVC, 'default').create(webService());
      await bed.admin.resource(SLICES, 'default').create(webSlice());
      await bed.advance(2000);
      const client = { pod: { namespace: 'default', name: 'client', ip: '10.244.2.9', nodeName: 'worker-2' } };
      const picks: string[] = [];
      for (let i = 0; i < 3000; i++) picks.push(sim.request(client, 'web:80').endpoint!.pod!.name);
      n1.stop();
      n2.stop();
      return { picks, counts: Object.fromEntries(sim.counts) };
    };
    const a = await run();
    const b = await run();
    expect(a.picks).toEqual(b.picks);
    for (const pod of ['web-a', 'web-b', 'web-c']) expect(a.counts[`default/${pod}`]).toBeGreaterThan(900);
    expect(Object.values(a.counts).reduce((x, y) => x + y)).toBe(3000);
  });

  it('ipvs mode: virtual servers with round robin over real servers', async () => {
    const { bed, n1, sim } = await setup('ipvs');
    n1.start();
    await bed.admin.resource(SVC, 'default').create(webService({ type: 'NodePort', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] }));
    await bed.admin.resource(SLICES, 'default').create(webSlice());
    await bed.advance(2000);
    expect(n1.ipvsadm()).toContain('TCP  10.96.0.50:80 rr\n  -> 10.244.1.5:8080              Masq    1      0          0         \n');
    expect(n1.ipvsadm()).toContain('TCP  172.18.0.3:30080 rr\n');
    const picks = [1, 2, 3, 4].map(() => sim.request({ node: 'worker-1' }, '172.18.0.3:30080').endpoint!.ip);
    expect(picks).toEqual(['10.244.1.5', '10.244.1.6', '10.244.2.7', '10.244.1.5']);
    n1.stop();
  });

  it('leaves alone Services of another proxy (service-proxy-name) and headless slices, by label selector', async () => {
    const { bed, n1 } = await setup();
    n1.start();
    const other = makeService('default', 'other', { clusterIP: '10.96.0.60', ports: [{ port: 80, protocol: 'TCP' }] });
    await bed.admin.resource(SVC, 'default').create(asObj({ ...other, metadata: { ...other.metadata, labels: { 'service.kubernetes.io/service-proxy-name': 'cilium' } } }));
    const headless = makeSlice('default', 'db', 'db-1', [ep('10.244.1.9')], [['', 5432]]);
    await bed.admin.resource(SLICES, 'default').create(asObj({ ...headless, metadata: { ...headless.metadata, labels: { ...headless.metadata!.labels, 'service.kubernetes.io/headless': '' } } }));
    await bed.advance(2000);
    expect(n1.services.lister.list().map((s) => s.metadata.name)).toEqual(['kubernetes']);
    expect(n1.endpointSlices.lister.list()).toEqual([]);
    expect(n1.rules()).not.toContain('10.96.0.60');
    n1.stop();
  });

  it('hands each served request to the hook with an nginx access-log line; false means nothing listens', async () => {
    const { bed, n1, n2, sim } = await setup();
    n1.start();
    n2.start();
    await bed.admin.resource(SVC, 'default').create(webService());
    const slice = makeSlice('default', 'web', 'web-x7k2p', [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' })], [['http', 8080]]);
    slice.endpoints[0].targetRef!.uid = 'uid-web-a';
    await bed.admin.resource(SLICES, 'default').create(asObj(slice));
    await bed.advance(2000);
    const served: string[] = [];
    let listening = true;
    sim.onRequestServed = (s) => {
      served.push(`${s.pod.uid} ${s.nodeName} ${s.port} ${s.accessLogLine}`);
      return listening;
    };
    const client = { pod: { namespace: 'default', name: 'client', ip: '10.244.2.9', nodeName: 'worker-2' } };
    expect(sim.request(client, 'web:80', { path: '/index.html' }).outcome).toBe('connected');
    expect(served).toEqual(['uid-web-a worker-1 8080 10.244.2.9 - - [01/Jan/2026:00:00:02 +0000] "GET /index.html HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"']);
    listening = false;
    expect(sim.request(client, 'web:80')).toMatchObject({ outcome: 'refused', message: 'Failed to connect to web port 80: Connection refused' });
    expect(sim.trafficCounts()).toEqual({ 'default/web-a': 1 });
    n1.stop();
    n2.stop();
  });

  it('ipvs mode resyncs every syncPeriod (30 s) without changes; iptables mode does not', async () => {
    const { bed, n1 } = await setup('ipvs');
    const n3 = new KubeProxy(bed.ctx, { nodeName: 'worker-3', nodeIPs: ['172.18.0.5'] });
    n1.start();
    n3.start();
    await bed.advance(1000);
    const [ipvs0, ipt0] = [n1.syncCount, n3.syncCount];
    await bed.advance(90_000);
    expect(n1.syncCount - ipvs0).toBe(3);
    expect(n3.syncCount - ipt0).toBe(0);
    n1.stop();
    n3.stop();
  });

  it('proxies of one worker can share their sources (informers and maps); a stopped proxy keeps its rules, a restarted one catches up', async () => {
    const { bed } = await setup();
    const shared = new ProxySources(bed.ctx);
    const a = new KubeProxy(bed.ctx, { nodeName: 'worker-1', nodeIPs: ['172.18.0.3'], sources: shared });
    const b = new KubeProxy(bed.ctx, { nodeName: 'worker-2', nodeIPs: ['172.18.0.4'], sources: shared });
    shared.run();
    a.start();
    b.start();
    await bed.admin.resource(SVC, 'default').create(webService());
    await bed.admin.resource(SLICES, 'default').create(webSlice());
    await bed.advance(2000);
    for (const p of [a, b]) expect(p.rules().match(/DNAT --to-destination/g)).toHaveLength(3);
    // The rules are those of the last sync: a stopped proxy does not follow changes.
    b.stop();
    await bed.admin.resource(SLICES, 'default').delete('web-x7k2p');
    await bed.advance(2000);
    expect(a.rules()).toContain('"default/web:http has no endpoints"');
    expect(b.rules().match(/DNAT --to-destination/g)).toHaveLength(3);
    b.start();
    await bed.advance(2000);
    expect(b.rules()).toContain('"default/web:http has no endpoints"');
    a.stop();
    b.stop();
    shared.stop();
  });
});
