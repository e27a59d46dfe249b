import { describe, expect, it } from 'vitest';
import { EndpointsMap } from './endpoints-map';
import { renderIptablesSave } from './iptables-save';
import { buildIpSets, buildIpvsIptablesRules, renderIpsetList } from './ipvs-rules';
import { ep, makeService, makeSlice } from './proxy-testkit';
import { ServiceMap } from './service-ports';

function build(node: string) {
  const sm = new ServiceMap();
  const em = new EndpointsMap(node);
  sm.update(makeService('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }));
  sm.update(makeService('default', 'web', { type: 'NodePort', clusterIP: '10.96.0.50', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] }));
  em.update(makeSlice('default', 'web', 'web-1', [ep('10.244.1.5', { node: 'worker-1' }), ep('10.244.2.7', { node: 'worker-2' })], [['http', 8080]]));
  const sets = buildIpSets(sm.list(), (s) => em.endpointsFor(s), '172.18.0.3');
  return { sets, rules: buildIpvsIptablesRules(sets, { clusterCIDR: '10.244.0.0/16', masqueradeAll: false, nodeIP: '172.18.0.3' }) };
}

describe('ipvs proxier iptables rules and ipsets', () => {
  it('ClusterIP and NodePort services on worker-1 (golden iptables-save)', () => {
    const { rules } = build('worker-1');
    expect(renderIptablesSave(rules)).toBe(`*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-IPVS-FILTER - [0:0]
:KUBE-IPVS-OUT-FILTER - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
:KUBE-SOURCE-RANGES-FIREWALL - [0:0]
-A INPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-FILTER
-A INPUT -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A INPUT -m comment --comment "kubernetes health check rules" -j KUBE-NODE-PORT
-A FORWARD -m comment --comment "kube-proxy firewall rules" -j KUBE-PROXY-FIREWALL
-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
-A OUTPUT -m comment --comment "kubernetes ipvs access filter" -j KUBE-IPVS-OUT-FILTER
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN
-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT --reject-with icmp-port-unreachable
-A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
-A KUBE-SOURCE-RANGES-FIREWALL -j DROP
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-LOAD-BALANCER - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-NODE-PORT - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SERVICES - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ
-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ
-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT
COMMIT
`);
  });

  it('set members: cluster IPs, node ports, this node endpoints for hairpin, addresses on kube-ipvs0', () => {
    const { sets } = build('worker-1');
    const members = Object.fromEntries([...sets.values()].filter((s) => s.entries.length).map((s) => [s.name, s.entries]));
    expect(members).toEqual({
      'KUBE-CLUSTER-IP': ['10.96.0.1,tcp:443', '10.96.0.50,tcp:80'],
      'KUBE-IPVS-IPS': ['10.96.0.1', '10.96.0.50'],
      'KUBE-LOOP-BACK': ['10.244.1.5,tcp:8080,10.244.1.5'],
      'KUBE-NODE-PORT-TCP': ['30080'],
    });
    expect(renderIpsetList([sets.get('KUBE-NODE-PORT-TCP')!])).toBe('Name: KUBE-NODE-PORT-TCP\nType: bitmap:port\nHeader: range 0-65535 comment\nMembers:\n30080\n');
  });
});
