import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { TestClock, TestRng, TestTimers } from '../../apiserver/testkit';
import { Client } from '../../client/client';
import { KubeProxy } from './kube-proxy';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { TrafficSimulator, type RequestSource, type TrafficSimulatorOptions } from './traffic';

/** Two nodes whose proxies are fed their maps directly (no apiserver needed to walk rules). */
function cluster(services: Service[], slices: EndpointSlice[], mode: 'iptables' | 'ipvs' = 'iptables', simOpts: Partial<TrafficSimulatorOptions> = {}) {
  const clock = new TestClock();
  const unused = { handle: () => Promise.reject(new Error('no API in this test')) };
  const ctx = { client: new Client(unused, { username: 'x', groups: [] }), clock, timers: new TestTimers(clock), rng: new TestRng(1), recorder: { event() {} } };
  const dns = {
    service: (ns: string, name: string) => services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name),
    endpointAddresses: () => [],
  };
  const sim = new TrafficSimulator({ clock, dns, ...simOpts });
  const proxies = [new KubeProxy(ctx, { nodeName: 'worker-1', nodeIPs: ['172.18.0.3'], mode }), new KubeProxy(ctx, { nodeName: 'worker-2', nodeIPs: ['172.18.0.4'], mode })];
  for (const p of proxies) {
    for (const s of services) p.serviceMap.update(s);
    for (const s of slices) p.endpointsMap.update(s);
    p.markInitialized();
    p.syncProxyRules();
    sim.addProxy(p);
  }
  return { sim, clock, proxies };
}

const pod = (name: string, ip: string, nodeName: string, namespace = 'default'): RequestSource => ({ pod: { namespace, name, ip, nodeName } });
const http = (nodePort?: number) => [{ name: 'http', port: 80, protocol: 'TCP' as const, ...(nodePort ? { nodePort } : {}) }];
const twoPods = () => makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' }), ep('10.244.2.7', { node: 'worker-2', pod: 'web-b' })], [['http', 8080]]);
const chains = (path: { chain: string }[]) => path.map((s) => s.chain.replace(/-\w{16}$/, ''));

