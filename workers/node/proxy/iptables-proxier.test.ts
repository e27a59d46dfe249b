import { describe, expect, it } from 'vitest';
import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { EndpointsMap } from './endpoints-map';
import { buildIptablesRules, renderRestore } from './iptables-proxier';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { ServiceMap } from './service-ports';

const CFG = { clusterCIDR: '10.0.0.0/8', masqueradeAll: false, localhostNodePorts: true };

function restore(services: Service[], slices: EndpointSlice[], node = 'test-node'): string {
  const sm = new ServiceMap();
  const em = new EndpointsMap(node);
  for (const s of services) sm.update(s);
  for (const s of slices) em.update(s);
  return renderRestore(buildIptablesRules(sm.list(), (svc) => em.endpointsFor(svc), CFG));
}

const dedent = (s: string) => s.replace(/^\n/, '').replace(/^\s+/gm, '');
const p80 = (extra: object = {}) => [{ name: 'p80', port: 80, protocol: 'TCP' as const, ...extra }];

describe('iptables proxier rules', () => {
  // The services and expected text of upstream's TestOverallIPTablesRules.
  it('matches upstream for ClusterIP, NodePort, external IP, LoadBalancer (ETP Local, source ranges, affinity) and no-endpoint services', () => {
    const services = [
      makeService('ns1', 'svc1', { clusterIP: '172.30.0.41', ports: p80() }),
      makeService('ns2', 'svc2', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', clusterIP: '172.30.0.42', ports: p80({ nodePort: 3001 }), externalIPs: ['192.168.99.22'], healthCheckNodePort: 30000 }, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }),
      makeService('ns3', 'svc3', { type: 'NodePort', clusterIP: '172.30.0.43', ports: p80({ nodePort: 3003 }) }),
      makeService('ns4', 'svc4', { type: 'NodePort', clusterIP: '172.30.0.44', externalIPs: ['192.168.99.33'], ports: p80({ targetPort: 80 }) }),
      makeService('ns5', 'svc5', {
        type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', clusterIP: '172.30.0.45', ports: p80({ nodePort: 3002 }), healthCheckNodePort: 30000,
        loadBalancerSourceRanges: [' 203.0.113.0/25'], sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } }),
      makeService('ns6', 'svc6', { clusterIP: '172.30.0.46', ports: p80({ targetPort: 80 }) }),
    ];
    const slices = [
      makeSlice('ns1', 'svc1', 'svc1-1', [ep('10.180.0.1')], [['p80', 80]]),
      makeSlice('ns2', 'svc2', 'svc2-1', [ep('10.180.0.2')], [['p80', 80]]),
      makeSlice('ns3', 'svc3', 'svc3-1', [ep('10.180.0.3')], [['p80', 80]]),
      makeSlice('ns4', 'svc4', 'svc4-1', [ep('10.180.0.4'), ep('10.180.0.5', { node: 'test-node' })], [['p80', 80]]),
      makeSlice('ns5', 'svc5', 'svc5-1', [ep('10.180.0.3')], [['p80', 80]]),
    ];
    expect(restore(services, slices)).toBe(dedent(`
      *filter
      :KUBE-NODEPORTS - [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-EXTERNAL-SERVICES - [0:0]
      :KUBE-FIREWALL - [0:0]
      :KUBE-FORWARD - [0:0]
      :KUBE-PROXY-FIREWALL - [0:0]
      -A KUBE-NODEPORTS -m comment --comment "ns2/svc2:p80 health check node port" -m tcp -p tcp --dport 30000 -j ACCEPT
      -A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
      -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j DROP
      -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j DROP
      -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
      -A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
      -A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP
      -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
      -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
      -A KUBE-PROXY-FIREWALL -m comment --comment "ns5/svc5:p80 traffic not accepted by KUBE-FW-NUKIZ6OKUXPJNT4C" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j DROP
      COMMIT
      *nat
      :KUBE-NODEPORTS - [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-EXT-4SW47YFZTEDKD3PK - [0:0]
      :KUBE-EXT-GNZBNJ2PO5MGZ6GT - [0:0]
      :KUBE-EXT-NUKIZ6OKUXPJNT4C - [0:0]
      :KUBE-EXT-X27LE4BHSL4DOUIK - [0:0]
      :KUBE-FW-NUKIZ6OKUXPJNT4C - [0:0]
      :KUBE-MARK-MASQ - [0:0]
      :KUBE-POSTROUTING - [0:0]
      :KUBE-SEP-C6EBXVWJJZMIWKLZ - [0:0]
      :KUBE-SEP-I77PXRDZVX7PMWMN - [0:0]
      :KUBE-SEP-OYPFS5VJICHGATKP - [0:0]
      :KUBE-SEP-RS4RBKLTHTF2IUXJ - [0:0]
      :KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
      :KUBE-SEP-UKSFD7AGPMPPLUHC - [0:0]
      :KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]
      :KUBE-SVC-GNZBNJ2PO5MGZ6GT - [0:0]
      :KUBE-SVC-NUKIZ6OKUXPJNT4C - [0:0]
      :KUBE-SVC-X27LE4BHSL4DOUIK - [0:0]
      :KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
      -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
      -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
      -A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3003 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-X27LE4BHSL4DOUIK
      -A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
      -A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3002 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-NUKIZ6OKUXPJNT4C
      -A KUBE-NODEPORTS -m comment --comment ns5/svc5:p80 -m tcp -p tcp --dport 3002 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
      -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
      -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
      -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 external IP" -m tcp -p tcp -d 192.168.99.22 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
      -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 loadbalancer IP" -m tcp -p tcp -d 1.2.3.4 --dport 80 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT
      -A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
      -A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
      -A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 external IP" -m tcp -p tcp -d 192.168.99.33 --dport 80 -j KUBE-EXT-4SW47YFZTEDKD3PK
      -A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 -j KUBE-SVC-NUKIZ6OKUXPJNT4C
      -A KUBE-SERVICES -m comment --comment "ns5/svc5:p80 loadbalancer IP" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C
      -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
      -A KUBE-EXT-4SW47YFZTEDKD3PK -m comment --comment "masquerade traffic for ns4/svc4:p80 external destinations" -j KUBE-MARK-MASQ
      -A KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK
      -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "pod traffic for ns2/svc2:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
      -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ
      -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "route LOCAL traffic for ns2/svc2:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT
      -A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment "masquerade traffic for ns5/svc5:p80 external destinations" -j KUBE-MARK-MASQ
      -A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C
      -A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
      -A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
      -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 loadbalancer IP" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C
      -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
      -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
      -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
      -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
      -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
      -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -s 10.180.0.5 -j KUBE-MARK-MASQ
      -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80
      -A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
      -A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
      -A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
      -A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
      -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
      -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
      -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
      -A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
      -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
      -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
      -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
      -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
      -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
      -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
      -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ
      -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 cluster IP" -m tcp -p tcp -d 172.30.0.45 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
      -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN
      -A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -j KUBE-SEP-I77PXRDZVX7PMWMN
      -A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
      -A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
      -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
      -A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
      COMMIT
    `));
  });
});

describe('iptables proxier: endpoints and affinity', () => {
  const web = (spec: object = {}) => makeService('default', 'web', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], ...spec });
  const natRules = (text: string, chainPrefix: string) => text.split('\n').filter((l) => l.startsWith(`-A ${chainPrefix}`));

  it('three endpoints: falling probabilities 1/3, 1/2, rest', () => {
    const slices = [makeSlice('default', 'web', 'web-abc', [ep('10.244.1.5'), ep('10.244.2.7'), ep('10.244.1.6')], [['http', 8080]])];
    const svc = natRules(restore([web()], slices), 'KUBE-SVC-');
    expect(svc.map((l) => l.replace(/KUBE-S\w+-\w{16}/g, 'X'))).toEqual([
      '-A X -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      '-A X -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.3333333333 -j X',
      '-A X -m comment --comment "default/web:http -> 10.244.1.6:8080" -m statistic --mode random --probability 0.5000000000 -j X',
      '-A X -m comment --comment "default/web:http -> 10.244.2.7:8080" -j X',
    ]);
  });

  it('ClientIP affinity: recent checks before the random pick, recent --set at DNAT', () => {
    const slices = [makeSlice('default', 'web', 'web-abc', [ep('10.244.1.5'), ep('10.244.2.7')], [['http', 8080]])];
    const text = restore([web({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } })], slices);
    const svc = natRules(text, 'KUBE-SVC-');
    expect(svc[1]).toMatch(/^-A KUBE-SVC-\w+ -m comment --comment "default\/web:http -> 10.244.1.5:8080" -m recent --name (KUBE-SEP-\w+) --rcheck --seconds 600 --reap -j \1$/);
    expect(svc[2]).toMatch(/-> 10.244.2.7:8080" -m recent --name (KUBE-SEP-\w+) --rcheck --seconds 600 --reap -j \1$/);
    expect(svc[3]).toMatch(/--probability 0.5000000000 -j KUBE-SEP-/);
    const dnat = natRules(text, 'KUBE-SEP-').filter((l) => l.includes('DNAT 10.244.1.5') || l.endsWith('10.244.1.5:8080'));
    expect(dnat).toHaveLength(1);
    expect(dnat[0]).toMatch(/^-A (KUBE-SEP-\w+) -m comment --comment default\/web:http -m recent --name \1 --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080$/);
  });

  it.each([
    ['ready endpoints only', [ep('10.244.1.5', { ready: false, serving: false }), ep('10.244.1.6')], ['10.244.1.6:8080']],
    ['terminating fallback when none ready', [ep('10.244.1.5', { ready: false, serving: true, terminating: true }), ep('10.244.1.6', { ready: false, serving: false })], ['10.244.1.5:8080']],
    ['ready ones win over terminating', [ep('10.244.1.5', { ready: false, serving: true, terminating: true }), ep('10.244.1.6')], ['10.244.1.6:8080']],
  ])('%s', (_name, endpoints, want) => {
    const text = restore([web()], [makeSlice('default', 'web', 'web-abc', endpoints, [['http', 8080]])]);
    expect(natRules(text, 'KUBE-SEP-').filter((l) => l.includes('DNAT')).map((l) => l.split(' ').at(-1))).toEqual(want);
  });

  it('internalTrafficPolicy Local uses a KUBE-SVL chain with local endpoints, DROP when there are none here', () => {
    const slices = [makeSlice('default', 'web', 'web-abc', [ep('10.244.1.5', { node: 'n1' }), ep('10.244.2.7', { node: 'n2' })], [['http', 8080]])];
    const onN1 = restore([web({ internalTrafficPolicy: 'Local' })], slices, 'n1');
    expect(natRules(onN1, 'KUBE-SERVICES')[0]).toMatch(/-j KUBE-SVL-/);
    expect(natRules(onN1, 'KUBE-SEP-').filter((l) => l.includes('DNAT')).map((l) => l.split(' ').at(-1))).toEqual(['10.244.1.5:8080']);
    const onN3 = restore([web({ internalTrafficPolicy: 'Local' })], slices, 'n3');
    expect(onN3).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http has no local endpoints" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j DROP');
    expect(onN3).not.toContain('KUBE-SEP-');
  });

  it('masqueradeAll drops the local-traffic detector', () => {
    const sm = new ServiceMap();
    const em = new EndpointsMap('n1');
    sm.update(web());
    em.update(makeSlice('default', 'web', 'w', [ep('10.244.1.5')], [['http', 8080]]));
    const text = renderRestore(buildIptablesRules(sm.list(), (s) => em.endpointsFor(s), { ...CFG, masqueradeAll: true }));
    expect(text).toMatch(/-A KUBE-SVC-\w+ -m comment --comment "default\/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-MARK-MASQ\n/);
  });

  it('large-cluster mode (over 1000 endpoints) leaves comments off the per-endpoint rules only', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ep(`10.244.${Math.floor(i / 250)}.${(i % 250) + 1}`));
    const text = restore([makeService('default', 'big', { clusterIP: '10.96.0.30', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] })], [makeSlice('default', 'big', 'b', many, [['http', 8080]])]);
    expect(text).toContain('-A KUBE-SERVICES -m comment --comment "default/big:http cluster IP" -m tcp -p tcp -d 10.96.0.30 --dport 80 -j KUBE-SVC-');
    expect(text).toMatch(/\n-A KUBE-SVC-\w+ -m statistic --mode random --probability 0.0009990010 -j KUBE-SEP-\w+\n/);
    expect(text).toMatch(/\n-A KUBE-SEP-\w+ -s 10.244.0.1 -j KUBE-MARK-MASQ\n-A KUBE-SEP-\w+ -m tcp -p tcp -j DNAT --to-destination 10.244.0.1:8080\n/);
  });
});