describe('simulated traffic through iptables', () => {
  it('pod to ClusterIP by name: DNAT to an endpoint, source kept, chain path recorded', () => {
    const { sim } = cluster([makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http() })], [twoPods()]);
    const r = sim.request(pod('client', '10.244.2.9', 'worker-2'), 'web:80');
    expect(r.outcome).toBe('connected');
    expect(r.resolution).toMatchObject({ fqdn: 'web.default.svc.cluster.local' });
    expect(r.sourceSeen).toBe('10.244.2.9');
    expect(chains(r.path)).toEqual([
      'PREROUTING', 'KUBE-SERVICES', 'KUBE-SVC', 'KUBE-SEP',
      'FORWARD', 'FORWARD', 'FORWARD', 'FORWARD',
      'POSTROUTING', 'KUBE-POSTROUTING',
    ]);
    expect(r.path[3].rule).toMatch(/^-A KUBE-SEP-\w+ -m comment --comment default\/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.\d.\d:8080$/);
    expect(r.path.at(-1)!.rule).toBe('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(r.message).toMatch(/^Connected to web \(10.96.0.20\) port 80: answered by default\/web-[ab] \(10.244.\d.\d:8080\)$/);
  });

  it('no endpoints: the filter REJECT refuses the connection', () => {
    const { sim } = cluster([makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http() })], []);
    const r = sim.request(pod('client', '10.244.2.9', 'worker-2'), '10.96.0.20:80');
    expect(r.outcome).toBe('refused');
    expect(r.message).toBe('Failed to connect to 10.96.0.20 port 80: Connection refused');
    expect(r.path.at(-1)).toMatchObject({ table: 'filter', chain: 'KUBE-SERVICES' });
    expect(r.path.at(-1)!.rule).toContain('-j REJECT');
  });

  it('NodePort of another node from a host: forwarded there, DNATed and masqueraded', () => {
    const { sim } = cluster([makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.20', ports: http(30080) })], [twoPods()]);
    const r = sim.request({ node: 'worker-1' }, '172.18.0.4:30080');
    expect(r.outcome).toBe('connected');
    // On worker-1 the packet only passes the jumps (the address is not local there).
    expect(r.path.filter((s) => s.node === 'worker-1').map((s) => `${s.table} ${s.chain}`)).toEqual([
      'nat OUTPUT',
      'filter OUTPUT', 'filter OUTPUT', 'filter OUTPUT',
      'nat POSTROUTING',
      'nat KUBE-POSTROUTING',
    ]);
    expect(chains(r.path.filter((s) => s.node === 'worker-2'))).toEqual([
      'PREROUTING', 'KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXT', 'KUBE-MARK-MASQ', 'KUBE-EXT', 'KUBE-SVC', 'KUBE-SEP',
      'FORWARD', 'FORWARD', 'KUBE-FORWARD',
      'POSTROUTING', 'KUBE-POSTROUTING', 'KUBE-POSTROUTING',
    ]);
    expect(r.path.at(-1)!.rule).toBe('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully');
    expect(r.sourceSeen).toBe('172.18.0.4');
  });

  it('externalTrafficPolicy Local: a node without local endpoints drops outside traffic', () => {
    const slice = makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' })], [['http', 8080]]);
    const { sim } = cluster([makeService('default', 'web', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.0.20', ports: http(30080) })], [slice]);
    expect(sim.request({ node: 'worker-1' }, '172.18.0.4:30080').outcome).toBe('timeout');
    const ok = sim.request({ node: 'worker-2' }, '172.18.0.3:30080');
    expect(ok).toMatchObject({ outcome: 'connected', sourceSeen: '172.18.0.4' });
  });

  it.each([
    ['Cluster: any node forwards, source masqueraded to that node', 'Cluster', '172.18.0.4:30080', { outcome: 'connected', sourceSeen: '172.18.0.4' }],
    ['Local, node with the endpoint: client address kept', 'Local', '172.18.0.3:30080', { outcome: 'connected', sourceSeen: '203.0.113.7' }],
    ['Local, node without one: dropped', 'Local', '172.18.0.4:30080', { outcome: 'timeout' }],
  ] as const)('external client to a NodePort, externalTrafficPolicy %s', (_name, policy, target, want) => {
    const slice = makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' })], [['http', 8080]]);
    const { sim } = cluster([makeService('default', 'web', { type: 'NodePort', externalTrafficPolicy: policy, clusterIP: '10.96.0.20', ports: http(30080) })], [slice]);
    expect(sim.request({ external: { ip: '203.0.113.7' } }, target)).toMatchObject(want);
  });

  it('external client: names do not resolve, a load-balancer IP is reached through the node the LB picks', () => {
    const svc = makeService('default', 'web', { type: 'LoadBalancer', clusterIP: '10.96.0.20', ports: http(30080) }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } });
    const { sim } = cluster([svc], [twoPods()]);
    expect(sim.request({ external: { ip: '203.0.113.7' } }, 'web:80')).toMatchObject({ outcome: 'unresolved', message: 'Could not resolve host: web' });
    expect(sim.request({ external: { ip: '203.0.113.7', viaNode: 'worker-2' } }, '5.6.7.8:80')).toMatchObject({ outcome: 'connected', sourceSeen: '172.18.0.4' });
    expect(sim.request({ external: { ip: '203.0.113.7' } }, '5.6.7.8:80').outcome).toBe('timeout');
  });

  it('internalTrafficPolicy Local: only the client node\'s endpoints, none -> dropped', () => {
    const slice = makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' })], [['http', 8080]]);
    const { sim } = cluster([makeService('default', 'web', { internalTrafficPolicy: 'Local', clusterIP: '10.96.0.20', ports: http() })], [slice]);
    expect(sim.request(pod('c1', '10.244.1.9', 'worker-1'), 'web:80').endpoint?.pod?.name).toBe('web-a');
    expect(sim.request(pod('c2', '10.244.2.9', 'worker-2'), 'web:80').outcome).toBe('timeout');
  });

  it('ClientIP affinity keeps a client on one endpoint until the timeout passes', () => {
    const svc = makeService('default', 'web', { clusterIP: '10.96.0.20', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: http() });
    const { sim, clock } = cluster([svc], [twoPods()]);
    const client = pod('client', '10.244.2.9', 'worker-2');
    const first = sim.request(client, 'web:80').endpoint!.ip;
    for (let i = 0; i < 30; i++) expect(sim.request(client, 'web:80').endpoint!.ip).toBe(first);
    const sticky = sim.request(client, 'web:80');
    expect(sticky.path.some((s) => s.rule.includes('--rcheck'))).toBe(true);
    clock.advance(61_000);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      clock.advance(61_000);
      seen.add(sim.request(client, 'web:80').endpoint!.ip);
    }
    expect(seen.size).toBe(2);
  });

  it('hairpin: a pod reaching itself through its service is masqueraded', () => {
    const slice = makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1', pod: 'web-a' })], [['http', 8080]]);
    const { sim } = cluster([makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http() })], [slice]);
    expect(sim.request(pod('web-a', '10.244.1.5', 'worker-1'), 'web:80').sourceSeen).toBe('172.18.0.3');
  });

  it('loadBalancerSourceRanges: allowed sources reach the endpoints, others are dropped by KUBE-PROXY-FIREWALL', () => {
    const svc = makeService('default', 'web', { type: 'LoadBalancer', clusterIP: '10.96.0.20', loadBalancerSourceRanges: ['10.244.0.0/16'], ports: http(30080) }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } });
    const { sim } = cluster([svc], [twoPods()]);
    expect(sim.request(pod('client', '10.244.2.9', 'worker-2'), '5.6.7.8:80').outcome).toBe('connected');
    const denied = sim.request({ node: 'worker-1' }, '5.6.7.8:80');
    expect(denied.outcome).toBe('timeout');
    expect(denied.path.at(-1)).toMatchObject({ table: 'filter', chain: 'KUBE-PROXY-FIREWALL' });
  });

  it('unknown names and addresses', () => {
    const { sim } = cluster([], []);
    expect(sim.request(pod('c', '10.244.1.9', 'worker-1'), 'nope:80')).toMatchObject({ outcome: 'unresolved', message: 'Could not resolve host: nope' });
    expect(sim.request(pod('c', '10.244.1.9', 'worker-1'), '10.96.7.7:80').outcome).toBe('timeout');
    expect(sim.request({ node: 'worker-1' }, '172.18.0.3:30000').outcome).toBe('refused');
    expect(() => sim.request({ node: 'worker-1' }, 'web')).toThrow(/host:port/);
  });

  it('spread over 6000 requests stays within 5% of uniform for 3 endpoints', () => {
    const slice = makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { pod: 'a' }), ep('10.244.1.6', { pod: 'b' }), ep('10.244.2.7', { pod: 'c' })], [['http', 8080]]);
    const { sim } = cluster([makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http() })], [slice]);
    for (let i = 0; i < 6000; i++) sim.request({ node: 'worker-1' }, '10.96.0.20:80');
    for (const n of ['a', 'b', 'c']) expect(Math.abs(sim.counts.get(`default/${n}`)! - 2000)).toBeLessThan(100);
  });
});

describe('simulated traffic through ipvs', () => {
  it('round robin, persistence with affinity, refused without real servers', () => {
    const services = [
      makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http() }),
      makeService('default', 'sticky', { clusterIP: '10.96.0.21', sessionAffinity: 'ClientIP', ports: http() }),
      makeService('default', 'empty', { clusterIP: '10.96.0.22', ports: http() }),
    ];
    const slices = [twoPods(), { ...twoPods(), metadata: { ...twoPods().metadata, name: 'sticky-1', labels: { 'kubernetes.io/service-name': 'sticky' } } }];
    const { sim } = cluster(services, slices, 'ipvs');
    const c = pod('client', '10.244.2.9', 'worker-2');
    expect([1, 2, 3].map(() => sim.request(c, 'web:80').endpoint!.ip)).toEqual(['10.244.1.5', '10.244.2.7', '10.244.1.5']);
    const s = [1, 2, 3].map(() => sim.request(c, 'sticky:80').endpoint!.ip);
    expect(new Set(s).size).toBe(1);
    const r = sim.request(c, 'empty:80');
    expect(r.outcome).toBe('refused');
    expect(r.path.at(-1)).toEqual({ node: 'worker-2', table: 'ipvs', chain: 'TCP  10.96.0.22:80 rr', rule: '(no real servers)' });
  });

  it('masquerades through the ipset rules: node and NodePort traffic yes, pod to ClusterIP no; unknown VIP ports refused', () => {
    const { sim } = cluster([makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.20', ports: http(30080) })], [twoPods()], 'ipvs');
    const fromPod = sim.request(pod('client', '10.244.2.9', 'worker-2'), '10.96.0.20:80');
    expect(fromPod).toMatchObject({ outcome: 'connected', sourceSeen: '10.244.2.9' });
    const fromNode = sim.request({ node: 'worker-1' }, '10.96.0.20:80');
    expect(fromNode).toMatchObject({ outcome: 'connected', sourceSeen: '172.18.0.3' });
    expect(fromNode.path.map((s) => s.chain)).toContain('KUBE-MARK-MASQ');
    const nodePort = sim.request(pod('client', '10.244.2.9', 'worker-2'), '172.18.0.4:30080');
    expect(nodePort).toMatchObject({ outcome: 'connected', sourceSeen: '172.18.0.4' });
    expect(nodePort.path.some((s) => s.rule.includes('--match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ'))).toBe(true);
    expect(sim.request(pod('client', '10.244.2.9', 'worker-2'), '10.96.0.20:8080').outcome).toBe('refused');
  });
});

describe('name lookups through the kube-dns Service', () => {
  const kubeDns = makeService('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] });
  const web = makeService('default', 'web', { clusterIP: '10.96.0.20', ports: http() });
  const dnsSlice = () => ({
    ...makeSlice('kube-system', 'kube-dns', 'kube-dns-1', [ep('10.244.0.2', { node: 'worker-1', pod: 'coredns-a', ns: 'kube-system' })], []),
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' as const }, { name: 'dns-tcp', port: 53, protocol: 'TCP' as const }],
  });

  it('a query that reaches a coredns pod resolves; its path goes through the kube-dns udp chains', () => {
    const { sim } = cluster([kubeDns, web], [dnsSlice(), twoPods()], 'iptables', { dnsServiceIP: '10.96.0.10' });
    const r = sim.request(pod('client', '10.244.2.9', 'worker-2'), 'web:80');
    expect(r.outcome).toBe('connected');
    expect(r.dnsPath!.map((s) => s.chain)).toContain('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(r.dnsPath!.some((s) => s.rule.endsWith('--to-destination 10.244.0.2:53'))).toBe(true);
    // Addresses need no lookup.
    expect(sim.request(pod('client', '10.244.2.9', 'worker-2'), '10.96.0.20:80').dnsPath).toBeUndefined();
  });

  it('without coredns endpoints the query is rejected and the name does not resolve', () => {
    const { sim } = cluster([kubeDns, web], [twoPods()], 'iptables', { dnsServiceIP: '10.96.0.10' });
    const r = sim.request(pod('client', '10.244.2.9', 'worker-2'), 'web:80');
    expect(r).toMatchObject({ outcome: 'unresolved', message: 'Could not resolve host: web', path: [] });
    expect(r.dnsPath!.at(-1)!.rule).toContain('"kube-system/kube-dns:dns has no endpoints"');
  });
});
